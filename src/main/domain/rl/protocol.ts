/** Messages between the RL training worker and its parent. */
import type { BackendChoice, BackendPreference } from './backend';
import type { Method, RlConfig } from './config';
import type { PolicyCheckpoint } from './policy';
import type { AlertSet } from './state';
import type { TrainProgress, TrainResult } from './train';

/** What the worker is started with (workerData; the set's arrays are copied). */
export interface RlWorkerRequest {
  set: AlertSet;
  method: Method;
  config: Partial<RlConfig>;
  backend: BackendPreference;
  resume?: PolicyCheckpoint;
}

/** Parent → worker. */
export type RlWorkerCommand = { type: 'cancel' };

/** A training result with the policy as a checkpoint. */
export type SerializedTrainResult = Omit<TrainResult, 'policy'> & { checkpoint: PolicyCheckpoint };

/** Worker → parent. */
export type RlWorkerMessage =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; result: SerializedTrainResult }
  | { type: 'error'; error: string };
