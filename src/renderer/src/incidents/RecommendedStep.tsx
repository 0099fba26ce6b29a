/**
 * The recommended next step as the planner explains it (the action, its cost, why, and what it
 * predicts the step will show), why the agent abstains, or that nothing is left to do.
 */
import type { IncidentDetail } from '../../../shared/contract';
import { actionKey, actionText } from './incidentText';

/** The recommendation, the abstention or the finished line. */
export function RecommendedStep({ detail }: { detail: IncidentDetail }) {
  const rec = detail.recommended;
  const state = detail.summary.state;
  if (rec)
    return (
      <div data-testid="incident-recommended" data-action={actionKey(rec.action)}>
        <div className="recline">
          <span className="label muted">Recommended</span>{' '}
          <b className="rec-name">{actionText(rec.action)}</b>{' '}
          <span className="mono muted" title="Cost">
            cost {rec.action.cost}
          </span>
        </div>
        <div className="small" data-testid="incident-why">
          why: {rec.why}
        </div>
        <div className="muted" data-testid="incident-expected">
          expects: {rec.expected}
        </div>
        {rec.prediction.answers.length > 0 && (
          <ul className="inc-predicted small" data-testid="incident-predicted-answers">
            {rec.prediction.answers.map((a) => (
              <li key={a.question} data-question={a.question}>
                {a.text} <b>{a.expected ? 'yes' : 'no'}</b>{' '}
                <span className="muted">under {a.under}</span>
              </li>
            ))}
          </ul>
        )}
        <div className="muted small">planner: {detail.agent}</div>
      </div>
    );
  if (detail.abstainReason)
    return (
      <p className="warn" data-testid="incident-abstain">
        The agent asks you: {detail.abstainReason}
      </p>
    );
  const finished = state === 'recovered' || state === 'closed';
  return (
    <p className="ok" data-testid="incident-finished">
      {finished ? `Incident ${state}: nothing left to do.` : 'No proposal.'}
    </p>
  );
}
