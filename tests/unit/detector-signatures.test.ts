import { describe, expect, it } from 'vitest';
import type { SerializedTree } from '../../src/main/domain/detector';
import {
  DecisionTree,
  extractSignatures,
  formatThreshold,
  trainTree,
} from '../../src/main/domain/detector';

/**
 * root: Flow IAT Max <= 3.1e6 ?
 *   node1: Destination Port <= 80.5 ?
 *     node2: Destination Port <= 21.5 ? leaf0 (class 1) : leaf1 (class 2)
 *     leaf2 (class 0)
 *   node3: Flow IAT Max <= 5e6 ? leaf3 (class 3) : leaf4 (class 0)
 */
const TREE: SerializedTree = {
  format: 'rampart-cart',
  version: 1,
  featureCount: 2,
  classCount: 4,
  feature: [1, 0, 0, 1],
  threshold: [3.1e6, 80.5, 21.5, 5e6],
  left: [1, 2, ~0, ~3],
  right: [3, ~2, ~1, ~4],
  leafClass: [1, 2, 0, 3, 0],
};
const NAMES = ['Destination Port', 'Flow IAT Max'];

describe('extractSignatures', () => {
  it('gives one signature per leaf, in leaf order, with the leaf class', () => {
    const sigs = extractSignatures(DecisionTree.fromJSON(TREE), NAMES);
    expect(sigs.map((s) => s.leaf)).toEqual([0, 1, 2, 3, 4]);
    expect(sigs.map((s) => s.classIndex)).toEqual([1, 2, 0, 3, 0]);
  });

  it('merges repeated tests of a feature into the tightest bounds', () => {
    const sigs = extractSignatures(DecisionTree.fromJSON(TREE), NAMES);
    // Path to leaf 0: IAT <= 3.1e6, Port <= 80.5, Port <= 21.5 -> Port <= 21.5 only.
    expect(sigs[0]!.conditions).toEqual([
      { feature: 'Flow IAT Max', op: '<=', threshold: 3.1e6 },
      { feature: 'Destination Port', op: '<=', threshold: 21.5 },
    ]);
    // Leaf 1: Port > 21.5 and Port <= 80.5 on the same feature stay as a range.
    expect(sigs[1]!.text).toBe(
      'Flow IAT Max ≤ 3.1e6 ∧ Destination Port > 21.5 ∧ Destination Port ≤ 80.5',
    );
    // Leaf 3: IAT > 3.1e6 and IAT <= 5e6.
    expect(sigs[3]!.text).toBe('Flow IAT Max > 3.1e6 ∧ Flow IAT Max ≤ 5e6');
    expect(sigs[4]!.text).toBe('Flow IAT Max > 5e6');
    expect(sigs[2]!.text).toBe('Flow IAT Max ≤ 3.1e6 ∧ Destination Port > 80.5');
  });

  it('describes exactly the rows its leaf receives', () => {
    const tree = DecisionTree.fromJSON(TREE);
    const sigs = extractSignatures(tree, NAMES);
    const rows = [
      [21, 100],
      [22, 3.1e6],
      [443, 0],
      [80, 4e6],
      [0, 9e6],
      [NaN, NaN],
    ];
    const x = new Float32Array(rows.flat());
    rows.forEach((_, r) => {
      const leaf = tree.predictLeaf(x, r);
      const holds = (s: (typeof sigs)[number]): boolean =>
        s.conditions.every((c) => {
          const v = x[r * 2 + NAMES.indexOf(c.feature)]!;
          return c.op === '>' ? v > c.threshold : !(v > c.threshold); // NaN satisfies '<='
        });
      expect(sigs.filter(holds).map((s) => s.leaf)).toEqual([leaf]);
    });
  });

  it('gives a trained tree one signature per leaf and a single-leaf tree "any flow"', () => {
    const features = Float32Array.from({ length: 200 }, (_, i) => i % 50);
    const classes = Int16Array.from({ length: 100 }, (_, r) => (features[r * 2]! > 20 ? 1 : 0));
    const tree = trainTree(
      { rows: 100, features, classes, classCount: 2 },
      Uint32Array.from({ length: 100 }, (_, i) => i),
    );
    expect(extractSignatures(tree, ['a', 'b'])).toHaveLength(tree.leafCount);
    const one = DecisionTree.fromJSON({
      ...TREE,
      feature: [],
      threshold: [],
      left: [],
      right: [],
      leafClass: [2],
    });
    expect(extractSignatures(one, NAMES)).toEqual([
      { leaf: 0, classIndex: 2, conditions: [], text: 'any flow' },
    ]);
  });
});

describe('formatThreshold', () => {
  it('is compact', () => {
    expect(formatThreshold(21.5)).toBe('21.5');
    expect(formatThreshold(8080.5)).toBe('8080.5');
    expect(formatThreshold(3.1e6)).toBe('3.1e6');
    expect(formatThreshold(3_123_456.5)).toBe('3.12e6');
    expect(formatThreshold(1e6)).toBe('1e6');
    expect(formatThreshold(0.00025)).toBe('2.5e-4');
    expect(formatThreshold(-1.5)).toBe('-1.5');
    expect(formatThreshold(0)).toBe('0');
    expect(formatThreshold(1 / 3)).toBe('0.333333');
  });
});
