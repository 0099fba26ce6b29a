/** The console: header plus the data, alerts, report and model screens over one client. */
import { useCallback, useMemo, useState } from 'react';
import type { DatasetSummary, LoadFinished } from '../../shared/contract';
import { useClient } from './api/context';
import { useCoreQuery } from './api/useCore';
import { AlertsScreen } from './alerts/AlertsScreen';
import type { QueueFilter } from './alerts/query';
import { AuditScreen } from './audit/AuditScreen';
import { catalogueOf } from './catalogue';
import { Header, type Screen } from './components/Header';
import { DataScreen } from './data/DataScreen';
import { useAdvisorStatus } from './hooks/useAdvisorStatus';
import { useConnectionStatus } from './hooks/useConnection';
import { useDatasets } from './hooks/useDatasets';
import { useJobTracker } from './hooks/useJobTracker';
import { IncidentsScreen } from './incidents/IncidentsScreen';
import { filterArgs, type KgFilter } from './kg/filter';
import { KgScreen } from './kg/KgScreen';
import { ModelScreen } from './model/ModelScreen';
import { ReportScreen } from './report/ReportScreen';
import { TrainingScreen } from './training/TrainingScreen';

/** The chosen dataset if it still exists, else the newest ready one, else the newest. */
function pickDataset(list: DatasetSummary[] | null, chosen: number | null): DatasetSummary | null {
  if (!list || list.length === 0) return null;
  const byId = list.find((d) => d.id === chosen);
  if (byId) return byId;
  const newest = (ds: DatasetSummary[]): DatasetSummary | null =>
    ds.reduce<DatasetSummary | null>((a, d) => (a === null || d.id > a.id ? d : a), null);
  return newest(list.filter((d) => d.status === 'ready')) ?? newest(list);
}

/** Root component. */
export function App() {
  const client = useClient();
  const info = useCoreQuery('app.info', {}).data ?? null;
  const { datasets, error, refresh } = useDatasets();
  const connection = useConnectionStatus(client);
  const advisor = useAdvisorStatus();
  // One object per app.info answer, so memoised rows do not re-render for a new but equal one.
  const catalogue = useMemo(() => catalogueOf(info), [info]);
  const [chosen, setChosen] = useState<Screen | null>(null);
  const [chosenId, setChosenId] = useState<number | null>(null);
  // A dataset the analyst picked in the header: the Alerts queue narrows to that source (a new
  // object per pick, so picking the same one again re-applies it).
  const [pickedSource, setPickedSource] = useState<{ id: number } | null>(null);
  const onPickDataset = useCallback((id: number) => {
    setChosenId(id);
    setPickedSource({ id });
  }, []);
  // A queue filter carried from the Graph screen to the Alerts screen, for the dataset it came from.
  const [carried, setCarried] = useState<{ datasetId: number; filter: QueueFilter } | null>(null);
  const openInAlerts = useCallback((datasetId: number, f: KgFilter | null) => {
    setCarried({ datasetId, filter: f ? filterArgs(f) : {} });
    setChosen('alerts');
  }, []);

  const onFinished = useCallback(
    (f: LoadFinished) => {
      if (f.ok && f.datasetId !== null) setChosenId(f.datasetId);
      refresh();
    },
    [refresh],
  );
  const { job, start } = useJobTracker(onFinished);
  const dataset = pickDataset(datasets, chosenId);
  // Until the user picks a screen: alerts when there is something to show, else the data screen.
  const screen: Screen = chosen ?? (dataset ? 'alerts' : 'data');
  const classes = info?.classes ?? [];

  return (
    <div className="app">
      <Header
        screen={screen}
        onNavigate={(s) => {
          // A tab opens its screen afresh: a filter carried from the graph is not applied again.
          setCarried(null);
          setChosen(s);
        }}
        datasets={datasets}
        datasetId={dataset?.id ?? null}
        onPickDataset={onPickDataset}
        connection={connection}
        transport={client.kind}
        advisor={advisor.status}
        analyst={info?.analyst ?? null}
      />
      {error && (
        <p className="banner error" data-testid="app-error">
          {error}
        </p>
      )}
      <main className="main">
        {screen === 'data' && (
          <DataScreen
            job={job}
            startJob={start}
            datasets={datasets ?? []}
            onViewAlerts={() => setChosen('alerts')}
          />
        )}
        {screen === 'alerts' &&
          (dataset ? (
            <AlertsScreen
              datasets={datasets ?? []}
              classes={classes}
              catalogue={catalogue}
              onOpenReport={() => setChosen('report')}
              initialFilter={
                carried ? { ...carried.filter, datasetId: carried.datasetId } : undefined
              }
              source={pickedSource}
            />
          ) : (
            <NoDataset onGo={() => setChosen('data')} />
          ))}
        {screen === 'graph' &&
          (dataset ? (
            <KgScreen
              key={dataset.id}
              dataset={dataset}
              onOpenInAlerts={(f) => openInAlerts(dataset.id, f)}
            />
          ) : (
            <NoDataset onGo={() => setChosen('data')} />
          ))}
        {screen === 'incidents' &&
          (dataset ? (
            <IncidentsScreen key={dataset.id} dataset={dataset} />
          ) : (
            <NoDataset onGo={() => setChosen('data')} />
          ))}
        {screen === 'report' && (
          <ReportScreen dataset={dataset} onBack={() => setChosen('alerts')} />
        )}
        {screen === 'training' && <TrainingScreen dataset={dataset} classes={classes} />}
        {screen === 'model' && (
          <ModelScreen
            status={advisor.status}
            statusError={advisor.error}
            onStatus={advisor.set}
            detectorId={dataset?.detectorId ?? undefined}
          />
        )}
        {screen === 'audit' && <AuditScreen />}
      </main>
    </div>
  );
}

function NoDataset({ onGo }: { onGo(): void }) {
  return (
    <section className="screen empty-state" data-testid="no-dataset">
      <p>No dataset loaded yet.</p>
      <button type="button" className="primary" onClick={onGo}>
        Load data
      </button>
    </section>
  );
}
