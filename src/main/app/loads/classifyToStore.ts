/** Persist a trained detector and turn every flow of a dataset into an alert with its confidence. */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { betaSummary } from '../../domain/detector';
import { FEATURES } from '../../domain/ingest/schema';
import type { AlertInsert } from '../../store/records';
import type { Store } from '../../store/store';
import { classifyMatrix, type TrainedDetector } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';

/** Store the detector and its signatures (N/C from the training split); returns ids. */
export function storeDetector(
  store: Store,
  datasetId: number,
  d: TrainedDetector,
): { detectorId: number; signatureIds: number[] } {
  const detectorId = store.insertDetector({
    datasetId,
    config: JSON.stringify(d.options),
    classNames: JSON.stringify(d.classNames),
    featureNames: JSON.stringify(FEATURES),
    tree: JSON.stringify(d.tree.toJSON()),
    report: JSON.stringify(d.report),
    trainRows: d.train.length,
    testRows: d.test.length,
    trainMs: d.trainMs,
  });
  const signatureIds = store.insertSignatures(
    d.signatures.map((s) => ({
      detectorId,
      leaf: s.leaf,
      className: d.classNames[s.classIndex] ?? String(s.classIndex),
      conditions: JSON.stringify(s.conditions),
      text: s.text,
      n: d.n[s.leaf] ?? 0,
      c: d.c[s.leaf] ?? 0,
      alpha: d.options.prior.alpha,
      beta: d.options.prior.beta,
    })),
  );
  // signatures are stored in leaf order of d.signatures; index ids by leaf.
  const byLeaf: number[] = [];
  d.signatures.forEach((s, i) => (byLeaf[s.leaf] = signatureIds[i] ?? 0));
  return { detectorId, signatureIds: byLeaf };
}

/** Each stored alert's id and the detector's state when it was decided (what a policy observes). */
export interface ClassifiedAlerts {
  alerts: number;
  /** Alert ids in matrix row order. */
  alertIds: Float64Array;
  /** Signature (leaf) and predicted class index per row. */
  leaves: Int32Array;
  predicted: Int16Array;
  /** The signature's N, C and Beta mean at decision time, per row. */
  n: Float32Array;
  c: Float32Array;
  b: Float32Array;
}

/**
 * Classify every row in flow order and store an alert per flow. The confidence is the signature's
 * Beta posterior at decision time; each labelled test-split flow then updates its signature's N/C,
 * as labelled flows arriving in production would. Alerts are written in batched transactions.
 */
export async function classifyToStore(
  store: Store,
  datasetId: number,
  detectorId: number,
  signatureIds: readonly number[],
  d: TrainedDetector,
  m: FlowMatrix,
  onProgress?: (done: number) => void,
): Promise<ClassifiedAlerts> {
  const { leaves, predicted } = classifyMatrix(d.tree, m);
  const split = new Int8Array(m.rows); // 0 none, 1 train, 2 test
  d.train.forEach((r) => (split[r] = 1));
  d.test.forEach((r) => (split[r] = 2));
  const n = Uint32Array.from(d.n);
  const c = Uint32Array.from(d.c);
  const prior = d.options.prior;
  const batch: AlertInsert[] = [];
  const out: ClassifiedAlerts = {
    alerts: m.rows,
    alertIds: new Float64Array(m.rows),
    leaves: new Int32Array(m.rows),
    predicted: new Int16Array(m.rows),
    n: new Float32Array(m.rows),
    c: new Float32Array(m.rows),
    b: new Float32Array(m.rows),
  };
  let written = 0;
  const flush = (): void => {
    out.alertIds.set(store.insertAlerts(batch), written);
    written += batch.length;
    batch.length = 0;
  };
  const cache: ({ mean: number; lo: number; hi: number } | undefined)[] = [];
  for (let r = 0; r < m.rows; r++) {
    const leaf = leaves[r] ?? 0;
    // The Beta quantiles cost ~5 µs: recompute a leaf's only when its counts changed.
    let conf = cache[leaf];
    if (!conf) conf = cache[leaf] = betaSummary(c[leaf] ?? 0, n[leaf] ?? 0, prior);
    const s = split[r];
    out.leaves[r] = leaf;
    out.predicted[r] = predicted[r] ?? 0;
    out.n[r] = n[leaf] ?? 0;
    out.c[r] = c[leaf] ?? 0;
    out.b[r] = conf.mean;
    batch.push({
      flowId: m.flowIds[r] ?? 0,
      datasetId,
      detectorId,
      signatureId: signatureIds[leaf] ?? 0,
      predictedClass: d.classNames[predicted[r] ?? 0] ?? '?',
      split: s === 1 ? 'train' : s === 2 ? 'test' : null,
      mean: conf.mean,
      lo: conf.lo,
      hi: conf.hi,
      status: 'pending',
    });
    const truth = m.classes[r] ?? -1;
    if (s === 2 && truth >= 0) {
      cache[leaf] = undefined;
      n[leaf] = (n[leaf] ?? 0) + 1;
      if (truth === predicted[r]) c[leaf] = (c[leaf] ?? 0) + 1;
    }
    if (batch.length === 8192) {
      flush();
      onProgress?.(r + 1);
      await yieldToLoop();
    }
  }
  flush();
  store.updateSignatureCounts(
    signatureIds
      .map((id, leaf) => ({ id, n: n[leaf] ?? 0, c: c[leaf] ?? 0 }))
      .filter((x) => x.id > 0),
  );
  onProgress?.(m.rows);
  return out;
}
