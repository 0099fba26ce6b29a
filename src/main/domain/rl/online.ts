/**
 * Per-signature evidence that grows as flows arrive. SPEC.md (the paper): "whenever a flow
 * arrives and matches a signature, N_i and C_i are updated", and B_i, the Beta posterior mean,
 * moves with them. The counters start from the detector's counts (what the alert rows carry) and
 * each labelled flow adds 1 to N and, when the detector's prediction was its true class, 1 to C.
 */

/** Beta(α, β) prior of a signature's accuracy (the detector's; the paper's is Beta(1, 1)). */
export interface CountPrior {
  alpha: number;
  beta: number;
}

/** The paper's uniform prior. */
export const UNIFORM_PRIOR: Readonly<CountPrior> = { alpha: 1, beta: 1 };

/** Rows that carry a signature and its N, C per row (an AlertSet or the eval's AlertRows). */
export interface CountedRows {
  size: number;
  signature: Int32Array;
  n: Float32Array;
  c: Float32Array;
}

/** N, C, B per encoded row (index r of a batch), replacing the set's: the counts at that moment. */
export interface LiveCounts {
  n: Float32Array;
  c: Float32Array;
  b: Float32Array;
}

/** Labelled rows arriving in order (the predicted and true class say whether the detector was right). */
export interface LabelledRows extends CountedRows {
  predicted: Int16Array;
  trueClass: Int16Array;
}

/** A plain copy of the counters (crosses a worker boundary; one entry per signature). */
export interface CountsSnapshot {
  signature: Int32Array;
  n: Float64Array;
  c: Float64Array;
}

/** Live N and C per signature, with B = (α + C) / (α + β + N) as betaSummary's mean. */
export class SignatureCounts {
  private readonly index = new Map<number, number>();
  private n: number[] = [];
  private c: number[] = [];

  constructor(readonly prior: CountPrior = UNIFORM_PRIOR) {}

  /** Counters starting from the N and C the rows carry (the first row of each signature wins). */
  static fromRows(rows: CountedRows, prior: CountPrior = UNIFORM_PRIOR): SignatureCounts {
    const s = new SignatureCounts(prior);
    for (let i = 0; i < rows.size; i++) {
      const sig = rows.signature[i]!;
      if (!s.index.has(sig)) s.slot(sig, rows.n[i]!, rows.c[i]!);
    }
    return s;
  }

  /** Counters from a snapshot (e.g. what a worker handed back). */
  static fromSnapshot(snap: CountsSnapshot, prior: CountPrior = UNIFORM_PRIOR): SignatureCounts {
    const s = new SignatureCounts(prior);
    snap.signature.forEach((sig, k) => s.slot(sig, snap.n[k]!, snap.c[k]!));
    return s;
  }

  private slot(sig: number, n = 0, c = 0): number {
    let k = this.index.get(sig);
    if (k === undefined) {
      k = this.n.length;
      this.index.set(sig, k);
      this.n.push(n);
      this.c.push(c);
    }
    return k;
  }

  /** N of a signature (0 when never seen). */
  nOf(sig: number): number {
    const k = this.index.get(sig);
    return k === undefined ? 0 : this.n[k]!;
  }

  /** C of a signature (0 when never seen). */
  cOf(sig: number): number {
    const k = this.index.get(sig);
    return k === undefined ? 0 : this.c[k]!;
  }

  /** B of a signature: the Beta posterior mean under the prior. */
  bOf(sig: number): number {
    const { alpha, beta } = this.prior;
    return (alpha + this.cOf(sig)) / (alpha + beta + this.nOf(sig));
  }

  /** A labelled flow of `sig` arrived: N += 1, and C += 1 when the detector was right. */
  observe(sig: number, correct: boolean): void {
    const k = this.slot(sig);
    this.n[k]!++;
    if (correct) this.c[k]!++;
  }

  /**
   * The flows `indices` of `rows` arrive one after another: each row's N, C, B as they stand
   * just before it (its own label is not in its state), then its label counts (unlabelled rows,
   * true class < 0, count nothing).
   */
  arrive(rows: LabelledRows, indices: ArrayLike<number>): LiveCounts {
    const live: LiveCounts = {
      n: new Float32Array(indices.length),
      c: new Float32Array(indices.length),
      b: new Float32Array(indices.length),
    };
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      const sig = rows.signature[i]!;
      live.n[r] = this.nOf(sig);
      live.c[r] = this.cOf(sig);
      live.b[r] = this.bOf(sig);
      const t = rows.trueClass[i]!;
      if (t >= 0) this.observe(sig, rows.predicted[i] === t);
    }
    return live;
  }

  /** Take the counters of a snapshot (signatures it lacks keep theirs). */
  assign(snap: CountsSnapshot): void {
    snap.signature.forEach((sig, k) => {
      const j = this.slot(sig);
      this.n[j] = snap.n[k]!;
      this.c[j] = snap.c[k]!;
    });
  }

  /** The counters as plain arrays. */
  snapshot(): CountsSnapshot {
    const sigs = [...this.index.keys()];
    return {
      signature: Int32Array.from(sigs),
      n: Float64Array.from(sigs, (s) => this.nOf(s)),
      c: Float64Array.from(sigs, (s) => this.cOf(s)),
    };
  }

  /** Copies of the rows' N, C, B arrays set from the counters (signatures never seen keep theirs). */
  apply<R extends CountedRows & { b: Float32Array }>(rows: R): R {
    const n = Float32Array.from(rows.n);
    const c = Float32Array.from(rows.c);
    const b = Float32Array.from(rows.b);
    for (let i = 0; i < rows.size; i++) {
      const k = this.index.get(rows.signature[i]!);
      if (k === undefined) continue;
      n[i] = this.n[k]!;
      c[i] = this.c[k]!;
      b[i] = this.bOf(rows.signature[i]!);
    }
    return { ...rows, n, c, b };
  }
}
