import { describe, expect, it } from 'vitest';
import { DecisionTree, evaluate, signatureCounts } from '../../src/main/domain/detector';

describe('evaluate', () => {
  it('matches a hand-computed confusion matrix', () => {
    // Row 6 is unlabelled and must not count, even as a prediction of class C.
    const t = Int16Array.from([0, 0, 0, 1, 1, 2, -1]);
    const p = Int16Array.from([0, 1, 0, 1, 0, 1, 2]);
    const r = evaluate(t, p, ['A', 'B', 'C', 'D']);
    expect(r.confusion).toEqual([
      [2, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(r.perClass.A).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(r.perClass.B!.precision).toBeCloseTo(1 / 3, 12);
    expect(r.perClass.B!.recall).toBe(0.5);
    expect(r.perClass.B!.f1).toBeCloseTo(0.4, 12);
    // C is never predicted (precision 0 by convention); D has no support and is left out of macro-F1.
    expect(r.perClass.C).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass.D!.support).toBe(0);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.4 + 0) / 3, 12);
    expect(r.accuracy).toBe(0.5);
    expect(r.classes).toEqual(['A', 'B', 'C', 'D']);
  });

  it('rejects predictions outside the class range', () => {
    expect(() => evaluate(Int16Array.from([0]), Int16Array.from([5]), ['A', 'B'])).toThrow(
      RangeError,
    );
  });
});

describe('signatureCounts', () => {
  // f0 <= 0.5 (or NaN) -> leaf 0, class 0; else leaf 1, class 1.
  const tree = DecisionTree.fromJSON({
    format: 'rampart-cart',
    version: 1,
    featureCount: 1,
    classCount: 2,
    feature: [0],
    threshold: [0.5],
    left: [~0],
    right: [~1],
    leafClass: [0, 1],
  });
  const x = Float32Array.from([0, 0, 1, 1, 1, NaN]);
  const y = Int16Array.from([0, 1, 1, 1, -1, 0]);

  it('counts labelled matches and correct ones per leaf', () => {
    const { n, c } = signatureCounts(tree, x, 6, y);
    expect([...n]).toEqual([3, 2]);
    expect([...c]).toEqual([2, 2]);
  });

  it('restricts to rowIndex', () => {
    const { n, c } = signatureCounts(tree, x, 6, y, Uint32Array.from([1, 2, 4]));
    expect([...n]).toEqual([1, 1]);
    expect([...c]).toEqual([0, 1]);
  });
});
