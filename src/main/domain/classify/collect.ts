/** Read CSV files straight into memory (no store), for the command-line detector. */
import { readFlowsInWorker, type ReadOptions } from '../ingest';
import type { IngestReport } from '../ingest/types';
import { FlowMatrix } from './flowMatrix';

/** Stream the files into a FlowMatrix; returns it with the loader's report. */
export async function collectFlows(
  paths: readonly string[],
  opts: ReadOptions = {},
): Promise<{ matrix: FlowMatrix; report: IngestReport }> {
  const stream = readFlowsInWorker(paths, opts);
  const matrix = new FlowMatrix();
  for await (const batch of stream) matrix.append(batch.features, batch.classes, batch.count);
  return { matrix, report: stream.report };
}
