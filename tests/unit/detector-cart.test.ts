import { describe, expect, it } from 'vitest';
import { binFeatures } from '../../src/main/domain/detector/binning';
import { SPARSE_BELOW, growTree } from '../../src/main/domain/detector/cart';
import { resolveConfig } from '../../src/main/domain/detector/config';

/** 12,000 rows, 5 features (one with NaNs, one low-cardinality), 5 classes with 3% label noise. */
function noisy(): { features: Float32Array; y: Uint16Array; rows: number } {
  const rows = 12_000;
  const F = 5;
  const features = new Float32Array(rows * F);
  const y = new Uint16Array(rows);
  let s = 7;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  for (let r = 0; r < rows; r++) {
    const x = [
      rand() * 100,
      Math.floor(rand() * 6),
      rand() < 0.2 ? NaN : rand() * 1e6,
      rand(),
      rand() * 10,
    ];
    features.set(x, r * F);
    const cls = (x[0]! > 60 ? 1 : 0) + (x[1]! >= 3 ? 2 : 0) + (x[2]! > 5e5 ? 1 : 0);
    y[r] = rand() < 0.03 ? Math.floor(rand() * 5) : cls;
  }
  return { features, y, rows };
}

describe('growTree', () => {
  it('gives the identical tree whether nodes use histograms, the sparse search or both', () => {
    const { features, y, rows } = noisy();
    const m = binFeatures(
      features,
      5,
      Uint32Array.from({ length: rows }, (_, i) => i),
      64,
      1,
    );
    const cfg = resolveConfig({ maxDepth: 20, minSamplesLeaf: 1 });
    const histOnly = growTree(m, y, 5, 5, cfg, undefined, 0);
    const sparseOnly = growTree(m, y, 5, 5, cfg, undefined, Infinity);
    const mixed = growTree(m, y, 5, 5, cfg, undefined, 1000);
    const byDefault = growTree(m, y, 5, 5, cfg);
    expect(SPARSE_BELOW).toBeGreaterThan(0);
    expect(histOnly.leafClass.length).toBeGreaterThan(100);
    for (const other of [sparseOnly, mixed, byDefault]) expect(other).toEqual(histOnly);
  });

  it('reports progress ending with the node count', () => {
    const { features, y, rows } = noisy();
    const m = binFeatures(
      features,
      5,
      Uint32Array.from({ length: rows }, (_, i) => i),
      256,
      1,
    );
    const seen: number[] = [];
    const t = growTree(m, y, 5, 5, resolveConfig({ maxDepth: 6 }), (n) => seen.push(n));
    expect(seen.at(-1)).toBe(t.feature.length + t.leafClass.length);
  });
});
