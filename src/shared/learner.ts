/**
 * The training methods and the learners' user-facing hyperparameters, defined once: each field's
 * one-line doc, default and range. The contract's `training.start` schema, the renderer's form
 * and the core's DEFAULT_RL_CONFIG are all derived from these. Pure data (no zod, no DOM).
 */

/** The methods of the comparison, in the paper's order. */
export const METHOD_IDS = ['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl'] as const;

/** A method of the comparison. */
export type Method = (typeof METHOD_IDS)[number];

/** What each method does, in one line, and its label. */
export const METHOD_INFO: Record<Method, { label: string; doc: string }> = {
  ppo: {
    label: 'PPO',
    doc: 'Plain PPO on the alert’s state (predicted class, signature, N, C, B); no advice.',
  },
  'ppo-kg': {
    label: 'PPO-KG',
    doc: 'PPO with the advisor’s action and reward in the state and a KL pull toward its advice (λ annealed); the KG is refreshed after every pass.',
  },
  'ppo-kg-pt': {
    label: 'PPO-KG-PT',
    doc: 'PPO-KG after behaviour-cloning the advisor’s choices first (the console’s own policy).',
  },
  'llm-kg': {
    label: 'Advisor alone (LLM-KG with a model)',
    doc: 'No learning: take the advisor’s action. With a model loaded this is the paper’s LLM-KG; without one it is the rule-based KG advisor, not an LLM.',
  },
  dl: {
    label: 'DL',
    doc: 'The same network trained supervised (cross-entropy) on each flow’s best action; no RL.',
  },
};

/** A numeric hyperparameter: its doc, default and range. */
export interface NumberSpec {
  label: string;
  doc: string;
  default: number;
  min: number;
  /** The value must be > min rather than ≥ min. */
  minExclusive?: boolean;
  max: number;
  integer: boolean;
  /** Methods that use it (the form hides it for the others). */
  methods: readonly Method[];
}

const RL: readonly Method[] = ['ppo', 'ppo-kg', 'ppo-kg-pt'];
const KL: readonly Method[] = ['ppo-kg', 'ppo-kg-pt'];

/** The numeric hyperparameters of `training.start`, in form order. */
export const NUMBER_FIELDS = {
  seed: {
    label: 'Seed',
    doc: 'Seed of every random choice (init, episode order, sampling, KG warm-up).',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    integer: true,
    methods: [...RL, 'llm-kg', 'dl'],
  },
  passes: {
    label: 'Passes',
    doc: 'Passes over the training flows; episodes = passes × rows (the paper: 5).',
    default: 5,
    min: 0.01,
    max: 100,
    integer: false,
    methods: RL,
  },
  rolloutSize: {
    label: 'Rollout size',
    doc: 'Episodes sampled per PPO update (a multiple of the minibatches).',
    default: 2048,
    min: 64,
    max: 65536,
    integer: true,
    methods: RL,
  },
  minibatches: {
    label: 'Minibatches',
    doc: 'Minibatches each rollout is split into.',
    default: 4,
    min: 1,
    max: 256,
    integer: true,
    methods: RL,
  },
  updateEpochs: {
    label: 'Update epochs',
    doc: 'Optimisation epochs over each rollout.',
    default: 4,
    min: 1,
    max: 50,
    integer: true,
    methods: RL,
  },
  learningRate: {
    label: 'Learning rate',
    doc: 'Adam learning rate.',
    default: 1e-3,
    min: 0,
    minExclusive: true,
    max: 1,
    integer: false,
    methods: RL,
  },
  clipCoef: {
    label: 'Clip ε',
    doc: 'Surrogate clipping coefficient.',
    default: 0.2,
    min: 0,
    minExclusive: true,
    max: 1,
    integer: false,
    methods: RL,
  },
  entCoef: {
    label: 'Entropy coef.',
    doc: 'Entropy bonus coefficient.',
    default: 0.01,
    min: 0,
    max: 1,
    integer: false,
    methods: RL,
  },
  vfCoef: {
    label: 'Value coef.',
    doc: 'Value loss coefficient.',
    default: 0.5,
    min: 0,
    max: 10,
    integer: false,
    methods: RL,
  },
  lambdaStart: {
    label: 'λ start',
    doc: 'KL coefficient toward the advice at the start (falls linearly).',
    default: 1,
    min: 0,
    max: 100,
    integer: false,
    methods: KL,
  },
  lambdaEnd: {
    label: 'λ end',
    doc: 'KL coefficient at the end of training.',
    default: 0.05,
    min: 0,
    max: 100,
    integer: false,
    methods: KL,
  },
  bcEpochs: {
    label: 'BC epochs',
    doc: 'Behaviour-cloning epochs on the advice before RL (the paper: 10).',
    default: 10,
    min: 0,
    max: 200,
    integer: true,
    methods: ['ppo-kg-pt'],
  },
  dlEpochs: {
    label: 'DL epochs',
    doc: 'Epochs of the supervised baseline (the paper: 100).',
    default: 100,
    min: 1,
    max: 1000,
    integer: true,
    methods: ['dl'],
  },
} satisfies Record<string, NumberSpec>;

/** Key of a numeric hyperparameter. */
export type NumberKey = keyof typeof NUMBER_FIELDS;

/** Hidden layer widths: 1–4 layers of 4–1024 units. */
export const HIDDEN_FIELD = {
  label: 'Hidden layers',
  doc: 'Widths of the actor’s (and critic’s) hidden layers, comma-separated.',
  default: [64, 64] as readonly number[],
  minLayers: 1,
  maxLayers: 4,
  min: 4,
  max: 1024,
  methods: [...RL, 'dl'] as readonly Method[],
};

/** The hyperparameters an analyst may set for a training run. */
export type LearnerConfig = Record<NumberKey, number> & { hidden: number[] };

/** Every hyperparameter of {@link LearnerConfig} at its default. */
export const DEFAULT_LEARNER_CONFIG: Readonly<LearnerConfig> = {
  ...(Object.fromEntries(Object.entries(NUMBER_FIELDS).map(([k, f]) => [k, f.default])) as Record<
    NumberKey,
    number
  >),
  hidden: [...HIDDEN_FIELD.default],
};
