/**
 * The conjecture: the leading hypothesis of the incident's main facet, its score against the
 * others of the facet, its ATT&CK techniques and the evidence for and against it.
 */
import type { IncidentDetail } from '../../../shared/contract';
import { formatShare } from '../format';
import { techniqueText } from './incidentText';

/** The conjecture section; nothing to show without a hypothesis (a false positive). */
export function ConjecturePanel({ conjecture }: { conjecture: IncidentDetail['conjecture'] }) {
  if (!conjecture) return null;
  const others = Object.entries(conjecture.scores).filter(([id]) => id !== conjecture.variant);
  return (
    <section className="dsec" data-testid="conjecture" data-variant={conjecture.variant}>
      <h4>Conjecture (leading hypothesis)</h4>
      <div className="recline">
        <b data-testid="conjecture-title">{conjecture.variantTitle}</b>{' '}
        <span className="mono muted">{conjecture.variant}</span>{' '}
        <span className="mono" data-testid="conjecture-confidence" title="Its score">
          {formatShare(conjecture.confidence)}
        </span>
      </div>
      {others.length > 0 && (
        <div className="muted small" data-testid="conjecture-others">
          against {others.map(([id, score]) => `${id} ${formatShare(score)}`).join(', ')}
        </div>
      )}
      {conjecture.tactics.length > 0 && (
        <div className="inc-tags" data-testid="conjecture-tactics">
          {conjecture.tactics.map((t) => (
            <span key={t} className="badge" data-technique={t} title={t}>
              {techniqueText(t)}
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
