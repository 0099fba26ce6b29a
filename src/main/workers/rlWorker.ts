/**
 * Worker-thread entry: selects a tfjs backend, trains, streams progress, stops cleanly on a
 * 'cancel' message (the run returns status 'cancelled' with its policy), and posts the policy
 * back as a checkpoint.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../domain/rl/backend';
import { save } from '../domain/rl/policy';
import type { RlWorkerCommand, RlWorkerMessage, RlWorkerRequest } from '../domain/rl/protocol';
import { train, type TrainProgress } from '../domain/rl/train';

if (!parentPort) throw new Error('RL worker started outside a worker thread');
const port = parentPort;
const req = workerData as RlWorkerRequest;
const stop = new AbortController();
const post = (m: RlWorkerMessage): void => port.postMessage(m);
port.on('message', (m: RlWorkerCommand) => {
  if (m.type === 'cancel') stop.abort();
});

async function main(): Promise<void> {
  try {
    post({ type: 'backend', choice: await selectBackend(req.backend) });
    const onProgress = (progress: TrainProgress): void => post({ type: 'progress', progress });
    const r = await train(req.set, req.method, req.config, onProgress, stop.signal, req.resume);
    const { policy, ...rest } = r;
    post({ type: 'done', result: { ...rest, checkpoint: save(policy) } });
    policy.dispose();
  } catch (err) {
    post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  } finally {
    port.unref();
  }
}

void main();
