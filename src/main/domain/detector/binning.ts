/**
 * Quantile binning: every feature value of the training rows becomes a byte code so that the
 * trainer works on small per-node class histograms instead of sorting raw floats.
 *
 * Code 0 is reserved for NaN (the dataset lacks the feature). Real values get codes 1..k, where
 * code b holds v with thresholds[b-2] < v <= thresholds[b-1]. A split "code <= c" is therefore
 * exactly "v <= thresholds[c-1] or v is NaN", which is how the tree evaluates raw floats later:
 * NaN always goes left. Thresholds are midpoints between the largest value seen in a bin and the
 * smallest value seen in the next, so a signature reads as a real number between observed values.
 * Edges come from a seeded sample of at most BIN_SAMPLE_ROWS training rows. ±Infinity (the rates
 * CICFlowMeter writes for a zero-duration flow) gets a bin of its own behind an edge at ±FLOAT32_MAX
 * when the sample holds it, so an infinite rate can be told from the fastest finite one while every
 * threshold stays finite.
 */
import { encodeRows } from './encode';
import { mulberry32, shuffle } from '../random';

/** The largest finite float32: the edge that puts +Infinity (and -Infinity, negated) alone. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Rows used to place bin edges; LightGBM's default sample size, ample for <= 255 quantiles. */
export const BIN_SAMPLE_ROWS = 200_000;

/** The binned training matrix: only features that vary in the training rows are kept. */
export interface BinnedMatrix {
  /** Training rows binned (positions 0..rows-1 follow the row list given to binFeatures). */
  rows: number;
  /** Original feature index of each kept feature, ascending. */
  features: Int32Array;
  /** Split thresholds per kept feature (length = real bins - 1). */
  thresholds: Float64Array[];
  /** Bins per kept feature including the NaN bin (= thresholds.length + 2). */
  binCounts: Int32Array;
  /** Column-major codes: codes[j * rows + i] is kept feature j of training position i. */
  codes: Uint8Array;
}

/** Bins the given rows of a row-major matrix with at most maxBins bins per feature (NaN bin included). */
export function binFeatures(
  features: Float32Array,
  featureCount: number,
  rowIndex: Uint32Array,
  maxBins: number,
  seed: number,
): BinnedMatrix {
  const { cols: sample, infinite } = sampleColumns(features, featureCount, rowIndex, seed);
  const kept: number[] = [];
  const thresholds: Float64Array[] = [];
  for (let f = 0; f < featureCount; f++) {
    const t = withInfinityEdges(sample[f]!, maxBins - 1, infinite[f]!);
    // null = constant or all-NaN in the sample: no split could use it.
    if (t === null) continue;
    kept.push(f);
    thresholds.push(t);
  }
  const n = rowIndex.length;
  const codes = new Uint8Array(kept.length * n);
  encodeRows(features, featureCount, rowIndex, kept, thresholds, codes);
  return {
    rows: n,
    features: Int32Array.from(kept),
    thresholds,
    binCounts: Int32Array.from(thresholds, (t) => t.length + 2),
    codes,
  };
}

/**
 * Thresholds for a feature's sorted finite sample plus its infinities (bit 1: -Infinity seen, bit 2:
 * +Infinity): each infinity seen gets an edge of its own while the finite values keep at least two
 * bins; null when nothing could split.
 */
function withInfinityEdges(
  sorted: Float32Array,
  maxReal: number,
  infinite: number,
): Float64Array | null {
  const low = (infinite & 1) !== 0;
  const high = (infinite & 2) !== 0;
  const edges = (low ? 1 : 0) + (high ? 1 : 0);
  if (edges === 0 || maxReal - edges < 2) return quantileThresholds(sorted, maxReal);
  const t = quantileThresholds(sorted, maxReal - edges) ?? new Float64Array(0);
  const out = new Float64Array(t.length + edges);
  if (low) out[0] = -FLOAT32_MAX;
  out.set(t, low ? 1 : 0);
  if (high) out[out.length - 1] = FLOAT32_MAX;
  return out;
}

/**
 * Per-feature sorted finite values of a seeded row sample (read row-major, once), and which
 * infinities each feature holds (bit 1: -Infinity, bit 2: +Infinity).
 */
function sampleColumns(
  features: Float32Array,
  featureCount: number,
  rowIndex: Uint32Array,
  seed: number,
): { cols: Float32Array[]; infinite: Uint8Array } {
  let rows = rowIndex;
  if (rowIndex.length > BIN_SAMPLE_ROWS) {
    const pick = rowIndex.slice();
    shuffle(pick, mulberry32(seed));
    rows = pick.subarray(0, BIN_SAMPLE_ROWS).sort();
  }
  const m = rows.length;
  const cols = Array.from({ length: featureCount }, () => new Float32Array(m));
  const lens = new Int32Array(featureCount);
  const infinite = new Uint8Array(featureCount);
  for (let i = 0; i < m; i++) {
    const base = rows[i]! * featureCount;
    for (let f = 0; f < featureCount; f++) {
      const v = features[base + f]!;
      // Finite values only: NaN and ±Infinity give NaN for v - v.
      if (v - v === 0) cols[f]![lens[f]!++] = v;
      else if (v === Infinity) infinite[f]! |= 2;
      else if (v === -Infinity) infinite[f]! |= 1;
    }
  }
  return { cols: cols.map((c, f) => c.subarray(0, lens[f]!).sort()), infinite };
}

/**
 * Thresholds splitting sorted values into at most maxReal bins: one bin per distinct value when
 * they fit, else greedy equal-frequency bins in which a heavy value (e.g. port 80) is never
 * split across bins. Returns null when fewer than two distinct values exist.
 */
export function quantileThresholds(sorted: Float32Array, maxReal: number): Float64Array | null {
  const m = sorted.length;
  if (m === 0 || sorted[0] === sorted[m - 1]) return null;
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m;) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < m && sorted[j] === v) j++;
    values.push(v);
    counts.push(j - i);
    i = j;
  }
  const d = values.length;
  const out: number[] = [];
  if (d <= maxReal) {
    for (let i = 0; i + 1 < d; i++) out.push(midpoint(values[i]!, values[i + 1]!));
    return Float64Array.from(out);
  }
  let remaining = m;
  let binsLeft = maxReal;
  let acc = 0;
  for (let i = 0; i < d - 1; i++) {
    const c = counts[i]!;
    const target = remaining / binsLeft;
    // Close the bin before a value that would overfill it, so heavy values start their own bin.
    if (acc > 0 && acc + c > target && binsLeft > 1) {
      out.push(midpoint(values[i - 1]!, values[i]!));
      remaining -= acc;
      binsLeft--;
      acc = 0;
    }
    acc += c;
    if (acc >= remaining / binsLeft && binsLeft > 1) {
      out.push(midpoint(values[i]!, values[i + 1]!));
      remaining -= acc;
      binsLeft--;
      acc = 0;
    }
  }
  return Float64Array.from(out);
}

/** Midpoint in double precision; strictly between two distinct float32 values. */
function midpoint(a: number, b: number): number {
  return a + (b - a) / 2;
}
