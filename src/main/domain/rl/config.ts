/**
 * The learners' hyperparameters: typed, one line each, with the defaults used by `train`. Those an
 * analyst may set (LearnerConfig) are defined once in src/shared/learner.ts, with their docs,
 * defaults and ranges; the rest are the core's own.
 */
import {
  DEFAULT_LEARNER_CONFIG as L,
  METHOD_IDS,
  type LearnerConfig,
  type Method,
} from '../../../shared/learner';
import type { Activation } from './network';

export type { Method };

/** Every method, in the paper's order. */
export const METHODS: readonly Method[] = METHOD_IDS;

/** Hyperparameters of PPO, the knowledge infusion and the supervised learners. */
export interface RlConfig extends LearnerConfig {
  /** Total episodes; 0 = passes × rows. */
  episodes: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Normalise advantages per minibatch. */
  normAdvantages: boolean;
  /** Stop an update's epochs early when approx_kl exceeds this; 0 = never. */
  targetKl: number;
  /** Hidden activation. */
  activation: Activation;
  /** π_LLM is mixed with this much of the uniform distribution so log π_LLM stays finite. */
  llmSmoothing: number;
  /** Minibatch size of behaviour cloning and the DL baseline. */
  supervisedBatch: number;
  /** Learning rate of behaviour cloning and the DL baseline. */
  supervisedLr: number;
  /** Signature hash buckets of the state encoding. */
  hashBuckets: number;
  /** Signature hash functions of the state encoding. */
  hashFunctions: number;
  /**
   * Episodes over which λ falls once from lambdaStart to lambdaEnd, counted from the run's start;
   * 0 = this call's totalEpisodes. The KG cycles set it to the whole run (passes × rows) so λ
   * does not restart at every cycle.
   */
  lambdaEpisodes: number;
  /** Update each signature's N, C (and so B) as its flows arrive as episodes (SPEC.md). */
  onlineCounts: boolean;
}

/**
 * Defaults (CleanRL's ppo.py where it applies; the paper's protocol for passes, λ and epochs).
 * Listed in full so the key order, which checkpoints serialise, stays put.
 */
export const DEFAULT_RL_CONFIG: Readonly<RlConfig> = {
  seed: L.seed,
  passes: L.passes,
  episodes: 0,
  rolloutSize: L.rolloutSize,
  minibatches: L.minibatches,
  updateEpochs: L.updateEpochs,
  // Above CleanRL's 2.5e-4: one-step returns have low-variance targets.
  learningRate: L.learningRate,
  clipCoef: L.clipCoef,
  entCoef: L.entCoef,
  vfCoef: L.vfCoef,
  maxGradNorm: 0.5,
  normAdvantages: true,
  targetKl: 0,
  hidden: [...L.hidden],
  activation: 'tanh',
  lambdaStart: L.lambdaStart,
  lambdaEnd: L.lambdaEnd,
  llmSmoothing: 0.01,
  bcEpochs: L.bcEpochs,
  dlEpochs: L.dlEpochs,
  supervisedBatch: 256,
  supervisedLr: 1e-3,
  hashBuckets: 32,
  hashFunctions: 2,
  lambdaEpisodes: 0,
  onlineCounts: true,
};

/** Defaults overridden by `partial`, checked. */
export function resolveConfig(partial: Partial<RlConfig> = {}): RlConfig {
  const c: RlConfig = {
    ...DEFAULT_RL_CONFIG,
    ...partial,
    hidden: [...(partial.hidden ?? DEFAULT_RL_CONFIG.hidden)],
  };
  const positive: (keyof RlConfig)[] = [
    'rolloutSize',
    'minibatches',
    'updateEpochs',
    'learningRate',
    'supervisedBatch',
    'supervisedLr',
    'hashBuckets',
    'hashFunctions',
  ];
  for (const k of positive)
    if (!(Number(c[k]) > 0))
      throw new RangeError(`RL config ${k} must be > 0 (got ${String(c[k])})`);
  if (c.rolloutSize % c.minibatches !== 0)
    throw new RangeError(
      `rolloutSize ${c.rolloutSize} must be a multiple of minibatches ${c.minibatches}`,
    );
  if (!(c.lambdaEpisodes >= 0))
    throw new RangeError(`RL config lambdaEpisodes must be >= 0 (got ${c.lambdaEpisodes})`);
  if (c.hidden.length === 0 || c.hidden.some((h) => !(h > 0)))
    throw new RangeError('RL config hidden must list positive layer widths');
  return c;
}

/** What a method uses: advice inputs, the KL term, behaviour cloning, learning at all. */
export function methodTraits(m: Method): {
  augment: boolean;
  kl: boolean;
  bc: boolean;
  rl: boolean;
} {
  return {
    augment: m === 'ppo-kg' || m === 'ppo-kg-pt',
    kl: m === 'ppo-kg' || m === 'ppo-kg-pt',
    bc: m === 'ppo-kg-pt',
    rl: m === 'ppo' || m === 'ppo-kg' || m === 'ppo-kg-pt',
  };
}
