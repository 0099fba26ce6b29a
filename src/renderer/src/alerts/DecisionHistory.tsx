/** Who decided what on the alert, oldest first, as written to the audit log. */
import type { DecisionEntry } from '../../../shared/contract';
import { actionLabel, type Catalogue } from '../catalogue';
import { formatTime } from '../format';

const VERB: Record<DecisionEntry['kind'], string> = {
  approve: 'approved',
  override: 'overrode',
  auto: 'auto-decided',
};

/** The decision entries; an override names the recommendation it replaced. */
export function DecisionHistory({
  decisions,
  catalogue,
  predictedClass,
}: {
  decisions: DecisionEntry[];
  catalogue: Catalogue;
  predictedClass: string;
}) {
  return (
    <section className="dsec" data-testid="decision-history">
      <h4>Decisions</h4>
      {decisions.length === 0 ? (
        <p className="muted">No decisions yet.</p>
      ) : (
        <ol className="history">
          {decisions.map((d) => (
            <li
              key={d.id}
              data-testid="decision-entry"
              data-kind={d.kind}
              data-action-id={catalogue.actions[d.action]?.id ?? ''}
            >
              <div>
                <span className="mono muted">{formatTime(d.at)}</span> <b>{d.actor}</b>{' '}
                {VERB[d.kind]}: <span className="mono">{actionLabel(catalogue, d.action)}</span>
              </div>
              {d.kind === 'override' && d.recommended !== null && (
                <div className="muted">
                  instead of <span className="mono">{actionLabel(catalogue, d.recommended)}</span>
                </div>
              )}
              {d.trueClass !== null && (
                <div className="muted" data-testid="decision-disposition">
                  disposition: {dispositionText(d.trueClass, predictedClass)}
                </div>
              )}
              {d.note && <div className="note">“{d.note}”</div>}
              <div className="muted small">audit #{d.auditId}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The analyst's disposition in words. */
export function dispositionText(trueClass: string, predictedClass: string): string {
  if (trueClass === predictedClass) return `true positive (${trueClass})`;
  if (trueClass === 'Benign') return 'false positive (Benign)';
  return `misclassified: actually ${trueClass}`;
}
