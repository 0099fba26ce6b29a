/**
 * Worker-thread entry: trains the detector on the matrix it is handed (buffers transferred, not
 * copied) and hands the buffers back with the serialised result, so a minute of tree building
 * never blocks the event loop that serves the UI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainDetector } from '../domain/classify/detect';
import { FlowMatrix } from '../domain/classify/flowMatrix';
import type { TrainReply, TrainRequest } from '../domain/classify/trainProtocol';

const port = parentPort;
if (!port) throw new Error('train worker started outside a worker thread');
const req = workerData as TrainRequest;
const m = new FlowMatrix();
m.rows = req.rows;
m.features = req.features;
m.classes = req.classes;
let reply: TrainReply;
try {
  const { tree, ...rest } = trainDetector(m, req.classNames, req.options);
  reply = {
    ok: true,
    result: { ...rest, tree: tree.toJSON() },
    features: m.features,
    classes: m.classes,
  };
} catch (err) {
  reply = {
    ok: false,
    error: err instanceof Error ? err.message : String(err),
    features: m.features,
    classes: m.classes,
  };
}
port.postMessage(reply, [m.features.buffer as ArrayBuffer, m.classes.buffer as ArrayBuffer]);
