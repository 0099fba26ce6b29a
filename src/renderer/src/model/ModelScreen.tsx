/** Model settings: advisor in use, LLM state, GGUF load / download, the KG, auto-approve, audit. */
import type { AdvisorStatus, KgSummary } from '../../../shared/contract';
import { useCoreQuery } from '../api/useCore';
import { AuditPanel } from '../audit/AuditPanel';
import { AutomationPanel } from '../automation/AutomationPanel';
import { AdvisorBadge } from '../components/AdvisorBadge';
import { formatInt, formatMs, formatTime } from '../format';
import { advisorText } from './advisorText';
import { DownloadPanel } from './DownloadPanel';
import { ModelPanel } from './ModelPanel';

/** Props of {@link ModelScreen}. */
export interface ModelScreenProps {
  status: AdvisorStatus | null;
  statusError: string | null;
  onStatus(status: AdvisorStatus): void;
  /** The shown dataset's detector, for the KG summary (undefined: the latest). */
  detectorId: number | undefined;
}

/** The screen; everything updates live from advisor.changed. */
export function ModelScreen({ status, statusError, onStatus, detectorId }: ModelScreenProps) {
  return (
    <section className="screen model" data-testid="model-screen">
      <div className="toolbar">
        <h2>Model</h2>
      </div>
      {statusError && (
        <p className="panel error" data-testid="advisor-status-error">
          {statusError}
        </p>
      )}
      {!status && !statusError && <p className="muted">loading…</p>}
      {status && (
        <div className="model-grid">
          <ActivePanel status={status} />
          <ModelPanel status={status} onStatus={onStatus} />
          <DownloadPanel status={status} />
          <KgPanel detectorId={detectorId} />
          <AutomationPanel />
          <AuditPanel />
        </div>
      )}
    </section>
  );
}

function ActivePanel({ status }: { status: AdvisorStatus }) {
  return (
    <div className="panel" data-testid="advisor-panel">
      <h3>Advisor in use</h3>
      <p className="advisor-active" data-testid="advisor-active" data-active={status.active}>
        <AdvisorBadge advisor={status.active} /> {advisorText(status)}
      </p>
      <p className="muted">
        {status.active === 'llm'
          ? 'The local LLM reads each alert’s KG evidence and suggests an action; the policy weighs that advice.'
          : 'Without a loaded model, advice comes from the knowledge graph: the action with the best historical reward for the alert’s class. Load a GGUF model below to have the LLM advise instead.'}
      </p>
      <dl className="kv">
        <dt>Recent LLM latency</dt>
        <dd data-testid="advisor-latency">
          {status.latencyMs === null ? '– (no LLM calls yet)' : formatMs(status.latencyMs)}
        </dd>
      </dl>
    </div>
  );
}

function KgPanel({ detectorId }: { detectorId: number | undefined }) {
  // Decisions change the graph; a bulk decision sends many events.
  const { data: summary, error } = useCoreQuery(
    'kg.summary',
    detectorId === undefined ? {} : { detectorId },
    { refetchOn: ['alerts.changed'], debounceMs: 500 },
  );
  return (
    <div className="panel" data-testid="kg-panel">
      <h3>Knowledge graph and policy</h3>
      {error && <p className="error">{error}</p>}
      {!summary && !error && <p className="muted">loading…</p>}
      {summary && <KgBody s={summary} />}
    </div>
  );
}

function KgBody({ s }: { s: KgSummary }) {
  if (s.version === null) {
    return <p className="muted">No knowledge graph yet: load a labelled dataset first.</p>;
  }
  return (
    <dl className="kv" data-testid="kg-summary">
      <dt>Detector</dt>
      <dd>#{s.detectorId}</dd>
      <dt>KG version</dt>
      <dd data-testid="kg-version">v{s.version}</dd>
      <dt>Nodes / edges</dt>
      <dd>
        {formatInt(s.nodes)} / {formatInt(s.edges)}
      </dd>
      <dt>Snapshots</dt>
      <dd>{formatInt(s.snapshots)}</dd>
      <dt>Policy</dt>
      <dd data-testid="kg-policy">
        {s.policy
          ? `#${s.policy.id} ${s.policy.method} · ${formatInt(s.policy.episodes)} episodes · ${s.policy.backend} · ${formatTime(s.policy.createdAt)}`
          : 'none trained yet'}
      </dd>
    </dl>
  );
}
