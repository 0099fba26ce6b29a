/** Messages between the loader's worker thread and its parent. */
import type { FlowBatch, IngestReport } from './types';

/** What the worker is asked to load. */
export interface WorkerJob {
  paths: string[];
  batchSize?: number;
  extraClasses?: string[];
  maxExamplesPerReason?: number;
  /** Batches the worker may post before the parent has taken them. */
  maxInFlight: number;
}

/** Parent → worker: a credit for one more batch, or stop. */
export type ToWorker = { type: 'credit' } | { type: 'cancel' };

/** Worker → parent. */
export type ToParent =
  | { type: 'start'; report: IngestReport }
  | { type: 'progress'; report: IngestReport }
  | { type: 'batch'; batch: FlowBatch }
  | { type: 'done'; report: IngestReport }
  | { type: 'error'; message: string };
