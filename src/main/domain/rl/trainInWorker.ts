/** `train` on a worker thread, for callers whose event loop must stay responsive (the main process). */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../runtime/spawnWorker';
import { selectBackend, type BackendChoice, type BackendPreference } from './backend';
import type { Method, RlConfig } from './config';
import { load } from './policy';
import type { RlWorkerCommand, RlWorkerMessage, RlWorkerRequest } from './protocol';
import type { AlertSet } from './state';
import { train, type TrainProgress, type TrainResult } from './train';

/** Options of a worker run. */
export interface WorkerTrainOptions {
  onProgress?: (p: TrainProgress) => void;
  /** Aborting asks the worker to stop; it answers with status 'cancelled'. */
  signal?: AbortSignal;
  /** Backend the worker tries first. Default 'auto'. */
  backend?: BackendPreference;
  /** Continue this checkpoint. */
  resume?: RlWorkerRequest['resume'];
  /** After a cancel, terminate the worker if it has not answered within this. Default 10 s. */
  stopTimeoutMs?: number;
}

/** A worker result: the policy (loaded on this thread's active backend) and the worker's backend. */
export type WorkerTrainResult = TrainResult & { backendChoice: BackendChoice };

function runWorker(worker: Worker, opts: WorkerTrainOptions): Promise<WorkerTrainResult> {
  return new Promise((resolve, reject) => {
    let choice: BackendChoice | null = null;
    let killTimer: NodeJS.Timeout | null = null;
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' } satisfies RlWorkerCommand);
      const ms = opts.stopTimeoutMs ?? 10_000;
      killTimer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`the RL training worker did not stop within ${ms} ms; it was terminated`));
      }, ms);
    };
    const cleanup = (): void => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: RlWorkerMessage) => {
      if (m.type === 'backend') choice = m.choice;
      else if (m.type === 'progress') opts.onProgress?.(m.progress);
      else {
        cleanup();
        if (m.type === 'error') reject(new Error(`RL training failed: ${m.error}`));
        else {
          const { checkpoint, ...rest } = m.result;
          resolve({ ...rest, policy: load(checkpoint), backendChoice: choice! });
        }
      }
    });
    worker.once('error', (err) => {
      cleanup();
      reject(err);
    });
    worker.once('exit', (code) => {
      cleanup();
      reject(new Error(`the RL training worker exited (code ${code}) without a result`));
    });
  });
}

/**
 * Train in a worker thread with progress, cancel and a clean stop (terminate after
 * stopTimeoutMs). Falls back to this thread when no worker code is available. The returned
 * policy's tensors live on this thread's tfjs backend: call selectBackend here first.
 */
export async function trainInWorker(
  set: AlertSet,
  method: Method,
  config: Partial<RlConfig> = {},
  opts: WorkerTrainOptions = {},
): Promise<WorkerTrainResult> {
  const req: RlWorkerRequest = {
    set,
    method,
    config,
    backend: opts.backend ?? 'auto',
    resume: opts.resume,
  };
  const worker = spawnWorker('rlWorker', { workerData: req });
  if (!worker) {
    const backendChoice = await selectBackend(req.backend);
    const r = await train(set, method, config, opts.onProgress, opts.signal, opts.resume);
    return { ...r, backendChoice };
  }
  try {
    return await runWorker(worker, opts);
  } finally {
    await worker.terminate();
  }
}
