import { describe, expect, it } from 'vitest';
import { binFeatures, quantileThresholds } from '../../src/main/domain/detector/binning';
import { countBelow, encodeRows } from '../../src/main/domain/detector/encode';

/** Deterministic value in [0, 1). */
function hash01(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

describe('quantileThresholds', () => {
  it('puts each distinct value in its own bin when they fit, with midpoints between them', () => {
    const t = quantileThresholds(Float32Array.from([1, 1, 2, 5, 5, 5]), 255);
    expect([...t!]).toEqual([1.5, 3.5]);
  });

  it('returns null for a constant column and an empty one', () => {
    expect(quantileThresholds(Float32Array.from([4, 4, 4]), 255)).toBeNull();
    expect(quantileThresholds(new Float32Array(0), 255)).toBeNull();
  });

  it('caps the bin count and never splits a heavy value across bins', () => {
    // 10,000 distinct values plus 5,000 copies of 80 (a "port 80").
    const v = Float32Array.from({ length: 15_000 }, (_, i) => (i < 10_000 ? i * 0.5 : 80)).sort();
    const t = quantileThresholds(v, 15)!;
    expect(t.length).toBeLessThanOrEqual(14);
    expect([...t]).toEqual([...t].sort((a, b) => a - b));
    // 80 must be alone between two thresholds, not straddled by one.
    const below = countBelow(t, 80);
    expect(t[below - 1]).toBeLessThan(80);
    expect(t[below]).toBeGreaterThan(80);
    expect(t[below - 1]).toBeGreaterThanOrEqual(79.5);
    expect(t[below]).toBeLessThanOrEqual(80.5);
  });
});

describe('encodeRows', () => {
  it('matches a plain binary search on awkward floats', () => {
    const special = [
      0,
      -0,
      1e-45,
      -1e-45,
      Infinity,
      -Infinity,
      3.4e38,
      -3.4e38,
      NaN,
      0.5,
      -0.5,
      21,
      21.5,
      22,
    ];
    const n = 20_000;
    const values = Float32Array.from({ length: n }, (_, i) =>
      i < special.length
        ? special[i]!
        : (hash01(i) - 0.3) * 10 ** Math.floor(hash01(i + n) * 12 - 4),
    );
    const thresholds = [
      quantileThresholds(values.filter((v) => !Number.isNaN(v)).sort(), 255)!,
      Float64Array.from([-1e6, -2.5, -1e-30, 0, 1e-30, 21.5, 1e3, 1e20]),
      Float64Array.from([0.5]),
    ];
    const features = new Float32Array(n * 3);
    values.forEach((v, i) => features.fill(v, i * 3, i * 3 + 3));
    const rowIndex = Uint32Array.from({ length: n }, (_, i) => i);
    const codes = new Uint8Array(3 * n);
    encodeRows(features, 3, rowIndex, [0, 1, 2], thresholds, codes);
    thresholds.forEach((t, j) => {
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        const want = Number.isNaN(v) ? 0 : 1 + countBelow(t, v);
        if (codes[j * n + i] !== want)
          expect({ j, i, v, code: codes[j * n + i] }).toEqual({ j, i, v, code: want });
      }
    });
  });
});

describe('binFeatures', () => {
  it('keeps only features that vary in the listed rows, codes NaN as 0 and follows the row list', () => {
    // f0 varies; f1 is constant; f2 is all NaN; f3 varies over all rows but in rows 2 and 0 it
    // has one value and a NaN, and NaN is never split off on its own, so it cannot split there.
    const rows = [
      [1, 7, NaN, NaN],
      [2, 7, NaN, 10],
      [3, 7, NaN, 20],
      [4, 7, NaN, 30],
    ];
    const features = new Float32Array(rows.flat());
    expect([...binFeatures(features, 4, Uint32Array.from([0, 1, 2, 3]), 256, 1).features]).toEqual([
      0, 3,
    ]);
    const m = binFeatures(features, 4, Uint32Array.from([2, 0]), 256, 1);
    expect(m.rows).toBe(2);
    expect([...m.features]).toEqual([0]);
    expect([...m.thresholds[0]!]).toEqual([2]);
    expect([...m.binCounts]).toEqual([3]);
    expect([...m.codes]).toEqual([2, 1]); // row 2 (value 3) then row 0 (value 1)
    const withNaN = binFeatures(features, 4, Uint32Array.from([0, 1, 2, 3]), 256, 1);
    expect(withNaN.codes[1 * 4 + 0]).toBe(0); // f3 of row 0 is NaN
  });
});
