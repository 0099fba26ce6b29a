/**
 * Worker-thread entry: the paper's study (runStudyOn) on the flows it is handed, posting each log
 * line and then the report, so a console study never blocks the event loop that serves the UI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runStudyOn } from '../domain/eval/study';
import {
  sourcesOf,
  type StudyWorkerMessage,
  type StudyWorkerRequest,
} from '../domain/eval/studyInWorker';

const port = parentPort;
if (!port) throw new Error('study worker started outside a worker thread');
const req = workerData as StudyWorkerRequest;
const post = (msg: StudyWorkerMessage) => port.postMessage(msg);
runStudyOn(sourcesOf(req), req.options, (line) => post({ kind: 'log', line })).then(
  (report) => post({ kind: 'done', report }),
  (err: unknown) =>
    post({ kind: 'error', error: err instanceof Error ? err.message : String(err) }),
);
