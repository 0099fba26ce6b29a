/**
 * The one flow → alert writer, for CSV loads and live feeds alike: each classified row's leaf
 * names its signature, whose Beta summary (cached until the leaf's counts change) becomes the
 * alert's confidence and the row's (N, C, B) state for the policy. What differs is the caller's:
 * where a leaf's counts start from, the split label of each row, whether labelled rows count
 * towards N/C, and whether the flows are stored in the same transaction as their alerts.
 */
import type { TrainedDetector } from '../../domain/classify/detect';
import { betaSummary, type BetaPrior } from '../../domain/detector';
import type { FlowBatch } from '../../domain/ingest/types';
import type { ChangeSet } from '../../store/changes';
import type { AlertInsert } from '../../store/records';
import type { Store } from '../../store/store';
import type { ClassifiedAlerts } from '../decisions/recommender';
import { TrueCountLog } from '../decisions/trueCounts';

/** The detector alerts come from and the dataset they are stored in. */
export interface AlertTarget {
  datasetId: number;
  detectorId: number;
  /** Signature id by leaf. */
  signatureIds: readonly number[];
  detector: TrainedDetector;
}

/** A leaf's N and C and its signature's Beta prior. */
export interface LeafCounts {
  n: number;
  c: number;
  prior: BetaPrior;
  /** Labelled flows by true class (sum N); null when only N and C are known. */
  trueCounts?: ArrayLike<number> | null;
}

/** A leaf's counts as the detector was trained (what a load starts from). */
export function trainedCounts(d: TrainedDetector): (leaf: number) => LeafCounts {
  const k = d.classNames.length;
  const t = d.leafTrueCounts;
  return (leaf) => ({
    n: d.n[leaf] ?? 0,
    c: d.c[leaf] ?? 0,
    prior: d.options.prior,
    trueCounts: t && t.length >= (leaf + 1) * k ? t.subarray(leaf * k, leaf * k + k) : null,
  });
}

/** Per-row states for classified rows, alert ids and N/C/B still to be written. */
export function classifiedRows(leaves: Int32Array, predicted: Int16Array): ClassifiedAlerts {
  const rows = leaves.length;
  return {
    alerts: rows,
    alertIds: new Float64Array(rows),
    leaves,
    predicted,
    n: new Float32Array(rows),
    c: new Float32Array(rows),
    b: new Float32Array(rows),
    novelty: new Float32Array(rows).fill(NaN),
  };
}

type Leaf = LeafCounts & { conf?: { mean: number; lo: number; hi: number } };

/** Builds and stores the alerts of one detector's classified rows. */
export class AlertWriter {
  private readonly leaves: (Leaf | undefined)[] = [];
  /** Per-leaf true-class counts as this writer counts labelled rows (the risk's evidence). */
  readonly trueCounts: TrueCountLog;

  /** `countsOf`: a leaf's counts when the writer first meets it. */
  constructor(
    private readonly store: Store,
    private readonly t: AlertTarget,
    private readonly countsOf: (leaf: number) => LeafCounts,
  ) {
    this.trueCounts = new TrueCountLog(
      t.detector.classNames.length,
      (leaf) => countsOf(leaf).trueCounts ?? null,
    );
  }

  /** The alert of row `r` of `rows` with its leaf's confidence now; fills the row's N, C and B. */
  alert(
    rows: ClassifiedAlerts,
    r: number,
    flowId: number,
    split: AlertInsert['split'],
  ): AlertInsert {
    const leaf = rows.leaves[r] ?? 0;
    const s = this.leaf(leaf);
    // The Beta quantiles cost ~5 µs: recompute a leaf's only when its counts changed.
    const conf = (s.conf ??= betaSummary(s.c, s.n, s.prior));
    rows.n[r] = s.n;
    rows.c[r] = s.c;
    rows.b[r] = conf.mean;
    return {
      flowId,
      datasetId: this.t.datasetId,
      detectorId: this.t.detectorId,
      signatureId: this.t.signatureIds[leaf] ?? 0,
      predictedClass: this.t.detector.classNames[rows.predicted[r] ?? 0] ?? '?',
      split,
      mean: conf.mean,
      lo: conf.lo,
      hi: conf.hi,
      status: 'pending',
    };
  }

  /**
   * A labelled row counts towards its leaf's N, and C when it was predicted right; with its true
   * class, towards the leaf's counts by true class too.
   */
  count(leaf: number, correct: boolean, trueClass?: number): void {
    const s = this.leaf(leaf);
    s.n++;
    if (correct) s.c++;
    s.conf = undefined;
    if (trueClass !== undefined) this.trueCounts.add(leaf, trueClass);
  }

  /** Every signature's N and C (and counts by true class, when known) as they stand now. */
  signatureCounts(): { id: number; n: number; c: number; trueCounts: string | null }[] {
    return this.t.signatureIds
      .map((id, leaf) => {
        const s = this.leaf(leaf);
        return { id, n: s.n, c: s.c, trueCounts: this.trueCounts.currentJson(leaf) };
      })
      .filter((x) => x.id > 0);
  }

  /**
   * Store `alerts` (rows `at`… of `rows`) in one transaction, their ids into `rows.alertIds`.
   * With `flows`, the batch's flows are stored first in that transaction and give the alerts their
   * flow ids; `alsoWrite` runs last inside it. Returns what the transaction wrote.
   */
  insert(
    alerts: AlertInsert[],
    rows: ClassifiedAlerts,
    at: number,
    opts: { flows?: FlowBatch; alsoWrite?: () => void } = {},
  ): ChangeSet {
    // A stream's batch only appends rows its stream sequences key (and adds to counters): on a
    // shared database it needs no writer lock, so several workers store at once.
    const appendOnly = opts.flows?.streamSeqs !== undefined;
    return this.store.write(
      () => {
        if (opts.flows) {
          const flowIds = this.store.insertFlows(this.t.datasetId, 0, opts.flows);
          const seqs = opts.flows.streamSeqs;
          alerts.forEach((a, i) => {
            a.flowId = flowIds[i] ?? 0;
            if (seqs) a.streamSeq = seqs[i] ?? null;
          });
        }
        rows.alertIds.set(this.store.insertAlerts(alerts), at);
        opts.alsoWrite?.();
      },
      { appendOnly },
    ).changes;
  }

  private leaf(leaf: number): Leaf {
    return (this.leaves[leaf] ??= { ...this.countsOf(leaf) });
  }
}
