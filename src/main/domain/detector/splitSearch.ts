/**
 * Best Gini split of one node, two ways that give bit-identical answers:
 * - from the node's full class histogram (large nodes, where the histogram comes almost free
 *   from the parent by subtraction), and
 * - by scanning only the bins the node's rows touch (small nodes, where walking every bin of every
 *   feature would cost more than the rows themselves).
 *
 * Score = Σ_c L_c²/nL + Σ_c R_c²/nR; the weighted Gini decrease is (score − Σ_c P_c²/n) / N_train.
 * Candidates are "code <= b" for real bins b >= 1 (code 0 = NaN always joins the left). Features
 * are visited in index order, bins low to high, and only a strictly higher score wins, so ties go
 * to the lowest feature index, then the lowest bin.
 */

/** A chosen split: kept-feature index j, rows with code <= bin go left. */
export interface Split {
  j: number;
  bin: number;
  nLeft: number;
  score: number;
}

/** What both searches need to know about the node and the stopping rules. */
export interface SearchContext {
  /** Class count. */
  C: number;
  minLeaf: number;
  /** Class totals of the node. */
  totals: Float64Array;
  /** Rows in the node. */
  n: number;
  /** A split must score above this (parent score plus the required decrease). */
  minScore: number;
  /** Scratch, length C. */
  left: Float64Array;
}

/** Σ L²/nL + Σ (T−L)²/nR. */
function score(
  left: Float64Array,
  totals: Float64Array,
  C: number,
  nL: number,
  nR: number,
): number {
  let sL = 0;
  let sR = 0;
  for (let c = 0; c < C; c++) {
    const l = left[c]!;
    const r = totals[c]! - l;
    sL += l * l;
    sR += r * r;
  }
  return sL / nL + sR / nR;
}

/** Best split from a node histogram laid out hist[(offsets[j] + bin) * C + class]. */
export function bestHistSplit(
  ctx: SearchContext,
  hist: Int32Array,
  offsets: Int32Array,
  binCounts: Int32Array,
): Split | null {
  const { C, minLeaf, totals, n, left } = ctx;
  let best: Split | null = null;
  let bestScore = ctx.minScore;
  for (let j = 0; j < binCounts.length; j++) {
    const base = offsets[j]! * C;
    const bins = binCounts[j]!;
    left.fill(0);
    let nL = 0;
    for (let b = 0; b < bins - 1; b++) {
      const o = base + b * C;
      let inBin = 0;
      for (let c = 0; c < C; c++) {
        const v = hist[o + c]!;
        left[c]! += v;
        inBin += v;
      }
      nL += inBin;
      // An empty bin repeats the previous partition, which already had its chance (ties keep
      // the lower bin) -- except right after the NaN bin, where b = 1 is the "NaN alone" split.
      if (b === 0 || nL < minLeaf || (inBin === 0 && b > 1)) continue;
      const nR = n - nL;
      if (nR < minLeaf) break;
      const s = score(left, totals, C, nL, nR);
      if (s > bestScore) {
        bestScore = s;
        best = { j, bin: b, nLeft: nL, score: s };
      }
    }
  }
  return best;
}

/** Scratch buffers of the sparse search, sized once per training run. */
export class SparseScratch {
  /** Per-bin class counts of one feature, all zero between uses. */
  readonly counts: Int32Array;
  /** Rows per bin of one feature, all zero between uses. */
  readonly binRows: Int32Array;
  /** Bins touched by the node's rows. */
  readonly touched: Int32Array;

  constructor(C: number) {
    this.counts = new Int32Array(256 * C);
    this.binRows = new Int32Array(256);
    this.touched = new Int32Array(256);
  }
}

/** Best split of rows idx[start..end) read straight from the column-major codes. */
export function bestSparseSplit(
  ctx: SearchContext,
  s: SparseScratch,
  codes: Uint8Array,
  rows: number,
  features: number,
  idx: Uint32Array,
  start: number,
  end: number,
  y: Uint16Array,
): Split | null {
  const { C, minLeaf, totals, n, left } = ctx;
  const { counts, binRows, touched } = s;
  let best: Split | null = null;
  let bestScore = ctx.minScore;
  for (let j = 0; j < features; j++) {
    const col = j * rows;
    let t = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i]!;
      const b = codes[col + r]!;
      if (binRows[b]!++ === 0) touched[t++] = b;
      counts[b * C + y[r]!]!++;
    }
    const bins = touched.subarray(0, t).sort();
    left.fill(0);
    let nL = 0;
    for (let k = 0; k < t; k++) {
      const b = bins[k]!;
      for (let c = 0; c < C; c++) left[c]! += counts[b * C + c]!;
      nL += binRows[b]!;
      // The NaN rows alone are a candidate (at b = 1) only when no row sits in real bin 1.
      const at = b === 0 ? (k + 1 < t && bins[k + 1]! > 1 ? 1 : -1) : b;
      if (at < 0 || nL < minLeaf) continue;
      const nR = n - nL;
      if (nR < minLeaf) break;
      const sc = score(left, totals, C, nL, nR);
      if (sc > bestScore) {
        bestScore = sc;
        best = { j, bin: at, nLeft: nL, score: sc };
      }
    }
    for (let k = 0; k < t; k++) {
      const b = bins[k]!;
      binRows[b] = 0;
      counts.fill(0, b * C, b * C + C);
    }
  }
  return best;
}
