/**
 * The Graph screen: the dataset's knowledge graph with the alert queue it filters. Clicking a
 * node filters the queue; clicking an alert in the queue centres the graph on its signature; a
 * misclassification matrix cell opens the Alerts screen on its signatures' alerts.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import type { KgFilter } from './filter';
import { KgQueue } from './KgQueue';
import { KgView } from './KgView';

/** Props of {@link KgScreen}. */
export interface KgScreenProps {
  dataset: DatasetSummary;
  /** Also told about every filter picked (e.g. to carry it to the Alerts screen). */
  onFilter?(filter: KgFilter): void;
  /** "Open in Alerts": show the full queue with the current filter (null: unfiltered). */
  onOpenInAlerts?(filter: KgFilter | null): void;
}

/** Graph on top, the filtered queue below. */
export function KgScreen({ dataset, onFilter, onOpenInAlerts }: KgScreenProps) {
  const [filter, setFilter] = useState<KgFilter | null>(null);
  const [selected, setSelected] = useState<{ alertId: number; signatureId: number } | null>(null);

  const pick = useCallback(
    (f: KgFilter) => {
      setFilter(f);
      onFilter?.(f);
    },
    [onFilter],
  );

  return (
    <section className="screen kg-screen" data-testid="kg-screen">
      <KgView
        datasetId={dataset.id}
        detectorId={dataset.detectorId}
        signatureId={selected?.signatureId ?? null}
        onFilter={pick}
        onOpenAlerts={onOpenInAlerts}
      />
      {onOpenInAlerts && (
        <div className="toolbar kg-open-alerts">
          <span className="spacer" />
          <button
            type="button"
            data-testid="kg-open-in-alerts"
            title="Open the Alerts screen with this filter: every alert, sortable, with the detail"
            onClick={() => onOpenInAlerts(filter)}
          >
            Open in Alerts →
          </button>
        </div>
      )}
      <KgQueue
        datasetId={dataset.id}
        filter={filter}
        selectedId={selected?.alertId ?? null}
        onSelect={(alertId, signatureId) => setSelected({ alertId, signatureId })}
        onClear={() => {
          setFilter(null);
          setSelected(null);
        }}
      />
    </section>
  );
}
