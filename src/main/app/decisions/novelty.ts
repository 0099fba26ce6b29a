/** The novelty of classified flows against their signatures, filled in as they are classified. */
import { noveltyScore, type LeafBounds } from '../../domain/detector';
import { FEATURE_COUNT } from '../../domain/ingest/schema';
import type { ClassifiedAlerts } from './recommender';

/**
 * Fill `rows.novelty` (and `rows.outside` for flows with features out of range) for rows
 * `from`…`from + count − 1`, whose features are rows 0… of `features` (FEATURE_COUNT a row).
 * Without stored bounds every novelty stays NaN: not measured, which the review reasons say.
 */
export function fillNovelty(
  rows: ClassifiedAlerts,
  bounds: LeafBounds | null | undefined,
  features: Float32Array,
  from = 0,
  count = rows.alerts - from,
): void {
  if (!bounds) return;
  const outside = (rows.outside ??= []);
  for (let i = 0; i < count; i++) {
    const r = from + i;
    const v = noveltyScore(
      bounds,
      rows.leaves[r] ?? 0,
      features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT),
    );
    rows.novelty[r] = v.score;
    if (v.outside.length > 0) outside[r] = v.outside;
  }
}
