/**
 * Worker-thread entry of the loader: parses the files given in workerData and posts each batch
 * (typed arrays transferred, not copied) to the parent, which writes them to SQLite meanwhile.
 * The parent grants credits (one per batch it has taken), so at most a few batches are ever in
 * flight: backpressure instead of unbounded buffering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFlows } from '../domain/ingest/reader';
import type { FlowBatch } from '../domain/ingest/types';
import type { ToParent, ToWorker, WorkerJob } from '../domain/ingest/workerProtocol';

const port = parentPort;
if (!port) throw new Error('ingest worker started outside a worker thread');
const job = workerData as WorkerJob;
const ac = new AbortController();
let credits = job.maxInFlight;
let wake: (() => void) | null = null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') ac.abort();
  else credits++;
  wake?.();
  wake = null;
});

const send = (m: ToParent, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function buffersOf(b: FlowBatch): ArrayBuffer[] {
  return [b.features, b.lines, b.classes, b.srcPort, b.dstPort, b.protocol, b.timeMs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

const stream = readFlows(job.paths, {
  signal: ac.signal,
  batchSize: job.batchSize,
  extraClasses: job.extraClasses,
  maxExamplesPerReason: job.maxExamplesPerReason,
  onProgress: (report) => send({ type: 'progress', report }),
});
send({ type: 'start', report: stream.report });
try {
  for await (const batch of stream) {
    while (credits <= 0 && !ac.signal.aborted) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ type: 'batch', batch }, buffersOf(batch));
  }
  send({ type: 'done', report: stream.report });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
