/**
 * Histogram CART (Gini) over a binned matrix. Reads top to bottom: pop a node, sum its classes,
 * stop or find the best (feature, bin) split, partition its row range in place (stably), build the
 * smaller child's class histogram by scanning and derive the larger one as parent − smaller.
 * Nodes under SPARSE_BELOW rows carry no histogram; their search scans their rows directly.
 *
 * Deterministic: features are scanned in index order and bins low to high, and only a strictly
 * better score replaces the best split, so ties go to the lowest feature index, then lowest bin.
 */
import type { BinnedMatrix } from './binning';
import type { TreeConfig } from './config';
import type { Split } from './splitSearch';
import { SparseScratch, bestHistSplit, bestSparseSplit } from './splitSearch';
import type { TreeArrays } from './treeArrays';

/** A node waiting to be processed: its row range, histogram and where its id must be written. */
interface Pending {
  start: number;
  end: number;
  depth: number;
  /** Class histogram per feature; null for nodes small enough for the sparse search. */
  hist: Int32Array | null;
  parent: number;
  isLeft: boolean;
}

/** Progress is reported at most this often (ms), then once at the end. */
const PROGRESS_EVERY_MS = 100;

/**
 * Nodes with fewer rows than this skip histograms and search the bins their rows touch; both
 * searches give identical splits. Measured growing a 4,910-leaf tree on 1.4M synthetic rows with
 * label noise: 128–256 fastest (13.4–13.6 CPU s), 0 (histograms only) 15.1 s, 1024 19.6 s.
 */
export const SPARSE_BELOW = 256;

/** Grows a tree on binned rows with classes y (0..classCount-1); see the file doc for the method. */
export function growTree(
  m: BinnedMatrix,
  y: Uint16Array,
  classCount: number,
  featureCount: number,
  cfg: TreeConfig,
  onProgress?: (nodesDone: number) => void,
  sparseBelow = SPARSE_BELOW,
): TreeArrays {
  const g = new Grower(m, y, classCount, cfg, sparseBelow);
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafClass: number[] = [];
  let depth = 0;
  let done = 0;
  let lastReport = Date.now();
  const stack: Pending[] = [g.root()];
  while (stack.length > 0) {
    const p = stack.pop()!;
    const totals = g.classTotals(p);
    const split = g.shouldTry(p, totals) ? g.bestSplit(p, totals) : null;
    let id: number;
    if (split === null) {
      id = ~leafClass.length;
      leafClass.push(argmax(totals));
      depth = Math.max(depth, p.depth);
      if (p.hist) g.release(p.hist);
    } else {
      id = feature.length;
      feature.push(m.features[split.j]!);
      threshold.push(m.thresholds[split.j]![split.bin - 1]!);
      left.push(0);
      right.push(0);
      const [l, r] = g.children(p, split, id);
      stack.push(r, l); // left popped first: pre-order ids, leaf 0 is the leftmost path
    }
    if (p.parent >= 0) (p.isLeft ? left : right)[p.parent] = id;
    done++;
    if (onProgress && Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      onProgress(done);
    }
  }
  onProgress?.(done);
  return {
    featureCount,
    classCount,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafClass: Int16Array.from(leafClass),
    depth,
  };
}

/** Lowest index of the largest count (ties go to the lower class index). */
function argmax(counts: Float64Array): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
  return best;
}

/** Histogram bookkeeping for one training run. */
class Grower {
  private readonly n: number;
  private readonly k: number;
  /** First histogram cell (in bins) of each kept feature. */
  private readonly offsets: Int32Array;
  private readonly histLen: number;
  /** Training positions, grouped by node; ascending within each node. */
  private readonly idx: Uint32Array;
  /** Scratch for the stable partition. */
  private readonly tmp: Uint32Array;
  /** Scratch: class of idx[i] at position i, for the node being scanned. */
  private readonly ys: Uint16Array;
  private readonly pool: Int32Array[] = [];
  private readonly left: Float64Array;
  private readonly scratch: SparseScratch;
  /** Required gain in score units (row counts): the config's decrease times N. */
  private readonly minGain: number;

  constructor(
    private readonly m: BinnedMatrix,
    private readonly y: Uint16Array,
    private readonly C: number,
    private readonly cfg: TreeConfig,
    private readonly sparseBelow: number,
  ) {
    this.n = m.rows;
    this.k = m.features.length;
    this.offsets = new Int32Array(this.k + 1);
    for (let j = 0; j < this.k; j++) this.offsets[j + 1] = this.offsets[j]! + m.binCounts[j]!;
    this.histLen = this.offsets[this.k]! * C;
    this.idx = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) this.idx[i] = i;
    this.tmp = new Uint32Array(this.n);
    this.ys = new Uint16Array(this.n);
    this.left = new Float64Array(C);
    this.scratch = new SparseScratch(C);
    this.minGain = cfg.minImpurityDecrease * this.n;
  }

  /** The root node (with its histogram unless it is small). */
  root(): Pending {
    const hist = this.histFor(0, this.n);
    return { start: 0, end: this.n, depth: 0, hist, parent: -1, isLeft: false };
  }

  /** Class counts of a node. */
  classTotals(p: Pending): Float64Array {
    const t = new Float64Array(this.C);
    if (p.hist && this.k > 0) {
      // Every feature's bins add up to the node; read the first one.
      const bins = this.m.binCounts[0]!;
      for (let b = 0; b < bins; b++)
        for (let c = 0; c < this.C; c++) t[c]! += p.hist[b * this.C + c]!;
    } else {
      for (let i = p.start; i < p.end; i++) t[this.y[this.idx[i]!]!]!++;
    }
    return t;
  }

  /** Whether the stopping rules leave this node open to a split. */
  shouldTry(p: Pending, totals: Float64Array): boolean {
    const n = p.end - p.start;
    if (this.k === 0 || p.depth >= this.cfg.maxDepth) return false;
    if (n < this.cfg.minSamplesSplit || n < 2 * this.cfg.minSamplesLeaf) return false;
    let nonZero = 0;
    for (let c = 0; c < this.C; c++) if (totals[c]! > 0) nonZero++;
    return nonZero > 1;
  }

  /** Best split of a node, or null when none gains enough. */
  bestSplit(p: Pending, totals: Float64Array): Split | null {
    const n = p.end - p.start;
    let parentScore = 0;
    for (let c = 0; c < this.C; c++) parentScore += (totals[c]! * totals[c]!) / n;
    // A gain below 1e-10 n is rounding noise, not a split.
    const minScore = parentScore + Math.max(this.minGain, 1e-10 * n);
    const ctx = {
      C: this.C,
      minLeaf: this.cfg.minSamplesLeaf,
      totals,
      n,
      minScore,
      left: this.left,
    };
    if (p.hist) return bestHistSplit(ctx, p.hist, this.offsets, this.m.binCounts);
    return bestSparseSplit(
      ctx,
      this.scratch,
      this.m.codes,
      this.n,
      this.k,
      this.idx,
      p.start,
      p.end,
      this.y,
    );
  }

  /** Partitions the node's rows and returns its two children, with histograms where they pay off. */
  children(p: Pending, s: Split, id: number): [Pending, Pending] {
    const mid = this.partition(p.start, p.end, s.j, s.bin);
    if (mid - p.start !== s.nLeft) throw new Error('split search and partition disagree');
    let hl: Int32Array | null = null;
    let hr: Int32Array | null = null;
    const nl = mid - p.start;
    const nr = p.end - mid;
    if (p.hist && Math.max(nl, nr) >= this.sparseBelow) {
      const leftSmaller = nl <= nr;
      const [s0, s1] = leftSmaller ? [p.start, mid] : [mid, p.end];
      const big = p.hist;
      let small: Int32Array | null = null;
      if (s1 - s0 >= this.sparseBelow) small = this.filled(s0, s1);
      // Larger child = parent − smaller, in the parent's buffer: by decrementing the smaller
      // child's rows when they are fewer than the histogram's cells, else cell by cell.
      if (!small || (s1 - s0) * this.k < this.histLen) this.unfill(big, s0, s1);
      else for (let i = 0; i < this.histLen; i++) big[i]! -= small![i]!;
      hl = leftSmaller ? small : big;
      hr = leftSmaller ? big : small;
    } else if (p.hist) {
      this.release(p.hist);
    }
    const d = p.depth + 1;
    return [
      { start: p.start, end: mid, depth: d, hist: hl, parent: id, isLeft: true },
      { start: mid, end: p.end, depth: d, hist: hr, parent: id, isLeft: false },
    ];
  }

  /** Returns a histogram buffer to the pool. */
  release(h: Int32Array): void {
    this.pool.push(h);
  }

  /** A histogram for a node big enough to use one, else null. */
  private histFor(start: number, end: number): Int32Array | null {
    return end - start >= this.sparseBelow && this.k > 0 ? this.filled(start, end) : null;
  }

  /**
   * Stable partition: rows [start, end) with code <= bin on kept feature j move to the front,
   * each side keeping its order. idx stays ascending within every node, so the histogram scans
   * read the code columns front to back (it halved histogram-scan time against Hoare's swap).
   */
  private partition(start: number, end: number, j: number, bin: number): number {
    const { idx, tmp } = this;
    const codes = this.m.codes;
    const col = j * this.n;
    let w = start;
    let t = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i]!;
      if (codes[col + r]! <= bin) idx[w++] = r;
      else tmp[t++] = r;
    }
    idx.set(tmp.subarray(0, t), w);
    return w;
  }

  /** Removes rows idx[start..end) from a histogram (the inverse of filled). */
  private unfill(hist: Int32Array, start: number, end: number): void {
    const { idx, y, C, n } = this;
    const codes = this.m.codes;
    for (let j = 0; j < this.k; j++) {
      const col = j * n;
      const base = this.offsets[j]! * C;
      for (let i = start; i < end; i++) {
        const r = idx[i]!;
        hist[base + codes[col + r]! * C + y[r]!]!--;
      }
    }
  }

  /** Class histogram of rows idx[start..end) for every kept feature (the hot loop of training). */
  private filled(start: number, end: number): Int32Array {
    const hist = this.pool.pop() ?? new Int32Array(this.histLen);
    hist.fill(0);
    const { idx, y, ys, C, n } = this;
    const codes = this.m.codes;
    // Classes gathered once in node order, so the per-feature passes read them sequentially.
    for (let i = start; i < end; i++) ys[i] = y[idx[i]!]!;
    for (let j = 0; j < this.k; j++) {
      const col = j * n;
      const base = this.offsets[j]! * C;
      for (let i = start; i < end; i++) hist[base + codes[col + idx[i]!]! * C + ys[i]!]!++;
    }
    return hist;
  }
}
