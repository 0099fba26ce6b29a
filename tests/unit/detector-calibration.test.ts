/**
 * The detector's calibration split (issue 12): the tree grows on part of the training split and
 * N, C, B and the per-class counts come from the rest, so B says how a signature generalises.
 */
import { describe, expect, it } from 'vitest';
import {
  calibrationSplit,
  leafCounts,
  trainDetector,
  DEFAULT_CALIBRATION,
} from '../../src/main/domain/classify/detect';
import { FlowMatrix } from '../../src/main/domain/classify/flowMatrix';
import { betaSummary, signatureCounts, trainTree } from '../../src/main/domain/detector';
import { leafTrueCountsOf } from '../../src/main/domain/eval/review';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import { mulberry32 } from '../../src/main/domain/random';

const NAMES = ['Benign', 'DDoS', 'DoS'];

/** Rows whose class is feature 0's tens digit, with `noise` of the labels drawn at random. */
function matrixOf(rows: number, noise: number, seed = 7): FlowMatrix {
  const rand = mulberry32(seed);
  const features = new Float32Array(rows * FEATURE_COUNT);
  const classes = new Int16Array(rows);
  for (let i = 0; i < rows; i++) {
    const cls = i % 3;
    for (let j = 0; j < FEATURE_COUNT; j++) features[i * FEATURE_COUNT + j] = rand() * 100;
    features[i * FEATURE_COUNT] = cls * 10 + rand() * 9;
    classes[i] = rand() < noise ? Math.floor(rand() * 3) : cls;
  }
  const m = new FlowMatrix();
  m.append(features, classes, rows);
  return m;
}

describe('the calibration split', () => {
  it('holds out a stratified share of the training split that the tree is not grown on', () => {
    const m = matrixOf(3000, 0.1);
    const d = trainDetector(m, NAMES, { seed: 4 });
    expect(d.options.calibration).toBe(DEFAULT_CALIBRATION);
    const cal = d.calibration!;
    const train = new Set(d.train);
    for (const r of cal) expect(train.has(r)).toBe(true);
    const { grow } = calibrationSplit(m, d.train, d.options.calibration, d.options.seed);
    expect(grow.length + cal.length).toBe(d.train.length);
    const calSet = new Set(cal);
    for (const r of grow) expect(calSet.has(r)).toBe(false);
    // Stratified: every class gives the calibration its share of its training rows (±1 row).
    for (let k = 0; k < NAMES.length; k++) {
      const inTrain = Array.from(d.train).filter((r) => m.classes[r] === k).length;
      const inCal = Array.from(cal).filter((r) => m.classes[r] === k).length;
      expect(Math.abs(inCal - inTrain * DEFAULT_CALIBRATION)).toBeLessThanOrEqual(1);
    }
    // The tree is exactly the one grown on the growing rows alone.
    const data = { rows: m.rows, features: m.featureView, classes: m.classView, classCount: 3 };
    expect(d.tree.toJSON()).toEqual(trainTree(data, grow, { seed: 4 }).toJSON());
  });

  it('counts N, C and the per-class counts on the calibration rows only', () => {
    const m = matrixOf(3000, 0.1);
    const d = trainDetector(m, NAMES, { seed: 2 });
    const cal = d.calibration!;
    const K = NAMES.length;
    const counts = d.leafTrueCounts!;
    expect(counts).toHaveLength(d.tree.leafCount * K);
    const fromRows = signatureCounts(d.tree, m.featureView, m.rows, m.classView, cal);
    expect(Array.from(d.n)).toEqual(Array.from(fromRows.n));
    expect(Array.from(d.c)).toEqual(Array.from(fromRows.c));
    for (let leaf = 0; leaf < d.tree.leafCount; leaf++) {
      const row = Array.from(counts.subarray(leaf * K, leaf * K + K));
      expect(row.reduce((a, b) => a + b, 0)).toBe(d.n[leaf]);
      expect(row[d.tree.classOfLeaf(leaf)]).toBe(d.c[leaf]);
    }
    expect(Array.from(d.n).reduce((a, b) => a + b, 0)).toBe(cal.length);
  });

  it('with calibration 0 grows on the whole training split and counts on it, as before', () => {
    const m = matrixOf(1500, 0.1);
    const d = trainDetector(m, NAMES, { seed: 3, calibration: 0 });
    expect(d.calibration).toHaveLength(0);
    const before = signatureCounts(d.tree, m.featureView, m.rows, m.classView, d.train);
    expect(Array.from(d.n)).toEqual(Array.from(before.n));
    expect(Array.from(leafCounts(d.tree, m, d.train, 3).c)).toEqual(Array.from(d.c));
    expect(() => trainDetector(m, NAMES, { calibration: 1 })).toThrow(/calibration/);
  });

  it('gives B near chance where the tree fit noise, where the growing rows said near 1', () => {
    // Labels independent of the features: every leaf is fitted noise. Counted on its own growing
    // rows a pure leaf looks right; counted on held-out rows it is right one time in three.
    const m = matrixOf(6000, 1, 11);
    const cfg = { seed: 5, tree: { maxDepth: 20, minSamplesLeaf: 1 } };
    const inSample = trainDetector(m, NAMES, { ...cfg, calibration: 0 });
    const held = trainDetector(m, NAMES, { ...cfg, calibration: 0.3 });
    const meanB = (d: typeof held): number => {
      let sum = 0;
      let flows = 0;
      d.n.forEach((n, leaf) => {
        sum += n * betaSummary(d.c[leaf]!, n).mean;
        flows += n;
      });
      return sum / flows;
    };
    expect(meanB(inSample)).toBeGreaterThan(0.8);
    const accuracy =
      Array.from(held.c).reduce((a, b) => a + b, 0) / Array.from(held.n).reduce((a, b) => a + b, 0);
    expect(Math.abs(accuracy - 1 / 3)).toBeLessThan(0.05);
    expect(meanB(held)).toBeLessThan(0.5);
  });

  it('keeps per-leaf feature ranges of every training row the leaf saw', () => {
    const m = matrixOf(1200, 0);
    const d = trainDetector(m, NAMES, { seed: 1 });
    const b = d.leafBounds!;
    const F = b.features.length;
    expect(F).toBe(FEATURE_COUNT);
    expect(Array.from(b.flows!).reduce((a, x) => a + x, 0)).toBe(d.train.length);
    for (const r of d.train) {
      const leaf = d.tree.predictLeaf(m.featureView, r);
      for (const j of [0, 5, FEATURE_COUNT - 1]) {
        const v = m.featureView[r * FEATURE_COUNT + j]!;
        expect(v).toBeGreaterThanOrEqual(b.lo[leaf * F + j]!);
        expect(v).toBeLessThanOrEqual(b.hi[leaf * F + j]!);
      }
    }
  });
});

describe('leafTrueCountsOf', () => {
  it('reads the per-class counts, and for a detector stored without them spreads N − C evenly', () => {
    const m = matrixOf(3000, 0.2);
    const d = trainDetector(m, NAMES, { seed: 6 });
    const K = NAMES.length;
    const fromCounts = leafTrueCountsOf(d);
    const stored = leafTrueCountsOf({ ...d, leafTrueCounts: null });
    for (let leaf = 0; leaf < d.tree.leafCount; leaf++) {
      expect(Array.from(fromCounts(leaf))).toEqual(
        Array.from(d.leafTrueCounts!.subarray(leaf * K, leaf * K + K)),
      );
      const spread = Array.from(stored(leaf));
      const cls = d.tree.classOfLeaf(leaf);
      expect(spread[cls]).toBe(d.c[leaf]);
      for (let t = 0; t < K; t++)
        if (t !== cls) expect(spread[t]).toBeCloseTo((d.n[leaf]! - d.c[leaf]!) / (K - 1), 12);
    }
  });
});
