import { describe, expect, it } from 'vitest';
import { meanInterval, pairedTTest, tQuantile } from '../../src/main/domain/eval/stats';

describe('t quantiles (textbook table values)', () => {
  it('matches the two-sided 95% critical values', () => {
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
  });
});

describe('meanInterval', () => {
  it('is mean ± t(0.975, n−1)·sd/√n', () => {
    // [2, 4, 6]: mean 4, sd 2, half-width 4.3027 · 2 / √3 = 4.9683.
    const m = meanInterval([2, 4, 6]);
    expect(m.mean).toBe(4);
    expect(m.sd).toBeCloseTo(2, 12);
    expect(m.interval[0]).toBeCloseTo(4 - 4.9683, 3);
    expect(m.interval[1]).toBeCloseTo(4 + 4.9683, 3);
  });
  it('collapses to the value for one seed and refuses none', () => {
    expect(meanInterval([1.5]).interval).toEqual([1.5, 1.5]);
    expect(() => meanInterval([])).toThrow();
  });
});

describe('pairedTTest', () => {
  // Student's sleep data (Cushny & Peebles), R: t.test(extra ~ group, data = sleep, paired = TRUE)
  // gives t = −4.0621, df = 9, p = 0.002833, 95% CI [−2.4599, −0.7001], mean difference −1.58.
  const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  it("reproduces R's result on the sleep data", () => {
    const r = pairedTTest(g1, g2);
    expect(r.n).toBe(10);
    expect(r.meanDiff).toBeCloseTo(-1.58, 10);
    expect(r.t).toBeCloseTo(-4.0621, 3);
    expect(r.p).toBeCloseTo(0.002833, 5);
    expect(r.ci95[0]).toBeCloseTo(-2.4599, 3);
    expect(r.ci95[1]).toBeCloseTo(-0.7001, 3);
  });
  it('is symmetric in sign and handles differences without spread', () => {
    expect(pairedTTest(g2, g1).p).toBeCloseTo(pairedTTest(g1, g2).p, 12);
    expect(pairedTTest([1, 2, 3], [1, 2, 3]).p).toBe(1);
    expect(pairedTTest([2, 3, 4], [1, 2, 3]).p).toBe(0);
    expect(() => pairedTTest([1], [2])).toThrow();
    expect(() => pairedTTest([1, 2], [2])).toThrow();
  });
});
