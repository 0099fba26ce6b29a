/** Messages between the detector-training worker and its parent. */
import type { SerializedTree } from '../detector';
import type { DetectOptions, TrainedDetector } from './detect';

/** The matrix to train on (its buffers are transferred to the worker). */
export interface TrainRequest {
  rows: number;
  features: Float32Array;
  classes: Int16Array;
  classNames: string[];
  options: Partial<DetectOptions>;
}

/** The result with the tree serialised, and the matrix buffers handed back. */
export type TrainReply =
  | {
      ok: true;
      result: Omit<TrainedDetector, 'tree'> & { tree: SerializedTree };
      features: Float32Array;
      classes: Int16Array;
    }
  | { ok: false; error: string; features: Float32Array; classes: Int16Array };
