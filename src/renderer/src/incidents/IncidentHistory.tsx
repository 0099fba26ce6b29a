/** The executed (and rejected) response steps, oldest first, as written with their audit rows. */
import type { IncidentStepView } from '../../../shared/contract';
import { formatTime } from '../format';
import { actionText, DECISION_WORDS } from './incidentText';

/** The history section. */
export function IncidentHistory({
  history,
  stageNames,
}: {
  history: IncidentStepView[];
  stageNames: string[];
}) {
  return (
    <section className="dsec" data-testid="incident-history">
      <h4>History</h4>
      {history.length === 0 ? (
        <p className="muted">No steps yet.</p>
      ) : (
        <ol className="history">
          {history.map((s) => (
            <li
              key={`${s.step}-${s.auditId}`}
              data-testid="history-step"
              data-step={s.step}
              data-decision={s.decision}
              data-audit-id={s.auditId}
            >
              <div>
                <span className="mono muted">#{s.step}</span>{' '}
                <span className="mono muted">{formatTime(s.at)}</span> <b>{s.actor}</b>{' '}
                {DECISION_WORDS[s.decision]}:{' '}
                <span className="mono" data-testid="history-action">
                  {s.decision === 'reject' ? actionText(s.recommended) : actionText(s.action)}
                </span>
              </div>
              {s.decision === 'edit' && s.recommended && (
                <div className="muted">instead of {actionText(s.recommended)}</div>
              )}
              <div data-testid="history-feedback">
                <span className="muted">feedback:</span> {s.feedback}
              </div>
              {s.expected && (
                <div className="muted" data-testid="history-expected">
                  expected: {s.expected}
                </div>
              )}
              {s.note && <div className="note">“{s.note}”</div>}
              <div className="muted small">
                stages after:{' '}
                <span data-testid="history-stages">
                  {stageNames.filter((_, i) => s.stages[i]).join(', ') || 'none'}
                </span>{' '}
                · <span data-testid="history-audit">audit #{s.auditId}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
