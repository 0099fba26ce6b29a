/** A load: CSV files → stored flows → detector (trained when labelled) → alerts → recommendations. */
import type { JobResult } from '../../../shared/contract';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import type { JobContext } from '../hub/jobs';
import { ingestToStore } from './ingestToStore';
import { detectAndRecommend } from './pipeline';

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
  ctx.stage('ingest');
  const outcome = await ingestToStore(store, req.paths, {
    name: req.name,
    synthetic: req.synthetic,
    extraClasses: req.extraClasses,
    signal: ctx.signal,
    onDataset: (id) => ctx.attachDataset(id),
    onProgress: (r) => {
      ctx.stage('ingest', r.bytesRead, r.totalBytes);
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
      });
    },
  });
  const { report, matrix, datasetId } = outcome;
  const base = {
    kind: 'load' as const,
    datasetId,
    // The dataset's count, kept with each batch: what the flows table holds.
    rowsStored: store.getDataset(datasetId)?.rows_stored ?? report.rowsStored,
    rowsSkipped: report.rowsSkipped,
    skippedByReason: report.skippedByReason as Record<string, number>,
    nonFinite: report.nonFinite,
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
  const at = {
    rowsRead: report.rowsRead,
    rowsSkipped: report.rowsSkipped,
    bytesRead: report.bytesRead,
    totalBytes: report.totalBytes,
  };
  const out = await detectAndRecommend(
    store,
    datasetId,
    matrix,
    report.classNames,
    ctx,
    engine,
    (phase, fraction) =>
      ctx.progress(
        {
          phase,
          ...at,
          rowsPerSec: (report.rowsRead / Math.max(1, Date.now() - started)) * 1000,
          fraction,
          etaSec: null,
        },
        true,
      ),
  );
  if (out.classified)
    ctx.progress({ phase: 'done', ...at, rowsPerSec: 0, fraction: 1, etaSec: 0 }, true);
  // A cancel after the alerts were stored keeps them: the load is ok, and cancelled (resumable).
  return {
    ...base,
    ok: true,
    cancelled: out.cancelled,
    error: out.note,
    warning: out.warning ?? null,
  };
}
