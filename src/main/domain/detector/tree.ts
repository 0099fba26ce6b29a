/** A trained decision tree: fast prediction over row-major matrices and validated JSON. */
import type { TreeArrays } from './treeArrays';

/** JSON form of a tree (see TreeArrays for the node encoding). */
export interface SerializedTree {
  format: 'rampart-cart';
  version: 1;
  featureCount: number;
  classCount: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  leafClass: number[];
}

/** A decision tree whose leaves are the detector's signatures. Rows with value > threshold go right; NaN goes left. */
export class DecisionTree {
  readonly classCount: number;
  readonly featureCount: number;
  readonly leafCount: number;
  /** Depth of the deepest leaf (a single-leaf tree has depth 0). */
  readonly depth: number;
  private readonly feat: Int32Array;
  private readonly thr: Float64Array;
  private readonly lft: Int32Array;
  private readonly rgt: Int32Array;
  private readonly leafCls: Int16Array;

  /** Wraps arrays that are already known to be well formed (trainer output or validated JSON). */
  constructor(a: TreeArrays) {
    this.classCount = a.classCount;
    this.featureCount = a.featureCount;
    this.leafCount = a.leafClass.length;
    this.depth = a.depth;
    this.feat = a.feature;
    this.thr = a.threshold;
    this.lft = a.left;
    this.rgt = a.right;
    this.leafCls = a.leafClass;
  }

  /** The node arrays, for walking paths (signatures). Do not mutate. */
  get nodes(): Readonly<TreeArrays> {
    return {
      featureCount: this.featureCount,
      classCount: this.classCount,
      feature: this.feat,
      threshold: this.thr,
      left: this.lft,
      right: this.rgt,
      leafClass: this.leafCls,
      depth: this.depth,
    };
  }

  /** Leaf (0..leafCount-1) that row `row` of a row-major matrix falls into. */
  predictLeaf(features: Float32Array, row: number): number {
    if (this.feat.length === 0) return 0;
    const base = row * this.featureCount;
    if (!(row >= 0 && base + this.featureCount <= features.length))
      throw new RangeError(`row ${row} out of range`);
    let node = 0;
    for (;;) {
      const v = features[base + this.feat[node]!]!;
      const next = v > this.thr[node]! ? this.rgt[node]! : this.lft[node]!;
      if (next < 0) return ~next;
      node = next;
    }
  }

  /** Class predicted by a leaf. */
  classOfLeaf(leaf: number): number {
    const c = this.leafCls[leaf];
    if (c === undefined) throw new RangeError(`leaf ${leaf} out of range 0..${this.leafCount - 1}`);
    return c;
  }

  /** Leaf and class of rows 0..rows-1 (the hot path: plain loops over typed arrays, no allocation). */
  predictBatch(
    features: Float32Array,
    rows: number,
    outLeaf: Int32Array,
    outClass: Int16Array,
  ): void {
    const F = this.featureCount;
    if (rows * F > features.length || outLeaf.length < rows || outClass.length < rows) {
      throw new RangeError(`predictBatch: buffers too small for ${rows} rows`);
    }
    const { feat, thr, lft, rgt, leafCls } = this;
    if (feat.length === 0) {
      outLeaf.fill(0, 0, rows);
      outClass.fill(leafCls[0]!, 0, rows);
      return;
    }
    for (let r = 0, base = 0; r < rows; r++, base += F) {
      let node = 0;
      do {
        node = features[base + feat[node]!]! > thr[node]! ? rgt[node]! : lft[node]!;
      } while (node >= 0);
      const leaf = ~node;
      outLeaf[r] = leaf;
      outClass[r] = leafCls[leaf]!;
    }
  }

  /** Plain-JSON form; fromJSON(toJSON()) predicts identically (doubles survive JSON exactly). */
  toJSON(): SerializedTree {
    return {
      format: 'rampart-cart',
      version: 1,
      featureCount: this.featureCount,
      classCount: this.classCount,
      feature: Array.from(this.feat),
      threshold: Array.from(this.thr),
      left: Array.from(this.lft),
      right: Array.from(this.rgt),
      leafClass: Array.from(this.leafCls),
    };
  }

  /** Rebuilds a tree from JSON, rejecting anything that is not a well-formed tree. */
  static fromJSON(json: SerializedTree): DecisionTree {
    return new DecisionTree(validateTree(json));
  }
}

/** Checks shape, ranges and that the nodes form one tree (every node reached exactly once). */
function validateTree(json: unknown): TreeArrays {
  const fail = (why: string): never => {
    throw new TypeError(`invalid serialized tree: ${why}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not an object');
  const o = json as Record<string, unknown>;
  if (o.format !== 'rampart-cart' || o.version !== 1) fail('unknown format or version');
  const int = (v: unknown, min: number, max: number): boolean =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  const F = o.featureCount;
  const C = o.classCount;
  if (!int(F, 1, 1 << 20) || !int(C, 1, 32767)) return fail('bad featureCount or classCount');
  const arr = (k: string): unknown[] =>
    Array.isArray(o[k]) ? (o[k] as unknown[]) : fail(`${k} is not an array`);
  const [feature, threshold, left, right, leafClass] = [
    'feature',
    'threshold',
    'left',
    'right',
    'leafClass',
  ].map(arr);
  const n = feature!.length;
  const L = leafClass!.length;
  if (threshold!.length !== n || left!.length !== n || right!.length !== n)
    fail('node arrays differ in length');
  if (L !== n + 1) fail(`a binary tree with ${n} internal nodes has ${n + 1} leaves, not ${L}`);
  if (!feature!.every((f) => int(f, 0, (F as number) - 1))) fail('feature index out of range');
  if (!threshold!.every((t) => typeof t === 'number' && Number.isFinite(t)))
    fail('threshold not finite');
  if (!leafClass!.every((c) => int(c, 0, (C as number) - 1))) fail('leaf class out of range');
  const depth = checkLinks(left!, right!, L, fail);
  return {
    featureCount: F as number,
    classCount: C as number,
    feature: Int32Array.from(feature as number[]),
    threshold: Float64Array.from(threshold as number[]),
    left: Int32Array.from(left as number[]),
    right: Int32Array.from(right as number[]),
    leafClass: Int16Array.from(leafClass as number[]),
    depth,
  };
}

/**
 * Children must point forward (child index > parent, so no cycles) and every internal node but
 * the root and every leaf must be referenced exactly once. Returns the depth of the deepest leaf.
 */
function checkLinks(
  left: unknown[],
  right: unknown[],
  leaves: number,
  fail: (why: string) => never,
): number {
  const n = left.length;
  const seenNode = new Uint8Array(n);
  const seenLeaf = new Uint8Array(leaves);
  const nodeDepth = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && seenNode[i] === 0) fail(`node ${i} is unreachable`);
    for (const ref of [left[i], right[i]]) {
      if (typeof ref !== 'number' || !Number.isInteger(ref)) return fail('child is not an integer');
      if (ref >= 0) {
        if (ref <= i || ref >= n || seenNode[ref] === 1) fail(`bad child ${ref} of node ${i}`);
        seenNode[ref] = 1;
        nodeDepth[ref] = nodeDepth[i]! + 1;
      } else {
        const leaf = ~ref;
        if (leaf >= leaves || seenLeaf[leaf] === 1) fail(`bad leaf ${leaf} under node ${i}`);
        seenLeaf[leaf] = 1;
        depth = Math.max(depth, nodeDepth[i]! + 1);
      }
    }
  }
  return depth;
}
