/**
 * Novelty of a flow against its signature: how far the flow lies outside the feature ranges of
 * the flows its leaf saw in training. A tree only looks at the few features on its path, so a
 * flow from another sensor or network can reach a leaf with a confident B while most of its other
 * features look nothing like the leaf's flows; this check notices that.
 */
import { FEATURES } from '../ingest/schema';

/**
 * Per-leaf feature ranges of the flows a leaf saw (row-major by leaf: entry leaf × F + j is
 * feature `features[j]` of leaf `leaf`, F = features.length).
 */
export interface LeafBounds {
  /** Feature columns covered, as indices into FEATURES (and so into a flow's feature row). */
  features: number[];
  /** Smallest / largest non-NaN value (±Infinity included); lo > hi when the leaf saw none. */
  lo: Float32Array;
  hi: Float32Array;
  /** 1 where at least one of the leaf's flows had NaN (a feature its file did not carry). */
  nan?: Uint8Array;
  /** Flows per leaf the ranges were taken from. */
  flows?: Uint32Array;
}

/** The novelty of one flow: score in [0, 1] and the names of the features out of range. */
export interface Novelty {
  score: number;
  outside: string[];
}

/**
 * Margin that widens each range on both sides, as a share of the range's width: with only a few
 * flows per leaf the observed min and max understate the real spread, and a flow just past the
 * edge is not news.
 */
export const NOVELTY_MARGIN = 0.1;

/**
 * Per-leaf feature ranges over the given rows of a row-major matrix (F = featureCount columns),
 * for every feature column. `leafOf(r)` is the leaf of matrix row r.
 */
export function leafBoundsOf(
  features: Float32Array,
  featureCount: number,
  rows: Uint32Array,
  leafCount: number,
  leafOf: (row: number) => number,
): LeafBounds {
  const F = featureCount;
  const lo = new Float32Array(leafCount * F).fill(Infinity);
  const hi = new Float32Array(leafCount * F).fill(-Infinity);
  const nan = new Uint8Array(leafCount * F);
  const flows = new Uint32Array(leafCount);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const leaf = leafOf(r);
    flows[leaf]!++;
    const base = r * F;
    const out = leaf * F;
    for (let j = 0; j < F; j++) {
      const v = features[base + j]!;
      if (Number.isNaN(v)) nan[out + j] = 1;
      else {
        if (v < lo[out + j]!) lo[out + j] = v;
        if (v > hi[out + j]!) hi[out + j] = v;
      }
    }
  }
  return { features: Array.from({ length: F }, (_, j) => j), lo, hi, nan, flows };
}

/**
 * Score = the share of the covered features whose value lies outside the leaf's range widened by
 * NOVELTY_MARGIN × its width; `outside` lists them. Why a share and not a distance: flow features
 * are heavy-tailed (durations, rates, byte counts span many orders of magnitude), so a distance
 * would be ruled by one feature, while a share counts how much of the flow is unlike the leaf's
 * flows and stays comparable across leaves of any size. A constant feature in the leaf (width 0)
 * must match exactly: flags and unused bulk counters are constant for whole classes, and a
 * flow that differs there is different. Non-finite values, kept as they are since the hardening
 * issue: ±Infinity is inside only when the leaf saw that infinity (hi = +∞ or lo = −∞); NaN (a
 * feature the flow's file lacks) is outside when the leaf saw no NaN there, and inside when the
 * leaf's NaN flags are not stored. A leaf whose flows had only NaN in a feature has no range there
 * (lo > hi), so any number is outside. Out-of-range leaves or no bounds give score 0.
 */
export function noveltyScore(
  bounds: LeafBounds | null | undefined,
  leaf: number,
  featureRow: ArrayLike<number>,
): Novelty {
  if (!bounds) return { score: 0, outside: [] };
  const F = bounds.features.length;
  const base = leaf * F;
  if (!(F > 0 && leaf >= 0 && base + F <= bounds.lo.length)) return { score: 0, outside: [] };
  const outside: string[] = [];
  for (let j = 0; j < F; j++) {
    const col = bounds.features[j]!;
    const v = featureRow[col] ?? NaN;
    if (isOutside(v, bounds.lo[base + j]!, bounds.hi[base + j]!, bounds.nan?.[base + j]))
      outside.push(FEATURES[col] ?? `feature ${col}`);
  }
  return { score: outside.length / F, outside };
}

function isOutside(v: number, lo: number, hi: number, sawNaN: number | undefined): boolean {
  if (Number.isNaN(v)) return sawNaN === 0;
  if (lo > hi) return true;
  const width = hi - lo;
  // Infinite width (the leaf saw ±∞): the margin is infinite on both sides, so only the
  // comparison against the infinite end itself can fail, which the check below handles.
  const margin = Number.isFinite(width) ? NOVELTY_MARGIN * width : 0;
  return v < lo - margin || v > hi + margin;
}
