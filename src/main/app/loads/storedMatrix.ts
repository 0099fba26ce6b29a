/** Read a stored dataset's flows back into a FlowMatrix, in the order its load appended them. */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Store } from '../../store/store';
import { FlowMatrix } from '../../domain/classify/flowMatrix';

/**
 * The dataset's flows chunk by chunk (one chunk per stored batch, in insertion order), so the
 * rows, classes and flow ids come back exactly as the load's matrix held them. Yields to the
 * event loop between chunks; an aborted `signal` stops with an AbortError.
 */
export async function readStoredMatrix(
  store: Store,
  datasetId: number,
  signal?: AbortSignal,
): Promise<FlowMatrix> {
  const matrix = new FlowMatrix();
  for (const chunk of store.iterateChunks(datasetId)) {
    signal?.throwIfAborted();
    matrix.append(chunk.features, chunk.classes, chunk.ids.length, chunk.ids);
    await yieldToLoop();
  }
  return matrix;
}
