/**
 * A signature's labelled flows by true class, the evidence of a recommendation's risk. One source:
 * the signature row's counts (calibration flows, then labelled loads and analysts' labels), which
 * N and C are the sum and the predicted class's entry of — so the risk and B never disagree on
 * what was seen. The KG's own counts are not used: the app's graph is built from training
 * episodes (several passes over the training rows), which are not flows.
 */

/** A signature's stored true-class counts (JSON), or null when absent or not K numbers. */
export function parseTrueCounts(json: string | null, k: number): number[] | null {
  if (json === null) return null;
  const v = JSON.parse(json) as unknown;
  if (!Array.isArray(v) || v.length !== k || !v.every((x) => Number.isInteger(x) && x >= 0))
    return null;
  return v as number[];
}

/**
 * The counts of a signature whose per-class counts were not stored (before issue 12): C on the
 * predicted class and the N − C wrong flows spread evenly over the other classes, so the
 * predicted class's marginal is still the paper's Beta(C + 1, N − C + 1) and nothing is claimed
 * about which wrong class.
 */
export function countsFromNC(n: number, c: number, predicted: number, k: number): Float64Array {
  const out = new Float64Array(k);
  const others = k - 1;
  for (let t = 0; t < k; t++)
    out[t] = t === predicted ? c : others > 0 ? Math.max(0, n - c) / others : 0;
  return out;
}

/**
 * Per-leaf true-class counts as a pass over flows adds labelled ones, with the counts at any N the
 * leaf went through (`at`): an alert's risk uses the counts at its own decision time, as its B
 * does, not counts that already include its own label.
 */
export class TrueCountLog {
  private readonly base: (Float64Array | null | undefined)[] = [];
  private readonly log: number[][] = [];
  /** Per leaf, the counts last handed out and how many log entries they include. */
  private readonly cursor: ({ upTo: number; counts: Float64Array } | undefined)[] = [];

  /** `baseOf(leaf)`: the leaf's counts when the pass starts (null: not known per class). */
  constructor(
    readonly classCount: number,
    private readonly baseOf: (leaf: number) => ArrayLike<number> | null,
  ) {}

  private baseFor(leaf: number): Float64Array | null {
    let b = this.base[leaf];
    if (b === undefined) {
      const raw = this.baseOf(leaf);
      b = raw && raw.length === this.classCount ? Float64Array.from(raw) : null;
      this.base[leaf] = b;
    }
    return b;
  }

  /** One labelled flow of class `trueClass` counted for `leaf`. */
  add(leaf: number, trueClass: number): void {
    (this.log[leaf] ??= []).push(trueClass);
  }

  /** The leaf's counts when its N was `n` (null when its per-class base is not known). */
  at(leaf: number, n: number): Float64Array | null {
    const b = this.baseFor(leaf);
    if (!b) return null;
    let n0 = 0;
    for (const x of b) n0 += x;
    const log = this.log[leaf] ?? [];
    const upTo = Math.min(log.length, Math.max(0, Math.round(n - n0)));
    // Rows are recommended in the order they were counted, so each leaf's N only grows: carry on
    // from the last answer instead of replaying its whole log (quadratic on a large leaf).
    let c = this.cursor[leaf];
    if (!c || c.upTo > upTo) c = { upTo: 0, counts: Float64Array.from(b) };
    for (let i = c.upTo; i < upTo; i++) c.counts[log[i]!]! += 1;
    c.upTo = upTo;
    this.cursor[leaf] = c;
    return Float64Array.from(c.counts);
  }

  /** The leaf's counts now, as JSON for its signature row (null when not known per class). */
  currentJson(leaf: number): string | null {
    const b = this.baseFor(leaf);
    if (!b) return null;
    return JSON.stringify(Array.from(this.at(leaf, Infinity)!));
  }
}
