/** A Beta confidence: the mean as a number and the 95% interval as a small bar. */
import type { BetaSummary } from '../../../shared/contract';
import { formatProb } from '../format';

/** Mean plus interval bar; the tooltip spells out the interval. */
export function ConfidenceCell({ c }: { c: BetaSummary }) {
  const pct = (v: number): string => `${(Math.min(1, Math.max(0, v)) * 100).toFixed(2)}%`;
  return (
    <span
      className="conf"
      data-testid="confidence"
      data-mean={c.mean}
      title={`Beta mean ${formatProb(c.mean)} · 95% interval ${formatProb(c.lo)}–${formatProb(c.hi)}`}
    >
      <span className="conf-mean">{formatProb(c.mean)}</span>
      <span className="conf-track" data-testid="confidence-interval" data-lo={c.lo} data-hi={c.hi}>
        <span className="conf-range" style={{ left: pct(c.lo), width: pct(c.hi - c.lo) }} />
        <span className="conf-tick" style={{ left: pct(c.mean) }} />
      </span>
    </span>
  );
}
