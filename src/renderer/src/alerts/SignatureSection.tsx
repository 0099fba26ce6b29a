/** The alert's signature: its decision path in readable form and its Beta posterior. */
import type { Condition, SignatureDetail } from '../../../shared/contract';
import { formatInt, formatProb } from '../format';
import { ConfidenceCell } from './ConfidenceCell';

const thresholdFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A split threshold without float noise: 1234567.5 → "1,234,567.5", 0.000123 → "0.000123". */
function formatThreshold(x: number): string {
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toPrecision(3);
  return thresholdFmt.format(Number(x.toPrecision(6)));
}

function ConditionText({ c }: { c: Condition }) {
  return (
    <>
      <span className="feature">{c.feature}</span> <b>{c.op === '<=' ? '≤' : '>'}</b>{' '}
      {formatThreshold(c.threshold)}
    </>
  );
}

/** Conditions (all must hold), then N / C / B with the 95% interval. */
export function SignatureSection({ sig }: { sig: SignatureDetail }) {
  return (
    <section className="dsec" data-testid="signature-section">
      <h4>
        Signature #{sig.id} <span className="muted">· all conditions hold</span>
      </h4>
      <ol className="conditions mono" data-testid="signature-conditions">
        {sig.conditions.map((c, i) => (
          <li key={i}>
            <ConditionText c={c} />
          </li>
        ))}
        {sig.conditions.length === 0 && <li className="muted">(root: no conditions)</li>}
      </ol>
      <dl className="kv kv-3">
        <dt title="labelled flows this signature matched that were not used to grow the tree: calibration flows, labelled loads and analysts’ labels, each flow once">
          N
        </dt>
        <dd data-testid="signature-n">{formatInt(sig.n)}</dd>
        <dt title="of those N labelled flows, the ones whose true class was the predicted one">
          C
        </dt>
        <dd data-testid="signature-c">{formatInt(sig.c)}</dd>
        <dt title={`Beta(α + C, β + N − C) mean, prior α = ${sig.alpha}, β = ${sig.beta}`}>
          Beta mean
        </dt>
        <dd>
          <span data-testid="signature-b">{formatProb(sig.confidence.mean)}</span>{' '}
          <span className="muted" data-testid="signature-interval">
            (95%: {formatProb(sig.confidence.lo)} – {formatProb(sig.confidence.hi)})
          </span>
        </dd>
      </dl>
      <ConfidenceCell c={sig.confidence} />
    </section>
  );
}
