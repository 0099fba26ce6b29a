/** trainDetector on another thread, for callers that must keep their event loop responsive. */
import { DecisionTree } from '../detector';
import { spawnWorker } from '../../runtime/spawnWorker';
import { trainDetector, type DetectOptions, type TrainedDetector } from './detect';
import type { FlowMatrix } from './flowMatrix';
import type { TrainReply, TrainRequest } from './trainProtocol';

/**
 * Train in a worker thread. The matrix's buffers move to the worker and back (no copy); the
 * matrix must not be used until the promise settles. Falls back to this thread when no worker
 * code is available.
 */
export async function trainDetectorInWorker(
  matrix: FlowMatrix,
  classNames: readonly string[],
  options: Partial<DetectOptions> = {},
): Promise<TrainedDetector> {
  const req: TrainRequest = {
    rows: matrix.rows,
    features: matrix.features,
    classes: matrix.classes,
    classNames: [...classNames],
    options,
  };
  const worker = spawnWorker('trainWorker', {
    workerData: req,
    transferList: [matrix.features.buffer as ArrayBuffer, matrix.classes.buffer as ArrayBuffer],
  });
  if (!worker) return trainDetector(matrix, classNames, options);
  try {
    const reply = await new Promise<TrainReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the training worker exited (code ${code}) without a result`)),
      );
    });
    matrix.features = reply.features;
    matrix.classes = reply.classes;
    if (!reply.ok) throw new Error(reply.error);
    return { ...reply.result, tree: DecisionTree.fromJSON(reply.result.tree) };
  } finally {
    await worker.terminate();
  }
}
