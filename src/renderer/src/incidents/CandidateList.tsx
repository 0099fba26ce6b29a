/**
 * Candidate next steps on the incident's own entities, cheapest expected cost to recovery first:
 * what each costs, why the planner considers it (the hypotheses it serves, the questions it asks)
 * and what it predicts the step will show.
 */
import type { IncidentDetail } from '../../../shared/contract';
import { actionKey, actionText } from './incidentText';

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
      <h4>Candidate steps</h4>
      <table className="inc-table inc-candidates">
        <thead>
          <tr>
            <th>Action</th>
            <th className="num" title="Expected cost until recovered, over the kept hypotheses">
              Expected
            </th>
            <th className="num" title="Cost of the step itself">
              Cost
            </th>
          </tr>
        </thead>
        {candidates.map((c) => {
          const key = actionKey(c.action);
          return (
            <tbody
              key={key}
              data-testid="candidate"
              data-action={key}
              data-asks={c.asks.join(' ')}
              className={key === recommendedKey ? 'recommended' : undefined}
            >
              <tr>
                <td>
                  {key === recommendedKey && <span title="Recommended">★ </span>}
                  {actionText(c.action)}
                </td>
                <td className="num mono" data-testid="candidate-expected-cost">
                  {c.expectedCost.toFixed(1)}
                </td>
                <td className="num mono">{c.action.cost}</td>
              </tr>
              <tr className="inc-cand-more">
                <td colSpan={3}>
                  <div data-testid="candidate-why">{c.why}</div>
                  <div className="muted" data-testid="candidate-prediction">
                    predicts: {c.prediction.text}
                  </div>
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
    </section>
  );
}
