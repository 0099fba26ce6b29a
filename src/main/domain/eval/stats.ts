/** Statistics over seeds: Student t intervals of a mean and the paired t-test. */
import jStat from 'jstat';

// jstat's Student t functions; its module declaration (domain/detector/jstat.d.ts) types only
// the Beta quantile, and an ambient module's local interface cannot be extended from here.
const studentt = (
  jStat as unknown as {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
  }
).studentt;

/** A mean with its two-sided t interval (lo = hi = mean when there is one value). */
export interface MeanInterval {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator; 0 for one value). */
  sd: number;
  n: number;
  interval: [number, number];
}

/** Quantile of Student's t with `dof` degrees of freedom, e.g. tQuantile(0.975, 2) = 4.303. */
export function tQuantile(p: number, dof: number): number {
  if (!(dof > 0)) throw new Error(`t quantile needs positive degrees of freedom, got ${dof}`);
  return studentt.inv(p, dof);
}

/** Mean and `level` (default 95%) t interval of a sample: mean ± t(1 − α/2, n − 1) · sd / √n. */
export function meanInterval(xs: readonly number[], level = 0.95): MeanInterval {
  const n = xs.length;
  if (n === 0) throw new Error('meanInterval of no values');
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0, n, interval: [mean, mean] };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, n, interval: [mean - half, mean + half] };
}

/** Paired comparison of two methods over the same seeds: a − b per seed. */
export interface PairedTest {
  /** Which test: always the two-sided paired t-test over seeds. */
  test: 'paired t-test (two-sided)';
  n: number;
  meanDiff: number;
  /** 95% t interval of the mean difference. */
  ci95: [number, number];
  /** t statistic (±Infinity when every difference is the same non-zero value). */
  t: number;
  /** Two-sided p-value; 1 when every difference is 0, 0 when all are the same non-zero value. */
  p: number;
}

/** The two-sided paired t-test of a − b (same length, at least two pairs). */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTest {
  if (a.length !== b.length) throw new Error(`paired test of ${a.length} and ${b.length} values`);
  if (a.length < 2) throw new Error('a paired t-test needs at least two pairs');
  const d = a.map((x, i) => x - (b[i] ?? 0));
  const m = meanInterval(d);
  const n = d.length;
  let t: number;
  let p: number;
  if (m.sd === 0) {
    // No spread: the difference is exactly known over these seeds.
    t = m.mean === 0 ? 0 : m.mean > 0 ? Infinity : -Infinity;
    p = m.mean === 0 ? 1 : 0;
  } else {
    t = m.mean / (m.sd / Math.sqrt(n));
    p = 2 * (1 - studentt.cdf(Math.abs(t), n - 1));
  }
  return { test: 'paired t-test (two-sided)', n, meanDiff: m.mean, ci95: m.interval, t, p };
}
