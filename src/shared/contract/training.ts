/**
 * Training runs (`training.*`). The config schema is derived from the learner's one definition in
 * src/shared/learner.ts (defaults, docs, ranges), which the renderer's form uses as well.
 */
import { z } from 'zod';
import {
  HIDDEN_FIELD,
  METHOD_IDS,
  NUMBER_FIELDS,
  type Method,
  type NumberKey,
  type NumberSpec,
} from '../learner';
import { handle, id } from './common';

/** The schema of one numeric hyperparameter: its range, and whole numbers where it says so. */
function numberSchema(f: NumberSpec): z.ZodNumber {
  const n = f.integer ? z.number().int() : z.number();
  return (f.minExclusive ? n.gt(f.min) : n.min(f.min)).max(f.max);
}

const numberShape = Object.fromEntries(
  Object.entries(NUMBER_FIELDS).map(([k, f]) => [k, numberSchema(f)]),
) as Record<NumberKey, z.ZodNumber>;

/** `training.start`'s config: any subset of the learner's hyperparameters. */
const learnerConfig = z
  .object({
    ...numberShape,
    hidden: z
      .array(z.number().int().min(HIDDEN_FIELD.min).max(HIDDEN_FIELD.max))
      .min(HIDDEN_FIELD.minLayers)
      .max(HIDDEN_FIELD.maxLayers),
  })
  .partial()
  .strict()
  .default({});

/** Argument schemas of the training requests. */
export const trainingRequests = {
  'training.start': z
    .object({
      datasetId: id,
      method: z.enum(METHOD_IDS),
      config: learnerConfig,
      /** Install the trained policy for the dataset's detector (new recommendations). */
      install: z.boolean().default(false),
    })
    .strict(),
  'training.control': z
    .object({ runId: handle, action: z.enum(['pause', 'resume', 'stop']) })
    .strict(),
  'training.status': z.object({ runId: handle.optional() }).strict(),
} as const;

/** Where a training run stands. */
export interface TrainingStatus {
  runId: string;
  datasetId: number;
  method: Method;
  /** `interrupted`: the process died while the run was running or paused (read from its job record). */
  state: 'running' | 'paused' | 'stopped' | 'completed' | 'failed' | 'interrupted';
  /** tfjs backend in use, and why it was chosen. */
  backend: string | null;
  backendReason: string | null;
  phase: 'preparing' | 'pretrain' | 'rl' | 'supervised' | 'evaluating' | 'done';
  episodes: number;
  totalEpisodes: number;
  episodesPerSec: number;
  lambda: number;
  /** Mean reward per update vs episodes (the live curve). */
  curve: { episodes: number; meanReward: number }[];
  /** Last PPO update's losses (CleanRL names). */
  losses: {
    policy_loss: number;
    value_loss: number;
    entropy: number;
    approx_kl: number;
    kl_llm: number | null;
  } | null;
  /** After the run: test-split evaluation (the paper's Table IV and Fig. 5). */
  evaluation: {
    avgReward: number;
    avgRewardWeighted: number;
    perClass: Record<string, number>;
    correctWhenRight: number;
    correctWhenWrong: number;
    oracleAvgReward: number;
  } | null;
  /** Policy id when installed for recommendations. */
  installedPolicyId: number | null;
  error: string | null;
  startedAt: string;
}

/** Result types of the training requests. */
export interface TrainingResults {
  'training.start': TrainingStatus;
  'training.control': TrainingStatus;
  'training.status': TrainingStatus | null;
}
