/**
 * Float → bin code, for every kept feature of every training row (the costliest step of binning).
 *
 * A value's code is 1 + #(thresholds < v), or 0 for NaN. Instead of a full binary search over up to
 * 254 thresholds, the top 14 bits of an order-preserving key of the float32 bits pick a bucket
 * (32 buckets per power of two) whose precomputed [lo, hi] brackets the answer, usually to one or
 * two candidates. Rows are taken in cache-sized blocks and each block is encoded feature by
 * feature, so one feature's table stays in cache and its codes are written sequentially.
 */

const BUCKET_BITS = 14;
const SHIFT = 32 - BUCKET_BITS;
const BUCKETS = 1 << BUCKET_BITS;
/** Rows encoded per block: a block of row-major rows (~1.3 MiB at 83 features) stays in cache. */
const ENCODE_BLOCK = 4096;

/** Per-feature lookup: thresholds and, per key bucket, the least and greatest possible answer. */
interface Lookup {
  t: Float64Array;
  lo: Uint8Array;
  hi: Uint8Array;
}

/** Number of thresholds strictly below v (binary search), i.e. the 0-based real bin of v. */
export function countBelow(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Writes codes[j * n + i] for kept feature j of row rowIndex[i]. */
export function encodeRows(
  features: Float32Array,
  featureCount: number,
  rowIndex: Uint32Array,
  kept: readonly number[],
  thresholds: readonly Float64Array[],
  codes: Uint8Array,
): void {
  const n = rowIndex.length;
  const bits = new Uint32Array(features.buffer, features.byteOffset, features.length);
  const lookups = thresholds.map(buildLookup);
  for (let lo = 0; lo < n; lo += ENCODE_BLOCK) {
    const hi = Math.min(n, lo + ENCODE_BLOCK);
    for (let j = 0; j < kept.length; j++) {
      encodeBlock(
        features,
        bits,
        featureCount,
        rowIndex,
        lo,
        hi,
        kept[j]!,
        lookups[j]!,
        codes,
        j * n,
      );
    }
  }
}

/** Codes of feature f for rows rowIndex[lo..hi), written from codes[out + lo]. */
function encodeBlock(
  values: Float32Array,
  bits: Uint32Array,
  featureCount: number,
  rowIndex: Uint32Array,
  lo: number,
  hi: number,
  f: number,
  { t, lo: low, hi: high }: Lookup,
  codes: Uint8Array,
  out: number,
): void {
  for (let i = lo; i < hi; i++) {
    const at = rowIndex[i]! * featureCount + f;
    const v = values[at]!;
    let code = 0; // NaN
    if (v === v) {
      const b = bits[at]!;
      const bucket = (b & 0x80000000 ? ~b : b | 0x80000000) >>> SHIFT;
      let p = low[bucket]!;
      let h = high[bucket]!;
      while (p < h) {
        const mid = (p + h) >>> 1;
        if (t[mid]! < v) p = mid + 1;
        else h = mid;
      }
      code = p + 1;
    }
    codes[out + i] = code;
  }
}

/** Brackets #(t < v) for every bucket from the smallest and largest float the bucket can hold. */
function buildLookup(t: Float64Array): Lookup {
  const lo = new Uint8Array(BUCKETS);
  const hi = new Uint8Array(BUCKETS);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const valueOfKey = (key: number, ifNaN: number): number => {
    // Inverse of the order-preserving key: positive floats have the top bit set, negatives are flipped.
    u[0] = key & 0x80000000 ? key & 0x7fffffff : ~key;
    const v = f[0]!;
    return v === v ? v : ifNaN;
  };
  for (let b = 0; b < BUCKETS; b++) {
    const first = (b << SHIFT) >>> 0;
    const last = (first | ((1 << SHIFT) - 1)) >>> 0;
    lo[b] = countBelow(t, valueOfKey(first, -Infinity));
    hi[b] = countBelow(t, valueOfKey(last, Infinity));
  }
  return { t, lo, hi };
}
