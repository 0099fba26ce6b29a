/**
 * The study (runStudyOn) on another thread, for the console: detector trees, the KG warm-up and
 * every method's training run there, so the event loop that serves the UI never waits on them.
 * The flows are transferred (not copied); log lines come back as they are written.
 */
import { spawnWorker } from '../../runtime/spawnWorker';
import { FlowMatrix } from '../classify/flowMatrix';
import type { StudySources } from './prepare';
import { runStudyOn, type StudyOptions, type StudyReport } from './study';

/** A matrix as it crosses the thread boundary. */
interface MatrixData {
  rows: number;
  features: Float32Array;
  classes: Int16Array;
}

/** What the study worker is started with (its workerData). */
export interface StudyWorkerRequest {
  train: MatrixData;
  test: MatrixData | null;
  classNames: string[];
  rowsSkipped: number;
  testClassesDropped: Record<string, number>;
  /** The study's options; the advisor is always the KG advisor (the default). */
  options: Omit<Partial<StudyOptions>, 'makeAdvisor'> & { data: string[] };
}

/** What the study worker posts: its log lines, then the report or why it failed. */
export type StudyWorkerMessage =
  | { kind: 'log'; line: string }
  | { kind: 'done'; report: StudyReport }
  | { kind: 'error'; error: string };

function toData(m: FlowMatrix): MatrixData {
  return { rows: m.rows, features: m.featureView.slice(), classes: m.classView.slice() };
}

/** A FlowMatrix over transferred arrays. */
export function fromData(d: MatrixData): FlowMatrix {
  const m = new FlowMatrix();
  m.rows = d.rows;
  m.features = d.features;
  m.classes = d.classes;
  return m;
}

/** The sources a worker request carries, as runStudyOn reads them. */
export function sourcesOf(req: StudyWorkerRequest): StudySources {
  return {
    train: fromData(req.train),
    test: req.test ? fromData(req.test) : null,
    classNames: req.classNames,
    rowsSkipped: req.rowsSkipped,
    testClassesDropped: req.testClassesDropped,
  };
}

/**
 * Run the study in a worker thread (on this thread when no worker code is found). Stopping
 * `signal` terminates the worker and rejects with the signal's reason.
 */
export async function runStudyInWorker(
  src: StudySources,
  options: StudyWorkerRequest['options'],
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<StudyReport> {
  signal?.throwIfAborted();
  const req: StudyWorkerRequest = {
    train: toData(src.train),
    test: src.test ? toData(src.test) : null,
    classNames: src.classNames,
    rowsSkipped: src.rowsSkipped,
    testClassesDropped: src.testClassesDropped,
    options,
  };
  const buffers = [req.train, ...(req.test ? [req.test] : [])].flatMap((m) => [
    m.features.buffer as ArrayBuffer,
    m.classes.buffer as ArrayBuffer,
  ]);
  const worker = spawnWorker('studyWorker', { workerData: req, transferList: buffers });
  if (!worker) return runStudyOn(sourcesOf(req), options, log, signal);
  try {
    return await new Promise<StudyReport>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason ?? new Error('the study was stopped'));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (msg: StudyWorkerMessage) => {
        if (msg.kind === 'log') log(msg.line);
        else if (msg.kind === 'done') resolve(msg.report);
        else reject(new Error(msg.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the study worker exited (code ${code}) without a result`)),
      );
    });
  } finally {
    await worker.terminate();
  }
}
