import { describe, expect, it } from 'vitest';
import { DEFAULT_BETA_PRIOR, betaSummary } from '../../src/main/domain/detector';

/** CDF of Beta(a, 2) in closed form: I_x(a, 2) = x^a (a + 1 − a x); an independent check of jStat. */
const cdfB2 = (x: number, a: number): number => x ** a * (a + 1 - a * x);

describe('betaSummary', () => {
  it('is the uniform prior with no evidence', () => {
    expect(DEFAULT_BETA_PRIOR).toEqual({ alpha: 1, beta: 1 });
    const s = betaSummary(0, 0);
    expect(s.mean).toBe(0.5);
    expect(s.lo).toBeCloseTo(0.025, 6);
    expect(s.hi).toBeCloseTo(0.975, 6);
  });

  it('gives mean (α+C)/(α+β+N) and equal-tailed 95% quantiles of Beta(α+C, β+N−C)', () => {
    const s = betaSummary(9, 10); // Beta(10, 2)
    expect(s.mean).toBeCloseTo(10 / 12, 12);
    expect(cdfB2(s.lo, 10)).toBeCloseTo(0.025, 6);
    expect(cdfB2(s.hi, 10)).toBeCloseTo(0.975, 6);
    expect(s.lo).toBeCloseTo(0.587, 3);
    expect(s.hi).toBeCloseTo(0.977, 3);
  });

  it('uses the given prior and narrows with evidence', () => {
    const s = betaSummary(0, 1, { alpha: 2, beta: 1 }); // Beta(2, 2)
    expect(s.mean).toBe(0.5);
    const wide = betaSummary(90, 100);
    const narrow = betaSummary(9000, 10000);
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
    expect(narrow.lo).toBeLessThan(narrow.mean);
    expect(narrow.mean).toBeLessThan(narrow.hi);
  });

  it('rejects impossible counts', () => {
    expect(() => betaSummary(3, 2)).toThrow(RangeError);
    expect(() => betaSummary(-1, 2)).toThrow(RangeError);
  });
});
