/**
 * readFlows in a worker thread: the same FlowStream, but parsing runs on another core while the
 * caller (e.g. the SQLite writer) works on the batches it already has.
 */
import { spawnWorker } from '../../runtime/spawnWorker';
import { readFlows, type FlowStream, type ReadOptions } from './reader';
import type { FlowBatch, IngestReport } from './types';
import type { ToParent, ToWorker, WorkerJob } from './workerProtocol';

/** Batches the worker may have posted ahead of the consumer. */
const MAX_IN_FLIGHT = 3;

/**
 * Like readFlows, parsing in a worker thread; falls back to the calling thread when the worker
 * code cannot be found. Cancellation, progress and the live report behave as in readFlows.
 */
export function readFlowsInWorker(paths: readonly string[], options: ReadOptions = {}): FlowStream {
  if (options.classMap) return readFlows(paths, options); // a ClassMap cannot cross threads
  // The report is replaced by the worker's copies as they arrive. Start from an unread in-thread
  // stream's report, which already names the classes (they depend only on the class map).
  const holder = { report: readFlows([], options).report };
  const job: WorkerJob = {
    paths: [...paths],
    batchSize: options.batchSize,
    extraClasses: options.extraClasses,
    maxExamplesPerReason: options.maxExamplesPerReason,
    maxInFlight: MAX_IN_FLIGHT,
  };
  const stream: FlowStream = {
    get report() {
      return holder.report;
    },
    [Symbol.asyncIterator]: () => iterate(job, options, holder),
  };
  return stream;
}

async function* iterate(
  job: WorkerJob,
  options: ReadOptions,
  holder: { report: IngestReport },
): AsyncGenerator<FlowBatch> {
  const worker = spawnWorker('ingestWorker', { workerData: job });
  if (!worker) {
    // No built worker (e.g. the bundle was copied without it): parse in this thread instead.
    const inThread = readFlows(job.paths, options);
    holder.report = inThread.report;
    for await (const b of inThread) yield b;
    holder.report = inThread.report;
    return;
  }
  const queue: ToParent[] = [];
  let wake: (() => void) | null = null;
  let exited = false;
  const push = (m: ToParent) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (err) => push({ type: 'error', message: err.message }));
  worker.on('exit', () => {
    exited = true;
    wake?.();
    wake = null;
  });
  const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToWorker);
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (exited) throw new Error('the ingest worker stopped without finishing');
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (m.type === 'error') throw new Error(m.message);
      holder.report = m.type === 'batch' ? holder.report : m.report;
      if (m.type === 'progress') options.onProgress?.(m.report);
      if (m.type === 'done') return;
      if (m.type === 'batch') {
        yield m.batch;
        worker.postMessage({ type: 'credit' } satisfies ToWorker);
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await worker.terminate();
  }
}
