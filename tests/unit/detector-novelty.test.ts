/** The novelty check: a flow against the feature ranges of the flows its signature saw. */
import { describe, expect, it } from 'vitest';
import {
  NOVELTY_MARGIN,
  leafBoundsOf,
  noveltyScore,
  type LeafBounds,
} from '../../src/main/domain/detector';
import { FEATURES } from '../../src/main/domain/ingest/schema';

/** Two leaves over three feature columns, from rows given as [leaf, f0, f1, f2]. */
function bounds(rows: number[][]): LeafBounds {
  const F = 3;
  const features = Float32Array.from(rows.flatMap((r) => r.slice(1)));
  return leafBoundsOf(
    features,
    F,
    Uint32Array.from(rows, (_, i) => i),
    2,
    (r) => rows[r]![0]!,
  );
}

describe('leafBoundsOf', () => {
  it('keeps min and max per leaf and feature, NaN flags apart, ±Infinity as values', () => {
    const b = bounds([
      [0, 1, 0, NaN],
      [0, 3, 0, NaN],
      [1, 10, Infinity, 5],
      [1, 20, 7, NaN],
    ]);
    expect(Array.from(b.lo)).toEqual([1, 0, Infinity, 10, 7, 5]);
    expect(Array.from(b.hi)).toEqual([3, 0, -Infinity, 20, Infinity, 5]);
    expect(Array.from(b.nan!)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(Array.from(b.flows!)).toEqual([2, 2]);
  });
});

describe('noveltyScore', () => {
  const b = bounds([
    [0, 1, 0, NaN],
    [0, 3, 0, NaN],
    [1, 10, Infinity, 5],
    [1, 20, 7, NaN],
  ]);
  const name = (j: number): string => FEATURES[j]!;

  it('is 0 inside the ranges, and the margin widens a range by its share of the width', () => {
    expect(noveltyScore(b, 0, [2, 0, NaN])).toEqual({ score: 0, outside: [] });
    const edge = 3 + NOVELTY_MARGIN * 2;
    expect(noveltyScore(b, 0, [edge * 0.999, 0, NaN]).score).toBe(0);
    expect(noveltyScore(b, 0, [edge * 1.001, 0, NaN])).toEqual({
      score: 1 / 3,
      outside: [name(0)],
    });
  });

  it('needs an exact match on a feature the leaf saw constant, and counts each feature out', () => {
    expect(noveltyScore(b, 0, [2, 0.001, NaN]).outside).toEqual([name(1)]);
    expect(noveltyScore(b, 0, [100, -1, 4])).toEqual({
      score: 1,
      outside: [name(0), name(1), name(2)],
    });
  });

  it('treats ±Infinity and NaN as the leaf saw them', () => {
    // Leaf 1 saw +Infinity in feature 1 (and 7): any larger value is inside, -Infinity is not.
    expect(noveltyScore(b, 1, [15, Infinity, 5]).score).toBe(0);
    expect(noveltyScore(b, 1, [15, 1e30, 5]).score).toBe(0);
    expect(noveltyScore(b, 1, [15, -Infinity, 5]).outside).toEqual([name(1)]);
    // Leaf 0 never saw +Infinity in feature 0.
    expect(noveltyScore(b, 0, [Infinity, 0, NaN]).outside).toEqual([name(0)]);
    // NaN is inside where the leaf saw NaN, outside where it never did.
    expect(noveltyScore(b, 1, [15, 8, NaN]).score).toBe(0);
    expect(noveltyScore(b, 1, [NaN, 8, 5]).outside).toEqual([name(0)]);
    // A leaf that had only NaN in a feature has no range there: any number is outside.
    expect(noveltyScore(b, 0, [2, 0, 0]).outside).toEqual([name(2)]);
    // Without stored NaN flags a missing value is not counted against the flow.
    const noFlags: LeafBounds = { features: b.features, lo: b.lo, hi: b.hi };
    expect(noveltyScore(noFlags, 1, [NaN, 8, 5]).score).toBe(0);
  });

  it('is 0 with nothing to compare against', () => {
    expect(noveltyScore(null, 0, [1, 2, 3])).toEqual({ score: 0, outside: [] });
    expect(noveltyScore(undefined, 0, [1, 2, 3]).score).toBe(0);
    expect(noveltyScore(b, 5, [1, 2, 3]).score).toBe(0);
  });
});
