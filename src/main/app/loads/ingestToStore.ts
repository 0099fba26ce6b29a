/** Load CSV files into the store batch by batch, keeping the features for training. */
import { readFlowsInWorker, type ReadOptions } from '../../domain/ingest';
import type { IngestReport } from '../../domain/ingest/types';
import type { Store } from '../../store/store';
import { FlowMatrix } from '../../domain/classify/flowMatrix';

/** Options for a load into the store. */
export interface IngestToStoreOptions extends ReadOptions {
  /** Dataset name shown in the UI. Default: the first file's name (+ "and N more"). */
  name?: string;
  /** Mark the dataset as generated demo data. */
  synthetic?: boolean;
  /** Keep the stored rows in memory for training (default true). */
  collect?: boolean;
  /** Runs inside the transaction that creates the dataset (a job records it there). */
  onDataset?: (datasetId: number) => void;
}

/** Outcome of a load: the dataset, the loader's report and (if collected) the rows. */
export interface IngestOutcome {
  datasetId: number;
  report: IngestReport;
  matrix: FlowMatrix;
  status: 'ready' | 'cancelled' | 'failed';
}

/**
 * Stream the files into a new dataset. Each batch is one transaction that also adds its rows to
 * the dataset's count, so cancelling or a crash keeps every batch already committed, never half a
 * batch, and a count that matches the rows. The dataset ends 'ready' when at
 * least one row was stored, 'cancelled' when the signal fired, else 'failed'.
 */
export async function ingestToStore(
  store: Store,
  paths: readonly string[],
  opts: IngestToStoreOptions = {},
): Promise<IngestOutcome> {
  const started = performance.now();
  const stream = readFlowsInWorker(paths, opts);
  const name = opts.name ?? datasetName(paths);
  const datasetId = store.transaction(() => {
    const id = store.createDataset(name, paths, opts.synthetic ?? false, stream.report.classNames);
    opts.onDataset?.(id);
    return id;
  });
  const matrix = new FlowMatrix();
  const collect = opts.collect ?? true;
  try {
    for await (const batch of stream) {
      const fileIndex = Math.max(0, paths.indexOf(batch.file));
      const ids = store.insertFlows(datasetId, fileIndex, batch);
      if (collect) matrix.append(batch.features, batch.classes, batch.count, ids);
    }
  } catch (err) {
    finish(store, datasetId, stream.report, 'failed');
    throw err;
  }
  // Speed end to end (parse + SQLite writes), not the parser's own.
  const elapsedMs = performance.now() - started;
  const report = {
    ...stream.report,
    elapsedMs,
    mibPerSec: stream.report.bytesRead / 2 ** 20 / (elapsedMs / 1000),
  };
  const status = report.cancelled ? 'cancelled' : report.rowsStored > 0 ? 'ready' : 'failed';
  finish(store, datasetId, report, status);
  return { datasetId, report, matrix, status };
}

function finish(
  store: Store,
  id: number,
  report: IngestReport,
  status: IngestOutcome['status'],
): void {
  store.finishDataset(id, {
    status,
    rowsSkipped: report.rowsSkipped,
    classNames: report.classNames,
    report,
  });
}

function datasetName(paths: readonly string[]): string {
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const first = base(paths[0] ?? 'dataset');
  return paths.length > 1 ? `${first} and ${paths.length - 1} more` : first;
}
