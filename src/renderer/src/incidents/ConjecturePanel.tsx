/** What the agent believes is going on: the attack variant, its confidence, tactics and evidence. */
import type { IncidentDetail } from '../../../shared/contract';
import { formatShare } from '../format';

/** The conjecture section; nothing to show without a twin scenario. */
export function ConjecturePanel({ conjecture }: { conjecture: IncidentDetail['conjecture'] }) {
  if (!conjecture) return null;
  return (
    <section className="dsec" data-testid="conjecture" data-variant={conjecture.variant}>
      <h4>Conjecture</h4>
      <div className="recline">
        <b data-testid="conjecture-title">{conjecture.variantTitle}</b>
        <span className="mono" data-testid="conjecture-confidence" title="The agent's confidence">
          {formatShare(conjecture.confidence)}
        </span>
      </div>
      {conjecture.tactics.length > 0 && (
        <div className="inc-tags" data-testid="conjecture-tactics">
          {conjecture.tactics.map((t) => (
            <span key={t} className="badge">
              {t}
            </span>
          ))}
        </div>
      )}
      <div className="inc-evidence">
        <div>
          <span className="muted small">Evidence for</span>
          <ul data-testid="evidence-for">
            {conjecture.evidenceFor.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
            {conjecture.evidenceFor.length === 0 && <li className="muted">none</li>}
          </ul>
        </div>
        <div>
          <span className="muted small">Evidence against</span>
          <ul data-testid="evidence-against">
            {conjecture.evidenceAgainst.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
            {conjecture.evidenceAgainst.length === 0 && <li className="muted">none</li>}
          </ul>
        </div>
      </div>
    </section>
  );
}
