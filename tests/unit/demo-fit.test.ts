import { describe, expect, it } from 'vitest';
import {
  encodeDistribution,
  oneFactorLoadings,
  normalScores,
  roundSig,
  weightedKMeans,
} from '../../src/main/domain/demo/fit';
import {
  normalCdf,
  normalCdfFast,
  normalFromU32,
  normalQuantile,
} from '../../src/main/domain/demo/normal';
import { Sfc32 } from '../../src/main/domain/random';

const LEVELS = [0, 0.25, 0.5, 0.75, 1];
const ones = (n: number): number[] => Array.from({ length: n }, () => 1);

describe('Sfc32', () => {
  it('repeats for a seed and separates seeds and streams', () => {
    const seq = (seed: number, stream = 0): number[] => {
      const r = new Sfc32(seed, stream);
      return Array.from({ length: 5 }, () => r.u32());
    };
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
    expect(seq(1)).not.toEqual(seq(1, 1));
    expect(seq(1)).not.toEqual(seq(1 + 2 ** 32));
  });

  it('draws uniform floats and normals with the right moments', () => {
    const r = new Sfc32(3);
    let s = 0;
    let s2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const u = r.float();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });
});

describe('normal functions', () => {
  it('invert each other, and the tables agree with the formulas', () => {
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    for (let z = -7; z <= 7; z += 0.37)
      expect(Math.abs(normalCdfFast(z) - normalCdf(z))).toBeLessThan(5e-6);
    expect(normalFromU32(2 ** 31)).toBeCloseTo(0, 3);
    expect(normalFromU32(0)).toBeLessThan(-3.5);
  });
});

describe('encodeDistribution', () => {
  it('stores a constant as a number and few values exactly', () => {
    expect(encodeDistribution([7, 7, 7], ones(3), LEVELS)).toBe(7);
    expect(encodeDistribution([80, 80, 80, 443], ones(4), LEVELS)).toEqual({
      v: [80, 443],
      p: [0.75, 1],
    });
    expect(encodeDistribution([80, 443], [3, 1], LEVELS)).toEqual({ v: [80, 443], p: [0.75, 1] });
  });

  it('gives plain quantiles for continuous data and knots with atoms for heavy values', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i * 10);
    // Quantiles interpolate between the mid-points of each value's share (Hazen's rule).
    expect(encodeDistribution(xs, ones(101), LEVELS)).toEqual([0, 247.5, 500, 752.5, 1000]);
    const withZeros = [...xs, ...Array.from({ length: 101 }, () => 0)];
    const d = encodeDistribution(withZeros, ones(202), LEVELS);
    if (!Array.isArray(d) || !Array.isArray(d[0])) throw new Error('expected knots');
    const [u, x] = d as [number[], number[]];
    // Half the mass sits exactly on 0: a flat segment from u = 0 to u ≈ 0.5.
    expect(x[0]).toBe(0);
    expect(x[1]).toBe(0);
    expect(u[1]).toBeCloseTo(102 / 202, 4); // 101 added zeros plus the 0 of xs
    expect(x.at(-1)).toBe(1000);
  });

  it('rounds to 4 significant digits but keeps small integers exact', () => {
    expect(roundSig(65535)).toBe(65535);
    expect(roundSig(119998839)).toBe(120000000);
    expect(roundSig(3.14159)).toBe(3.142);
  });
});

describe('copula and clustering', () => {
  it('finds positive and negative loadings on correlated columns', () => {
    const r = new Sfc32(1);
    const n = 2000;
    const f = Array.from({ length: n }, () => r.normal());
    const a = Float64Array.from(f, (x) => x + 0.3 * r.normal());
    const b = Float64Array.from(f, (x) => -x + 0.3 * r.normal());
    const c = Float64Array.from(f, () => r.normal());
    const ws = ones(n);
    const load = oneFactorLoadings(
      [normalScores(a, ws), normalScores(b, ws), normalScores(c, ws)],
      ws,
    );
    expect(load[0]).toBeGreaterThan(0.8);
    expect(load[1]).toBeLessThan(-0.8);
    expect(Math.abs(load[2] as number)).toBeLessThan(0.2);
  });

  it('separates two blobs', () => {
    const r = new Sfc32(2);
    const pts = Array.from({ length: 200 }, (_, i) =>
      Float64Array.of((i < 100 ? 0 : 10) + r.normal(), r.normal()),
    );
    const assign = weightedKMeans(pts, ones(200), 2, r);
    const first = assign[0];
    expect(assign.slice(0, 100).every((a) => a === first)).toBe(true);
    expect(assign.slice(100).every((a) => a !== first)).toBe(true);
  });
});
