/**
 * The Model screen's Audit section: who this console records decisions as, and whether the audit
 * log's hash chain is intact (`audit.verify`), re-checked as audited changes happen.
 */
import { useCoreQuery } from '../api/useCore';
import { chainText } from './chainText';

/** The section. */
export function AuditPanel() {
  const info = useCoreQuery('app.info', {}).data ?? null;
  const chain = useCoreQuery(
    'audit.verify',
    {},
    {
      refetchOn: ['alerts.changed', 'advisor.changed', 'incidents.changed', 'datasets.changed'],
      debounceMs: 1000,
    },
  );
  const state = chain.data;
  return (
    <div className="panel audit" data-testid="audit-panel">
      <h3>Audit</h3>
      {info && (
        <p data-testid="audit-analyst">
          Decisions and changes are recorded as <b>{info.analyst}</b>.
        </p>
      )}
      {chain.error && (
        <p className="error" role="alert" data-testid="audit-error">
          Could not check the audit log: {chain.error}
        </p>
      )}
      {!state && !chain.error && <p className="muted">checking the audit log…</p>}
      {state && (
        <>
          <p
            className={state.intact ? undefined : 'error'}
            data-testid="audit-chain"
            data-intact={String(state.intact)}
          >
            {chainText(state)}
          </p>
          {state.problem && <p className="muted">{state.problem.detail}</p>}
          {state.head && (
            <p className="muted">
              Head: row {state.head.id},{' '}
              <span className="mono" data-testid="audit-head" title={state.head.hash}>
                {state.head.hash.slice(0, 16)}…
              </span>{' '}
              — keep it elsewhere to check later with <code>rampart audit verify --pin</code>.
            </p>
          )}
          <button type="button" onClick={chain.refetch} disabled={chain.loading}>
            Check again
          </button>
        </>
      )}
    </div>
  );
}
