import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../src/main/domain/detector';

/** Class sizes 100, 10, 2, 1 plus 5 unlabelled rows, interleaved. */
function labels(): Int16Array {
  const out: number[] = [];
  const sizes = [100, 10, 2, 1];
  sizes.forEach((n, c) => {
    for (let i = 0; i < n; i++) out.push(c);
  });
  for (let i = 0; i < 5; i++) out.push(-1);
  // Interleave deterministically so classes are not contiguous.
  return Int16Array.from(
    out
      .map((c, i) => ({ c, k: (i * 7919) % out.length }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.c),
  );
}

function countBy(classes: Int16Array, idx: Uint32Array): number[] {
  const n = [0, 0, 0, 0];
  idx.forEach((r) => n[classes[r]!]!++);
  return n;
}

describe('stratifiedSplit', () => {
  it('splits each class in proportion and keeps every class with >= 2 rows in both halves', () => {
    const y = labels();
    const { train, test } = stratifiedSplit(y, 0.7, 42);
    expect(countBy(y, train)).toEqual([70, 7, 1, 1]);
    expect(countBy(y, test)).toEqual([30, 3, 1, 0]);
  });

  it('leaves unlabelled rows out, covers every labelled row once and sorts the indices', () => {
    const y = labels();
    const { train, test } = stratifiedSplit(y, 0.7, 42);
    const all = [...train, ...test].sort((a, b) => a - b);
    const labelled = [...y.keys()].filter((i) => y[i]! >= 0);
    expect(all).toEqual(labelled);
    expect([...train]).toEqual([...train].sort((a, b) => a - b));
    expect([...test]).toEqual([...test].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const y = labels();
    const a = stratifiedSplit(y, 0.7, 7);
    const b = stratifiedSplit(y, 0.7, 7);
    const c = stratifiedSplit(y, 0.7, 8);
    expect([...a.train]).toEqual([...b.train]);
    expect([...a.test]).toEqual([...b.test]);
    expect([...a.train]).not.toEqual([...c.train]);
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => stratifiedSplit(new Int16Array([0, 1]), 1, 1)).toThrow(RangeError);
    expect(() => stratifiedSplit(new Int16Array([0, 1]), 0, 1)).toThrow(RangeError);
  });
});
