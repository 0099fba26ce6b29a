/** The KG records the advisor was given, misclassification records marked as warnings. */
import type { EvidenceRecord } from '../../../shared/contract';

const KIND_LABEL: Record<EvidenceRecord['kind'], string> = {
  'action-reward': 'reward',
  misclassification: 'misclassification',
  'signature-confidence': 'signature',
};

/** Evidence records in the order the advisor saw them. */
export function EvidenceList({ evidence }: { evidence: EvidenceRecord[] }) {
  return (
    <section className="dsec" data-testid="evidence">
      <h4>
        KG evidence{' '}
        <span
          className="muted small"
          data-testid="evidence-unit"
          title="The graph records each decision on a flow: training passes revisit the same flows, so its counts are not distinct flows (the signature’s N is)"
        >
          · counts are episodes (training and analysts’ decisions), not flows
        </span>
      </h4>
      {evidence.length === 0 ? (
        <p className="muted" data-testid="evidence-empty">
          No records: the knowledge graph knew nothing about this class yet.
        </p>
      ) : (
        <ul className="evidence">
          {evidence.map((e, i) => (
            <li
              key={i}
              className={`ev ev-${e.kind}`}
              data-testid="evidence-record"
              data-kind={e.kind}
            >
              <span className="ev-kind">
                {e.kind === 'misclassification' ? '⚠ ' : ''}
                {KIND_LABEL[e.kind]}
              </span>
              <span className="ev-text">{e.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
