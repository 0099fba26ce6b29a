/** The learners' hyperparameters: typed, one line each, with the defaults used by `train`. */
import type { Activation } from './network';

/** The methods of SPEC.md's comparison. */
export type Method = 'ppo' | 'ppo-kg' | 'ppo-kg-pt' | 'llm-kg' | 'dl';

/** Every method, in the paper's order. */
export const METHODS: readonly Method[] = ['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl'];

/** Hyperparameters of PPO, the knowledge infusion and the supervised learners. */
export interface RlConfig {
  /** Seed of every random choice (init, episode order, action sampling, minibatches). */
  seed: number;
  /** Passes over the training rows (the paper: 5); episodes = passes × rows. */
  passes: number;
  /** Total episodes; 0 = passes × rows. */
  episodes: number;
  /** Episodes sampled per PPO update (the rollout). */
  rolloutSize: number;
  /** Minibatches each rollout is split into. */
  minibatches: number;
  /** Optimisation epochs over each rollout. */
  updateEpochs: number;
  /** Adam learning rate (above CleanRL's 2.5e-4: one-step returns have low-variance targets). */
  learningRate: number;
  /** Surrogate clipping coefficient ε. */
  clipCoef: number;
  /** Entropy bonus coefficient. */
  entCoef: number;
  /** Value loss coefficient. */
  vfCoef: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Normalise advantages per minibatch. */
  normAdvantages: boolean;
  /** Stop an update's epochs early when approx_kl exceeds this; 0 = never. */
  targetKl: number;
  /** Hidden layer widths of the actor and of the critic (separate networks, as CleanRL). */
  hidden: number[];
  /** Hidden activation. */
  activation: Activation;
  /** KL coefficient λ at the start of training (knowledge infusion). */
  lambdaStart: number;
  /** KL coefficient λ at the end; λ falls linearly with the episodes done. */
  lambdaEnd: number;
  /** π_LLM is mixed with this much of the uniform distribution so log π_LLM stays finite. */
  llmSmoothing: number;
  /** Behaviour-cloning epochs on adviceAction before RL (PPO-KG-PT; the paper: 10). */
  bcEpochs: number;
  /** Epochs of the supervised DL baseline (the paper: 100). */
  dlEpochs: number;
  /** Minibatch size of behaviour cloning and the DL baseline. */
  supervisedBatch: number;
  /** Learning rate of behaviour cloning and the DL baseline. */
  supervisedLr: number;
  /** Signature hash buckets of the state encoding. */
  hashBuckets: number;
  /** Signature hash functions of the state encoding. */
  hashFunctions: number;
}

/** Defaults (CleanRL's ppo.py where it applies; the paper's protocol for passes, λ and epochs). */
export const DEFAULT_RL_CONFIG: Readonly<RlConfig> = {
  seed: 1,
  passes: 5,
  episodes: 0,
  rolloutSize: 2048,
  minibatches: 4,
  updateEpochs: 4,
  learningRate: 1e-3,
  clipCoef: 0.2,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  normAdvantages: true,
  targetKl: 0,
  hidden: [64, 64],
  activation: 'tanh',
  lambdaStart: 1.0,
  lambdaEnd: 0.05,
  llmSmoothing: 0.01,
  bcEpochs: 10,
  dlEpochs: 100,
  supervisedBatch: 256,
  supervisedLr: 1e-3,
  hashBuckets: 32,
  hashFunctions: 2,
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
