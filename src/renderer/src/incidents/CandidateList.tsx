/** Candidate next actions with their simulated outcomes (steps to recover and the spread). */
import type { IncidentDetail } from '../../../shared/contract';
import { actionKey, actionText } from './incidentText';

/** Steps as text: -1 from the core means the candidate never recovers. */
function stepsText(n: number): string {
  return n < 0 ? 'never' : n.toFixed(1);
}

/** The candidates section; the recommended one is marked. */
export function CandidateList({
  candidates,
  recommendedKey,
}: {
  candidates: IncidentDetail['candidates'];
  recommendedKey: string;
}) {
  if (candidates.length === 0) return null;
  return (
    <section className="dsec" data-testid="incident-candidates">
      <h4>Candidate actions (simulated)</h4>
      <table className="inc-table">
        <thead>
          <tr>
            <th>Action</th>
            <th className="num" title="Predicted steps until recovered">
              Steps
            </th>
            <th className="num" title="Spread of the predicted steps over the simulations">
              ±
            </th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => {
            const key = actionKey(c.action);
            return (
              <tr
                key={key}
                data-testid="candidate"
                data-action={key}
                className={key === recommendedKey ? 'recommended' : undefined}
              >
                <td>
                  {key === recommendedKey && <span title="Recommended">★ </span>}
                  {actionText(c.action)}
                </td>
                <td className="num mono" data-testid="candidate-steps">
                  {stepsText(c.predictedSteps)}
                </td>
                <td className="num mono">{c.spread < 0 ? '–' : c.spread.toFixed(1)}</td>
                <td className="num mono">{c.action.cost}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
