/** A load: CSV files → stored flows → detector (trained when labelled) → alerts. */
import type { JobResult } from '../../../shared/contract';
import type { TrainedDetector } from '../../domain/classify/detect';
import { trainDetectorInWorker } from '../../domain/classify/trainInWorker';
import { classifyToStore, storeDetector } from './classifyToStore';
import { ingestToStore } from './ingestToStore';
import { loadStoredDetector } from './storedDetector';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import type { JobContext } from '../hub/jobs';

/** What to load and how to name it. */
export interface LoadRequest {
  paths: string[];
  name?: string;
  synthetic?: boolean;
  /** Labels or excluded groups to keep as extra classes (see ReadOptions.extraClasses). */
  extraClasses?: string[];
}

/** Run one load as a job body. */
export async function runLoad(
  store: Store,
  req: LoadRequest,
  ctx: JobContext,
  engine?: DecisionEngine,
): Promise<JobResult<'load'>> {
  const started = Date.now();
  const outcome = await ingestToStore(store, req.paths, {
    name: req.name,
    synthetic: req.synthetic,
    extraClasses: req.extraClasses,
    signal: ctx.signal,
    onProgress: (r) =>
      ctx.progress({
        phase: 'reading',
        rowsRead: r.rowsRead,
        rowsSkipped: r.rowsSkipped,
        bytesRead: r.bytesRead,
        totalBytes: r.totalBytes,
        rowsPerSec: r.elapsedMs > 0 ? (r.rowsRead / r.elapsedMs) * 1000 : 0,
        fraction: r.totalBytes > 0 ? (0.6 * r.bytesRead) / r.totalBytes : 0,
        etaSec:
          r.bytesRead > 0
            ? ((r.totalBytes - r.bytesRead) / r.bytesRead) * (r.elapsedMs / 1000)
            : null,
      }),
  });
  const { report, matrix, datasetId } = outcome;
  const base = {
    kind: 'load' as const,
    datasetId,
    rowsStored: report.rowsStored,
    rowsSkipped: report.rowsSkipped,
    skippedByReason: report.skippedByReason as Record<string, number>,
    examples: report.examples.slice(0, 50),
  };
  if (outcome.status !== 'ready') {
    const why = report.files.find((f) => f.error)?.error ?? 'no usable rows';
    return {
      ...base,
      ok: false,
      cancelled: outcome.status === 'cancelled',
      error: outcome.status === 'cancelled' ? 'cancelled' : why,
    };
  }
  const progress = (phase: 'training' | 'classifying' | 'advising', fraction: number) =>
    ctx.progress(
      {
        phase,
        rowsRead: report.rowsRead,
        rowsSkipped: report.rowsSkipped,
        bytesRead: report.bytesRead,
        totalBytes: report.totalBytes,
        rowsPerSec: (report.rowsRead / Math.max(1, Date.now() - started)) * 1000,
        fraction,
        etaSec: null,
      },
      true,
    );
  let target: {
    detector: TrainedDetector;
    detectorId: number;
    signatureIds: number[];
  } | null;
  const labelledClasses = new Set(
    Array.from(matrix.classes.subarray(0, matrix.rows)).filter((c) => c >= 0),
  );
  if (labelledClasses.size >= 2) {
    progress('training', 0.62);
    const detector = await trainDetectorInWorker(matrix, report.classNames);
    target = { detector, ...storeDetector(store, datasetId, detector) };
  } else {
    target = loadStoredDetector(store);
    if (!target) {
      return {
        ...base,
        ok: true,
        cancelled: false,
        error: 'flows stored, but there is no detector yet: load a labelled dataset to train one',
      };
    }
  }
  progress('classifying', 0.7);
  const classified = await classifyToStore(
    store,
    datasetId,
    target.detectorId,
    target.signatureIds,
    target.detector,
    matrix,
    (done) => progress('classifying', 0.7 + (0.05 * done) / Math.max(1, matrix.rows)),
  );
  // Alerts are stored and shown from here on; the recommendations follow.
  ctx.changed();
  let note: string | null = null;
  if (engine) {
    progress('advising', 0.75);
    try {
      const out = await engine.afterClassify(
        {
          datasetId,
          detectorId: target.detectorId,
          detector: target.detector,
          matrix,
          trainedNow: labelledClasses.size >= 2,
          classified,
        },
        (phase, f) => progress('advising', phase === 'training' ? 0.75 + 0.2 * f : 0.95 + 0.05 * f),
        ctx.signal,
      );
      note = out.note;
    } catch (err) {
      // The alerts are stored either way: a failed or cancelled policy step loses none of them.
      const why = ctx.signal.aborted
        ? 'cancelled'
        : err instanceof Error
          ? err.message
          : String(err);
      note = `alerts stored, but no recommendations were made: ${why}`;
    }
  }
  ctx.progress(
    {
      phase: 'done',
      rowsRead: report.rowsRead,
      rowsSkipped: report.rowsSkipped,
      bytesRead: report.bytesRead,
      totalBytes: report.totalBytes,
      rowsPerSec: 0,
      fraction: 1,
      etaSec: 0,
    },
    true,
  );
  return { ...base, ok: true, cancelled: false, error: note };
}
