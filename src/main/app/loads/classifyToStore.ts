/** Persist a trained detector and turn every flow of a dataset into an alert with its confidence. */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { classifyMatrix, type TrainedDetector } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import { FEATURES } from '../../domain/ingest/schema';
import type { AlertInsert } from '../../store/records';
import type { Store } from '../../store/store';
import type { ClassifiedAlerts } from '../decisions/recommender';
import { AlertWriter, classifiedRows, trainedCounts } from './alertWriter';
import { encodeLeafBounds, trueCountsJson } from './storedDetector';
import { fillNovelty } from '../decisions/novelty';

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
      trueCounts: trueCountsJson(d.leafTrueCounts, s.leaf, d.classNames.length),
    })),
  );
  if (d.leafBounds) {
    const b = encodeLeafBounds(d.leafBounds);
    store.setLeafBounds(detectorId, b.blob, b.features);
  }
  // signatures are stored in leaf order of d.signatures; index ids by leaf.
  const byLeaf: number[] = [];
  d.signatures.forEach((s, i) => (byLeaf[s.leaf] = signatureIds[i] ?? 0));
  return { detectorId, signatureIds: byLeaf };
}

/** Alerts a dataset already holds from the detector, as (flow id, alert id) in flow order. */
export interface ExistingAlerts {
  flowIds: readonly number[];
  alertIds: readonly number[];
}

/**
 * Classify every row in flow order and store an alert per flow. The confidence is the signature's
 * Beta posterior at decision time; each labelled test-split flow then updates its signature's N/C,
 * as labelled flows arriving in production would. Alerts are written in batched transactions.
 *
 * With `existing` (a resumed load), rows whose flow already has an alert are not written again:
 * the pass still runs over every row, so the rows after them get the very confidences and N/C an
 * uninterrupted pass gives, and the returned states name the existing alert ids. The signatures'
 * counts are written only when the pass wrote an alert (a pass that had finished wrote them).
 */
export async function classifyToStore(
  store: Store,
  datasetId: number,
  detectorId: number,
  signatureIds: readonly number[],
  d: TrainedDetector,
  m: FlowMatrix,
  onProgress?: (done: number) => void,
  existing?: ExistingAlerts,
): Promise<ClassifiedAlerts & { inserted: number }> {
  const { leaves, predicted } = classifyMatrix(d.tree, m);
  const split = new Int8Array(m.rows); // 0 none, 1 train, 2 test
  d.train.forEach((r) => (split[r] = 1));
  d.test.forEach((r) => (split[r] = 2));
  const writer = new AlertWriter(
    store,
    { datasetId, detectorId, signatureIds, detector: d },
    trainedCounts(d),
  );
  const out = classifiedRows(leaves, predicted);
  fillNovelty(out, d.leafBounds, m.featureView);
  out.trueCounts = (leaf, n) => writer.trueCounts.at(leaf, n);
  const batch: AlertInsert[] = [];
  let batchStart = 0;
  let inserted = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    writer.insert(batch, out, batchStart);
    inserted += batch.length;
    batch.length = 0;
  };
  let e = 0; // next existing alert (flow ids ascend in row order, as the load stored them)
  for (let r = 0; r < m.rows; r++) {
    const s = split[r];
    const flowId = m.flowIds[r] ?? 0;
    const alert = writer.alert(out, r, flowId, s === 1 ? 'train' : s === 2 ? 'test' : null);
    while (existing && e < existing.flowIds.length && existing.flowIds[e]! < flowId) e++;
    if (existing && existing.flowIds[e] === flowId) {
      flush();
      out.alertIds[r] = existing.alertIds[e]!;
      batchStart = r + 1;
    } else {
      if (batch.length === 0) batchStart = r;
      batch.push(alert);
    }
    const truth = m.classes[r] ?? -1;
    if (s === 2 && truth >= 0) writer.count(leaves[r] ?? 0, truth === predicted[r], truth);
    if ((r + 1) % 8192 === 0) {
      flush();
      onProgress?.(r + 1);
      await yieldToLoop();
    }
  }
  flush();
  if (inserted > 0) store.updateSignatureCounts(writer.signatureCounts());
  onProgress?.(m.rows);
  return Object.assign(out, { inserted });
}
