/**
 * The alert queue filtered by what was clicked in the KG view (a signature, a predicted class or a
 * matrix cell's signatures): the total and the first rows, refreshed when decisions change the
 * dataset's alerts.
 */
import { on, useCoreQuery } from '../api/useCore';
import { ClassBadge } from '../components/ClassBadge';
import { StatusPill } from '../components/StatusPill';
import { flowText, formatInt, formatProb } from '../format';
import { filterKey, queryArgsOf, type KgFilter } from './filter';

/** Rows shown; the Alerts screen pages through the rest. */
const QUEUE_ROWS = 100;
const CHANGED_DEBOUNCE_MS = 400;

/** What the filter's label is of. */
const FILTER_PREFIX: Record<KgFilter['kind'], string> = {
  signature: 'signature ',
  class: 'predicted ',
  signatures: 'signatures of ',
};

/** Props of {@link KgQueue}. */
export interface KgQueueProps {
  datasetId: number;
  filter: KgFilter | null;
  /** The alert whose signature the graph centres on. */
  selectedId: number | null;
  onSelect(alertId: number, signatureId: number): void;
  onClear(): void;
}

/** The filtered queue; `kg-queue` carries `data-filter` and `data-total` for tests. */
export function KgQueue({ datasetId, filter, selectedId, onSelect, onClear }: KgQueueProps) {
  const { data: page, error } = useCoreQuery(
    'alerts.query',
    { datasetId, limit: QUEUE_ROWS, ...(filter ? queryArgsOf(filter) : {}) },
    {
      refetchOn: [on('alerts.changed', (e) => e.datasetId === datasetId)],
      debounceMs: CHANGED_DEBOUNCE_MS,
    },
  );
  return (
    <section
      className="kg-queue panel"
      data-testid="kg-queue"
      data-filter={filterKey(filter)}
      data-total={page?.total ?? ''}
    >
      <div className="kg-toolbar">
        <h3>Alert queue</h3>
        <span data-testid="kg-queue-filter">
          {filter ? (
            <>
              {FILTER_PREFIX[filter.kind]}
              <b>{filter.label}</b>
            </>
          ) : (
            <span className="muted">all alerts: click a signature or type node to filter</span>
          )}
        </span>
        {filter && (
          <button type="button" className="link" data-testid="kg-queue-clear" onClick={onClear}>
            clear
          </button>
        )}
        <span className="spacer" />
        <span className="muted" data-testid="kg-queue-total">
          {page ? `${formatInt(page.total)} alerts` : 'loading…'}
        </span>
      </div>
      {error && (
        <p className="error" data-testid="kg-queue-error">
          {error}
        </p>
      )}
      <ul className="kg-queue-rows">
        {page?.rows.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className={r.id === selectedId ? 'kg-queue-row selected' : 'kg-queue-row'}
              data-testid="kg-queue-row"
              data-alert-id={r.id}
              data-signature-id={r.signatureId}
              data-class={r.predictedClass}
              title="Centre the graph on this alert's signature"
              onClick={() => onSelect(r.id, r.signatureId)}
            >
              <span className="mono">#{r.id}</span>
              <ClassBadge name={r.predictedClass} />
              <span className="mono muted">sig #{r.signatureId}</span>
              <span className="mono">{formatProb(r.confidence.mean)}</span>
              <span className="ellipsis">{flowText(r.src, r.dst, r.dstPort)}</span>
              <StatusPill status={r.status} />
            </button>
          </li>
        ))}
      </ul>
      {page && page.total > page.rows.length && (
        <p className="muted small">
          First {formatInt(page.rows.length)} of {formatInt(page.total)}.
        </p>
      )}
    </section>
  );
}
