/** The RL core: bandit environment, state encoding, PPO / PPO-KG / PPO-KG-PT / LLM-KG / DL learners. */
export {
  BACKEND_ORDER,
  selectBackend,
  wasmDir,
  type BackendChoice,
  type BackendPreference,
} from './backend';
export {
  DEFAULT_RL_CONFIG,
  METHODS,
  methodTraits,
  resolveConfig,
  type Method,
  type RlConfig,
} from './config';
export { BanditEnv, EpisodeSampler } from './env';
export { initMlp, Mlp, type Activation, type MlpShape, type MlpWeights } from './network';
export {
  AdvicePolicy,
  chooseActions,
  load,
  NetPolicy,
  save,
  type Policy,
  type PolicyCheckpoint,
  type SerializedMlp,
  type TrainProgressState,
} from './policy';
export {
  SignatureCounts,
  UNIFORM_PRIOR,
  type CountedRows,
  type CountPrior,
  type CountsSnapshot,
  type LabelledRows,
  type LiveCounts,
} from './online';
export {
  explainedVariance,
  lambdaAt,
  llmLogProbs,
  TrajectoryBuffer,
  type CurvePoint,
  type Trajectory,
  type UpdateMetrics,
} from './ppo';
export {
  encodeStates,
  makeEncoder,
  signatureHash,
  stateDim,
  type AlertSet,
  type EncoderSpec,
} from './state';
export { trainSupervised, type EpochStats } from './supervised';
export { syntheticAlertSet, type SyntheticOptions } from './synthetic';
export { train, type TrainProgress, type TrainResult } from './train';
export { trainInWorker, type WorkerTrainOptions, type WorkerTrainResult } from './trainInWorker';
