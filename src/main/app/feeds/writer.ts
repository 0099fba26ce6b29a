/**
 * Stores one batch of live flows: classify with the feed's detector, write the flows, their
 * alerts (the signature's Beta confidence as it stands now) and the dataset's counters in one
 * transaction, then recommend with the detector's policy when one exists.
 */
import type { TrainedDetector } from '../../domain/classify/detect';
import type { FlowBatch } from '../../domain/ingest/types';
import type { ChangeSet } from '../../store/changes';
import type { SignatureRecord } from '../../store/records';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import { fillNovelty } from '../decisions/novelty';
import { recommend } from '../decisions/recommender';
import { AlertWriter, classifiedRows } from '../loads/alertWriter';

/** The detector a feed classifies with (see loadStoredDetector). */
export interface FeedDetector {
  detector: TrainedDetector;
  detectorId: number;
  signatureIds: number[];
}

/** What one stored batch produced. */
export interface WriteResult {
  /** What the batch's transaction wrote: its flows, alerts (by dataset) and dataset counters. */
  changes: ChangeSet;
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
    private d: FeedDetector,
    readonly datasetId: number,
    private readonly classNames: readonly string[],
  ) {}

  /** Classify the next batches with another detector (the feed's switch). */
  useDetector(d: FeedDetector): void {
    this.d = d;
  }

  /** Store a batch (one transaction) and recommend for its alerts. `skipped`: malformed so far. */
  async write(batch: FlowBatch, skipped: number): Promise<WriteResult> {
    const n = batch.count;
    const { detector, detectorId, signatureIds } = this.d;
    const leaves = new Int32Array(n);
    const predicted = new Int16Array(n);
    detector.tree.predictBatch(batch.features, n, leaves, predicted);
    const rows = classifiedRows(leaves, predicted);
    fillNovelty(rows, detector.leafBounds, batch.features);
    // Counts as they stand now: analyst decisions keep updating them while the feed runs. One
    // read of the detector's signatures per batch (on PostgreSQL each read is a round trip).
    let sigs: Map<number, SignatureRecord> | null = null;
    const writer = new AlertWriter(
      this.store,
      { datasetId: this.datasetId, detectorId, signatureIds, detector },
      (leaf) => {
        sigs ??= new Map(this.store.signaturesOf(detectorId).map((x) => [x.id, x]));
        const sig = sigs.get(signatureIds[leaf] ?? 0);
        return {
          n: sig?.n ?? detector.n[leaf] ?? 0,
          c: sig?.c ?? detector.c[leaf] ?? 0,
          prior: sig ? { alpha: sig.alpha, beta: sig.beta } : detector.options.prior,
        };
      },
    );
    const alerts = Array.from({ length: n }, (_x, i) => writer.alert(rows, i, 0, null));
    const changes = writer.insert(alerts, rows, 0, {
      flows: batch,
      alsoWrite: () => {
        this.stored += n;
        this.store.finishDataset(this.datasetId, {
          status: 'loading',
          rowsSkipped: skipped,
          classNames: this.classNames,
          report: null,
        });
      },
    });
    try {
      const live = await this.engine.liveFor(detectorId);
      const recommended = live
        ? await recommend(this.store, this.engine.host, this.engine.contextOf(live), rows)
        : 0;
      return { changes, recommended, recommendError: null };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { changes, recommended: 0, recommendError: `recommendations failed: ${why}` };
    }
  }
}
