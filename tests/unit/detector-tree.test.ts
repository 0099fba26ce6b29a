import { describe, expect, it } from 'vitest';
import type { SerializedTree, TrainingData } from '../../src/main/domain/detector';
import { DecisionTree, stratifiedSplit, trainTree } from '../../src/main/domain/detector';

/** Rows of F features from a generator, with classes from a rule. */
function dataset(
  rows: number,
  F: number,
  gen: (r: number, f: number) => number,
  rule: (x: number[]) => number,
  classCount: number,
): TrainingData {
  const features = new Float32Array(rows * F);
  const classes = new Int16Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: F }, (_, f) => gen(r, f));
    features.set(x, r * F);
    classes[r] = rule(Array.from(features.subarray(r * F, (r + 1) * F)));
  }
  return { rows, features, classes, classCount };
}

/** A deterministic pseudo-random value in [0, 1) for (r, f). */
function hash01(r: number, f: number): number {
  let h = Math.imul(r + 1, 0x9e3779b1) ^ Math.imul(f + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

const all = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/** A noisy 4-class problem with NaNs, for round-trip and differential checks. */
function noisy(): TrainingData {
  return dataset(
    3000,
    6,
    (r, f) => (f === 5 && r % 3 === 0 ? NaN : Math.floor(hash01(r, f) * 1000) / 10),
    (x) => ((x[0]! > 50 ? 1 : 0) + (x[1]! > 30 ? 2 : 0) + (hash01(x[2]!, 9) < 0.05 ? 1 : 0)) % 4,
    4,
  );
}

describe('trainTree', () => {
  it('learns an axis-aligned rule exactly, with thresholds midway between observed values', () => {
    // x0 is an integer 0..99; class 0 when x0 <= 50, else 2 when x1 (a multiple of 0.01) <= 0.3, else 1.
    const d = dataset(
      2000,
      3,
      (r, f) => (f === 0 ? r % 100 : f === 1 ? Math.round(hash01(r, f) * 100) / 100 : 7),
      (x) => (x[0]! <= 50 ? 0 : x[1]! <= 0.305 ? 2 : 1),
      3,
    );
    const tree = trainTree(d, all(d.rows));
    expect(tree.leafCount).toBe(3);
    expect(tree.depth).toBe(2);
    const json = tree.toJSON();
    expect(json.feature[0]).toBe(0);
    expect(json.threshold[0]).toBe(50.5);
    expect(json.threshold[1]).toBeCloseTo(0.305, 6);
    const probe = new Float32Array([50, 0.9, 7, 51, 0.3, 7, 51, 0.31, 7, 99, 0, 7]);
    const out = [0, 1, 2, 3].map((r) => tree.classOfLeaf(tree.predictLeaf(probe, r)));
    expect(out).toEqual([0, 2, 1, 2]);
  });

  it('sends NaN left and skips all-NaN and constant features', () => {
    // f0: NaN or <= 10 is class 0, > 10 is class 1. f1 is all NaN, f2 constant.
    const d = dataset(
      400,
      3,
      (r, f) => (f === 0 ? (r % 4 === 0 ? NaN : r % 20) : f === 1 ? NaN : 3),
      (x) => (x[0]! > 10 ? 1 : 0),
      2,
    );
    const tree = trainTree(d, all(d.rows));
    expect(tree.leafCount).toBe(2);
    expect(tree.toJSON().feature).toEqual([0]);
    expect(tree.toJSON().threshold).toEqual([10.5]);
    const probe = new Float32Array([NaN, 0, 0, 11, NaN, NaN, 10, 0, 0]);
    expect([0, 1, 2].map((r) => tree.classOfLeaf(tree.predictLeaf(probe, r)))).toEqual([0, 1, 0]);
  });

  it('keeps thresholds finite when the data holds ±Infinity', () => {
    // f0: -Infinity and small values are class 0, large values and +Infinity class 1.
    const d = dataset(
      300,
      1,
      (r) => (r % 10 === 0 ? -Infinity : r % 10 === 1 ? Infinity : r % 50),
      (x) => (x[0]! > 24 ? 1 : 0),
      2,
    );
    const tree = trainTree(d, all(d.rows));
    expect(tree.toJSON().threshold).toEqual([24.5]);
    const back = DecisionTree.fromJSON(JSON.parse(JSON.stringify(tree)) as SerializedTree);
    const probe = new Float32Array([-Infinity, Infinity, 24, 25]);
    expect([0, 1, 2, 3].map((r) => back.classOfLeaf(back.predictLeaf(probe, r)))).toEqual([
      0, 1, 0, 1,
    ]);
  });

  it('ignores unlabelled rows and honours maxDepth and minSamplesLeaf', () => {
    const d = noisy();
    const shallow = trainTree(d, all(d.rows), { maxDepth: 2 });
    expect(shallow.depth).toBeLessThanOrEqual(2);
    const coarse = trainTree(d, all(d.rows), { minSamplesLeaf: 200 });
    expect(coarse.leafCount).toBeLessThanOrEqual(Math.floor(d.rows / 200));
    // Unlabelling the even rows must give the same tree as training on the odd rows only.
    const masked = { ...d, classes: d.classes.map((c, i) => (i % 2 === 0 ? -1 : c)) };
    const odd = all(d.rows).filter((r) => r % 2 === 1);
    expect(trainTree(masked, all(d.rows)).toJSON()).toEqual(trainTree(d, odd).toJSON());
    expect(() =>
      trainTree({ ...d, classes: new Int16Array(d.rows).fill(-1) }, all(d.rows)),
    ).toThrow(/no labelled rows/);
  });

  it('is deterministic for a seed', () => {
    const d = noisy();
    const { train } = stratifiedSplit(d.classes, 0.7, 3);
    expect(trainTree(d, train, { seed: 5 }).toJSON()).toEqual(
      trainTree(d, train, { seed: 5 }).toJSON(),
    );
  });

  it('rejects configs it cannot honour', () => {
    const d = noisy();
    expect(() => trainTree(d, all(d.rows), { maxBins: 300 })).toThrow(RangeError);
    expect(() => trainTree(d, all(d.rows), { minSamplesLeaf: 0 })).toThrow(RangeError);
  });
});

describe('DecisionTree prediction and JSON', () => {
  it('predictBatch agrees with predictLeaf row by row (NaNs included)', () => {
    const d = noisy();
    const tree = trainTree(d, all(d.rows), { maxBins: 32 });
    expect(tree.leafCount).toBeGreaterThan(10);
    const leaves = new Int32Array(d.rows);
    const classes = new Int16Array(d.rows);
    tree.predictBatch(d.features, d.rows, leaves, classes);
    for (let r = 0; r < d.rows; r++) {
      const leaf = tree.predictLeaf(d.features, r);
      expect(leaves[r]).toBe(leaf);
      expect(classes[r]).toBe(tree.classOfLeaf(leaf));
    }
  });

  it('round-trips through JSON text with identical predictions', () => {
    const d = noisy();
    const tree = trainTree(d, all(d.rows));
    const back = DecisionTree.fromJSON(JSON.parse(JSON.stringify(tree)) as SerializedTree);
    expect(back.leafCount).toBe(tree.leafCount);
    expect(back.depth).toBe(tree.depth);
    const a = { l: new Int32Array(d.rows), c: new Int16Array(d.rows) };
    const b = { l: new Int32Array(d.rows), c: new Int16Array(d.rows) };
    tree.predictBatch(d.features, d.rows, a.l, a.c);
    back.predictBatch(d.features, d.rows, b.l, b.c);
    expect(b.l).toEqual(a.l);
    expect(b.c).toEqual(a.c);
  });

  it('rejects malformed JSON', () => {
    const good: SerializedTree = {
      format: 'rampart-cart',
      version: 1,
      featureCount: 2,
      classCount: 2,
      feature: [0, 1],
      threshold: [1, 2],
      left: [1, ~0],
      right: [~2, ~1],
      leafClass: [0, 1, 0],
    };
    expect(DecisionTree.fromJSON(good).depth).toBe(2);
    const bad =
      (patch: Partial<SerializedTree>): (() => DecisionTree) =>
      () =>
        DecisionTree.fromJSON({ ...good, ...patch });
    expect(bad({ feature: [0, 2] })).toThrow(/feature index/);
    expect(bad({ left: [0, ~0] })).toThrow(/bad child/); // self-loop
    expect(bad({ right: [~1, ~1] })).toThrow(/bad leaf/); // leaf used twice
    expect(bad({ leafClass: [0, 1] })).toThrow(/leaves/);
    expect(bad({ leafClass: [0, 1, 2] })).toThrow(/leaf class/);
    expect(bad({ threshold: [1, NaN] })).toThrow(/finite/);
    expect(() =>
      DecisionTree.fromJSON({ ...good, version: 2 } as unknown as SerializedTree),
    ).toThrow(/version/);
  });

  it('handles a single-leaf tree', () => {
    const d = dataset(
      10,
      2,
      (r) => r,
      () => 1,
      3,
    );
    const tree = trainTree(d, all(d.rows));
    expect(tree.leafCount).toBe(1);
    expect(tree.depth).toBe(0);
    const l = new Int32Array(10);
    const c = new Int16Array(10);
    tree.predictBatch(d.features, 10, l, c);
    expect([...c]).toEqual(new Array(10).fill(1));
    expect(DecisionTree.fromJSON(tree.toJSON()).predictLeaf(d.features, 3)).toBe(0);
  });
});
