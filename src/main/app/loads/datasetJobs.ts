/**
 * Jobs on a stored dataset: resuming a load a crash or kill cut short (classify the flows that
 * have no alert, train the policy if none was stored, recommend the pending alerts that have no
 * recommendation), and re-classifying (the detector trained again, every flow classified again).
 */
import type { JobResult } from '../../../shared/contract';
import {
  calibrationSplit,
  labelledSplit,
  leafCounts,
  type TrainedDetector,
} from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import { recommend, type AlertStates, type ClassifiedAlerts } from '../decisions/recommender';
import type { JobContext } from '../hub/jobs';
import { classifyToStore } from './classifyToStore';
import { detectAndRecommend } from './pipeline';
import { loadStoredDetector } from './storedDetector';
import { readStoredMatrix } from './storedMatrix';

/**
 * The detector a dataset's alerts came from, as the load had it: for the dataset's own detector,
 * the train/test and calibration splits are rebuilt from the stored rows (same rows, order,
 * fractions and seed give the same splits) and N/C recounted on the calibration rows, which is
 * where the load's classify pass started from. Another dataset's detector starts from its stored counts.
 */
function detectorOfLoad(
  store: Store,
  datasetId: number,
  matrix: FlowMatrix,
): { detector: TrainedDetector; detectorId: number; signatureIds: number[]; own: boolean } | null {
  // The detector the job had chosen (recorded before classifying: a re-score's pick too).
  const chosen = store.detectorChoice.scoredBy(datasetId);
  const fromAlerts = store.recovery.alertDetectors(datasetId).at(-1);
  const own = store.getDetector(undefined, datasetId);
  const stored = loadStoredDetector(store, chosen ?? fromAlerts ?? own?.id);
  if (!stored) return null;
  const rec = store.getDetector(stored.detectorId);
  if (rec?.dataset_id !== datasetId) return { ...stored, own: false };
  const det = stored.detector;
  const { train, test } = labelledSplit(matrix, det.options.split, det.options.seed);
  if (train.length !== rec.train_rows || test.length !== rec.test_rows)
    throw new Error(
      `could not rebuild detector ${rec.id}'s split: ${train.length} / ${test.length} rows, stored ${rec.train_rows} / ${rec.test_rows}`,
    );
  // N/C (and the counts by true class) start where the load's pass started: on the calibration
  // rows, rebuilt from the stored options (the whole training split for a detector without them).
  const { grow, calibration } = calibrationSplit(
    matrix,
    train,
    det.options.calibration,
    det.options.seed,
  );
  const counted = calibration.length > 0 ? calibration : grow;
  const { n, c, trueCounts } = leafCounts(det.tree, matrix, counted, det.classNames.length);
  return {
    ...stored,
    detector: { ...det, train, test, calibration, n, c, leafTrueCounts: trueCounts },
    own: true,
  };
}

/** The rows of `rows` whose alert is in `ids`. */
function statesOf(rows: ClassifiedAlerts, ids: Set<number>): AlertStates {
  const keep: number[] = [];
  for (let r = 0; r < rows.alerts; r++) if (ids.has(rows.alertIds[r] ?? 0)) keep.push(r);
  const pick = <T extends ArrayLike<number>>(a: T) => keep.map((r) => a[r] ?? 0);
  return {
    alertIds: pick(rows.alertIds),
    leaves: pick(rows.leaves),
    predicted: pick(rows.predicted),
    n: pick(rows.n),
    c: pick(rows.c),
    b: pick(rows.b),
    novelty: keep.map((r) => rows.novelty[r] ?? NaN),
    outside: keep.map((r) => rows.outside?.[r]),
    trueCounts: rows.trueCounts,
  };
}

/** Continue a load cut short after ingest: classify, then the policy and the recommendations. */
export async function resumeLoad(
  store: Store,
  datasetId: number,
  ctx: JobContext,
  engine?: DecisionEngine,
): Promise<JobResult<'resume'>> {
  const ds = store.getDataset(datasetId);
  if (!ds) throw new Error(`dataset ${datasetId} does not exist`);
  const done = (alerts: number, recommended: number, error: string | null) => ({
    kind: 'resume' as const,
    datasetId,
    ok: true,
    cancelled: false,
    error,
    alerts,
    recommended,
  });
  ctx.stage('classify', 0, ds.rows_stored);
  const matrix = await readStoredMatrix(store, datasetId, ctx.signal);
  const target = detectorOfLoad(store, datasetId, matrix);
  if (!target) return done(0, 0, 'there is no detector yet: re-classify the dataset');
  store.detectorChoice.setScoredBy(datasetId, target.detectorId);
  const existing = store.recovery.alertsByFlow(datasetId, target.detectorId);
  const classified = await classifyToStore(
    store,
    datasetId,
    target.detectorId,
    target.signatureIds,
    target.detector,
    matrix,
    (n) => ctx.stage('classify', n, matrix.rows),
    existing,
  );
  if (classified.inserted > 0) ctx.changed();
  if (!engine) return done(classified.inserted, 0, null);
  const labelled = new Set(
    Array.from(matrix.classes.subarray(0, matrix.rows)).filter((x) => x >= 0),
  );
  const trainPolicy =
    target.own && labelled.size >= 2 && !store.engine.latestPolicy(target.detectorId);
  if (trainPolicy) {
    // No policy was stored: train it and recommend every alert, as the load would have.
    ctx.stage('policy');
    const out = await engine.afterClassify(
      {
        datasetId,
        detectorId: target.detectorId,
        detector: target.detector,
        matrix,
        trainedNow: true,
        classified,
      },
      (phase, f) =>
        phase === 'training'
          ? ctx.stage('policy', Math.round(f * 1000), 1000)
          : ctx.stage('recommend', Math.round(f * classified.alerts), classified.alerts),
      ctx.signal,
    );
    return done(classified.inserted, out.recommended, out.note);
  }
  const missing = store.recovery.pendingWithoutRecommendation(datasetId);
  ctx.stage('recommend', 0, missing.size);
  if (missing.size === 0) return done(classified.inserted, 0, null);
  const live = await engine.liveFor(target.detectorId);
  if (!live) return done(classified.inserted, 0, 'no policy for this detector yet');
  const rows = statesOf(classified, missing);
  const recommended = await recommend(store, engine.host, engine.contextOf(live), rows, {
    signal: ctx.signal,
    onProgress: (n) => ctx.stage('recommend', n, rows.alertIds.length),
  });
  return done(classified.inserted, recommended, null);
}

/**
 * Re-classify a stored dataset: its alerts are deleted (the caller has checked none is decided),
 * then detector → classify → policy → recommend run as a load's would; with `detectorId` (a
 * re-score) that stored detector classifies instead of a newly trained one.
 */
export async function reclassifyDataset(
  store: Store,
  datasetId: number,
  ctx: JobContext,
  engine?: DecisionEngine,
  detectorId?: number,
): Promise<JobResult<'reclassify'>> {
  const ds = store.getDataset(datasetId);
  if (!ds) throw new Error(`dataset ${datasetId} does not exist`);
  ctx.stage('detector', 0, ds.rows_stored);
  const matrix = await readStoredMatrix(store, datasetId, ctx.signal);
  store.recovery.deleteAlerts(datasetId);
  ctx.changed();
  const out = await detectAndRecommend(
    store,
    datasetId,
    matrix,
    JSON.parse(ds.class_names) as string[],
    ctx,
    engine,
    () => {},
    detectorId,
  );
  return {
    kind: 'reclassify',
    datasetId,
    ok: out.classified,
    cancelled: out.cancelled,
    error: out.note,
    alerts: out.alerts,
    recommended: out.recommended,
  };
}
