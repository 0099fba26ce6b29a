/**
 * Stores one batch of live flows: classify with the feed's detector, write the flows, their
 * alerts (the signature's Beta confidence as it stands now) and the dataset's counters in one
 * transaction, then recommend with the detector's policy when one exists.
 */
import { betaSummary } from '../../domain/detector';
import type { DecisionEngine } from '../decisions/engine';
import { recommend, type AlertStates } from '../decisions/recommender';
import type { FlowBatch } from '../../domain/ingest/types';
import type { TrainedDetector } from '../../domain/classify/detect';
import type { AlertInsert } from '../../store/records';
import type { Store } from '../../store/store';

/** The detector a feed classifies with (see loadStoredDetector). */
export interface FeedDetector {
  detector: TrainedDetector;
  detectorId: number;
  signatureIds: number[];
}

/** What one stored batch produced. */
export interface WriteResult {
  alertIds: number[];
  /** Recommendations written (0 when the detector has no policy yet). */
  recommended: number;
  /** Why recommending failed (the flows and alerts are stored regardless); null when it did not. */
  recommendError: string | null;
}

/** Writes batches of one feed into its dataset. */
export class FeedWriter {
  /** Flows stored so far. */
  stored = 0;

  constructor(
    private readonly store: Store,
    private readonly engine: DecisionEngine,
    private readonly d: FeedDetector,
    readonly datasetId: number,
    private readonly classNames: readonly string[],
  ) {}

  /** Store a batch (one transaction) and recommend for its alerts. `skipped`: malformed so far. */
  async write(batch: FlowBatch, skipped: number): Promise<WriteResult> {
    const n = batch.count;
    const leaves = new Int32Array(n);
    const predicted = new Int16Array(n);
    this.d.detector.tree.predictBatch(batch.features, n, leaves, predicted);
    const states = {
      alertIds: new Float64Array(n),
      leaves,
      predicted,
      n: new Float32Array(n),
      c: new Float32Array(n),
      b: new Float32Array(n),
    } satisfies AlertStates;
    const alerts = this.alertsOf(batch, leaves, predicted, states);
    this.store.db.transaction(() => {
      const flowIds = this.store.insertFlows(this.datasetId, 0, batch);
      alerts.forEach((a, i) => (a.flowId = flowIds[i] ?? 0));
      states.alertIds.set(this.store.insertAlerts(alerts));
      this.stored += n;
      this.store.finishDataset(this.datasetId, {
        status: 'loading',
        rowsStored: this.stored,
        rowsSkipped: skipped,
        classNames: this.classNames,
        report: null,
      });
    })();
    const alertIds = Array.from(states.alertIds);
    try {
      const live = await this.engine.liveFor(this.d.detectorId);
      const recommended = live
        ? await recommend(this.store, this.engine.host, this.engine.contextOf(live), states)
        : 0;
      return { alertIds, recommended, recommendError: null };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { alertIds, recommended: 0, recommendError: `recommendations failed: ${why}` };
    }
  }

  /** Alert rows (flow ids filled in later) with each signature's current confidence. */
  private alertsOf(
    batch: FlowBatch,
    leaves: Int32Array,
    predicted: Int16Array,
    states: { n: Float32Array; c: Float32Array; b: Float32Array },
  ): AlertInsert[] {
    const { detector, detectorId, signatureIds } = this.d;
    // Counts as they stand now: analyst decisions keep updating them while the feed runs.
    const byLeaf = new Map<
      number,
      { n: number; c: number; mean: number; lo: number; hi: number }
    >();
    const out: AlertInsert[] = new Array<AlertInsert>(batch.count);
    for (let i = 0; i < batch.count; i++) {
      const leaf = leaves[i]!;
      let conf = byLeaf.get(leaf);
      if (!conf) {
        const sig = this.store.getSignature(signatureIds[leaf] ?? 0);
        const n = sig?.n ?? detector.n[leaf] ?? 0;
        const c = sig?.c ?? detector.c[leaf] ?? 0;
        const prior = sig ? { alpha: sig.alpha, beta: sig.beta } : detector.options.prior;
        conf = { n, c, ...betaSummary(c, n, prior) };
        byLeaf.set(leaf, conf);
      }
      states.n[i] = conf.n;
      states.c[i] = conf.c;
      states.b[i] = conf.mean;
      out[i] = {
        flowId: 0,
        datasetId: this.datasetId,
        detectorId,
        signatureId: signatureIds[leaf] ?? 0,
        predictedClass: detector.classNames[predicted[i]!] ?? '?',
        split: null,
        mean: conf.mean,
        lo: conf.lo,
        hi: conf.hi,
        status: 'pending',
      };
    }
    return out;
  }
}
