/** A load: CSV files → stored flows → detector (trained when labelled) → alerts → recommendations. */
import { statSync } from 'node:fs';
import type { JobResult } from '../../../shared/contract';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import type { JobContext } from '../hub/jobs';
import { ingestToStore } from './ingestToStore';
import { LoadProgress } from './loadProgress';
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
  ctx.stage('ingest');
  const progress = new LoadProgress(ctx);
  // Shown before the worker has opened a file: the job is on screen the moment it exists.
  progress.counts.totalBytes = totalSize(req.paths);
  progress.report('reading', 0, { done: 0, total: progress.counts.totalBytes, unit: 'bytes' });
  const outcome = await ingestToStore(store, req.paths, {
    name: req.name,
    synthetic: req.synthetic,
    extraClasses: req.extraClasses,
    signal: ctx.signal,
    onDataset: (id) => ctx.attachDataset(id),
    onProgress: (r) => {
      ctx.stage('ingest', r.bytesRead, r.totalBytes);
      progress.counts = {
        rowsRead: r.rowsRead,
        rowsSkipped: r.rowsSkipped,
        bytesRead: r.bytesRead,
        totalBytes: r.totalBytes,
      };
      progress.report(
        'reading',
        r.totalBytes > 0 ? (0.6 * r.bytesRead) / r.totalBytes : 0,
        { done: r.bytesRead, total: r.totalBytes, unit: 'bytes' },
        r.elapsedMs / 1000,
        r.elapsedMs > 0 ? (r.rowsRead / r.elapsedMs) * 1000 : 0,
      );
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
    excluded: report.excluded,
    classes: report.classes,
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
  progress.counts = {
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
    (phase, fraction, step) => progress.report(phase, fraction, step),
  );
  if (out.classified) progress.report('done', 1, undefined, undefined, 0);
  // A cancel after the alerts were stored keeps them: the load is ok, and cancelled (resumable).
  return {
    ...base,
    ok: true,
    cancelled: out.cancelled,
    error: out.note,
    warning: out.warning ?? null,
  };
}

/** Bytes the files hold (those that cannot be read count 0: the reader reports them). */
function totalSize(paths: readonly string[]): number {
  let sum = 0;
  for (const p of paths) {
    try {
      sum += statSync(p).size;
    } catch {
      // The reader names the file and why.
    }
  }
  return sum;
}
