/**
 * The header: app name, screen tabs, who this console records changes as, the current dataset
 * picker and connection / ready state.
 */
import type { AdvisorStatus, DatasetSummary } from '../../../shared/contract';
import type { ConnectionStatus } from '../api/types';
import { formatInt } from '../format';
import { advisorText } from '../model/advisorText';
import { AdvisorBadge } from './AdvisorBadge';

/** The app's screens. */
export type Screen =
  'data' | 'alerts' | 'graph' | 'incidents' | 'report' | 'training' | 'model' | 'audit';

/** Props of {@link Header}. */
export interface HeaderProps {
  screen: Screen;
  onNavigate(screen: Screen): void;
  datasets: DatasetSummary[] | null;
  datasetId: number | null;
  onPickDataset(id: number): void;
  connection: ConnectionStatus;
  transport: 'electron' | 'http';
  /** The advisor in use (null until known); a click opens the Model screen. */
  advisor: AdvisorStatus | null;
  /** Who this console's requests are recorded as (app.info's analyst); null until known. */
  analyst: string | null;
}

const TABS: { id: Screen; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'graph', label: 'Graph' },
  { id: 'incidents', label: 'Incidents' },
  { id: 'report', label: 'Detector report' },
  { id: 'training', label: 'Training' },
  { id: 'model', label: 'Model' },
  { id: 'audit', label: 'Audit' },
];

/** Top bar; `app-ready` appears once the first dataset list arrived. */
export function Header({
  screen,
  onNavigate,
  datasets,
  datasetId,
  onPickDataset,
  connection,
  transport,
  advisor,
  analyst,
}: HeaderProps) {
  return (
    <header className="header">
      <span className="brand">
        <span className="logo">◆</span> Rampart
      </span>
      <nav className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            className={screen === t.id ? 'tab active' : 'tab'}
            data-testid={`nav-${t.id}`}
            onClick={() => onNavigate(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <span className="spacer" />
      {analyst !== null && (
        <button
          type="button"
          className="analyst-chip"
          data-testid="analyst-name"
          title={`Decisions and changes are recorded as ${analyst}: open the Audit screen`}
          onClick={() => onNavigate('audit')}
        >
          {analyst}
        </button>
      )}
      {advisor && (
        <button
          type="button"
          className="advisor-chip"
          data-testid="header-advisor"
          data-active={advisor.active}
          title={`${advisorText(advisor)}: open the Model screen`}
          onClick={() => onNavigate('model')}
        >
          Advisor <AdvisorBadge advisor={advisor.active} />
          {advisor.download.state === 'downloading' && <span className="muted"> ↓</span>}
        </button>
      )}
      <label className="picker">
        Dataset{' '}
        <select
          data-testid="dataset-picker"
          value={datasetId ?? ''}
          disabled={!datasets || datasets.length === 0}
          onChange={(e) => onPickDataset(Number(e.target.value))}
        >
          {(!datasets || datasets.length === 0) && <option value="">none</option>}
          {datasets?.map((d) => (
            <option key={d.id} value={d.id}>
              #{d.id} {d.name} · {formatInt(d.alerts)} alerts
              {d.status === 'ready' ? '' : ` · ${d.status}`}
            </option>
          ))}
        </select>
      </label>
      <span
        className={`conn conn-${connection}`}
        title={transport === 'electron' ? 'Electron IPC' : `event stream: ${connection}`}
        data-testid="connection"
      >
        ● {connection === 'open' ? 'live' : connection}
      </span>
      {datasets !== null && <span data-testid="app-ready" className="ready" aria-hidden="true" />}
    </header>
  );
}
