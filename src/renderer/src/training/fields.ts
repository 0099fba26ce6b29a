/**
 * The training form's fields: each hyperparameter of `training.start` with its one-line doc, its
 * default (DEFAULT_RL_CONFIG in src/main/domain/rl/config.ts, which the renderer cannot import) and the
 * contract's range; a unit test checks both against the core. Pure TypeScript (no DOM).
 */
import type { RequestArgs, TrainingStatus } from '../../../shared/contract';

/** A method of the comparison. */
export type Method = TrainingStatus['method'];

/** The `config` of training.start. */
export type TrainingConfig = NonNullable<RequestArgs<'training.start'>['config']>;

/** Every method, in the paper's order, with what it does in one line. */
export const METHODS: { id: Method; label: string; doc: string }[] = [
  {
    id: 'ppo',
    label: 'PPO',
    doc: 'Plain PPO on the alert’s state (predicted class, signature, N, C, B); no advice.',
  },
  {
    id: 'ppo-kg',
    label: 'PPO-KG',
    doc: 'PPO with the advisor’s action and reward in the state and a KL pull toward its advice (λ annealed); the KG is refreshed after every pass.',
  },
  {
    id: 'ppo-kg-pt',
    label: 'PPO-KG-PT',
    doc: 'PPO-KG after behaviour-cloning the advisor’s choices first (the console’s own policy).',
  },
  {
    id: 'llm-kg',
    label: 'LLM-KG',
    doc: 'No learning: take the advisor’s action (the LLM when a model is loaded, else the KG advisor).',
  },
  {
    id: 'dl',
    label: 'DL',
    doc: 'The same network trained supervised (cross-entropy) on each flow’s best action; no RL.',
  },
];

const RL: Method[] = ['ppo', 'ppo-kg', 'ppo-kg-pt'];
const KL: Method[] = ['ppo-kg', 'ppo-kg-pt'];

/** A numeric hyperparameter. */
export interface NumberField {
  key: Exclude<keyof TrainingConfig, 'hidden'>;
  label: string;
  doc: string;
  default: number;
  min: number;
  /** The contract requires > min rather than ≥ min. */
  minExclusive?: boolean;
  max: number;
  integer: boolean;
  /** Methods that use it (the form hides it for the others). */
  methods: Method[];
}

/** Hidden layer widths: 1–4 layers of 4–1024 units. */
export const HIDDEN = {
  label: 'Hidden layers',
  doc: 'Widths of the actor’s (and critic’s) hidden layers, comma-separated.',
  default: [64, 64],
  minLayers: 1,
  maxLayers: 4,
  min: 4,
  max: 1024,
  methods: [...RL, 'dl'] as Method[],
};

/** The numeric fields, in form order (ranges as in the contract's training.start schema). */
export const FIELDS: NumberField[] = [
  {
    key: 'seed',
    label: 'Seed',
    doc: 'Seed of every random choice (init, episode order, sampling, KG warm-up).',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    integer: true,
    methods: [...RL, 'llm-kg', 'dl'],
  },
  {
    key: 'passes',
    label: 'Passes',
    doc: 'Passes over the training flows; episodes = passes × rows (the paper: 5).',
    default: 5,
    min: 0.01,
    max: 100,
    integer: false,
    methods: RL,
  },
  {
    key: 'rolloutSize',
    label: 'Rollout size',
    doc: 'Episodes sampled per PPO update (a multiple of the minibatches).',
    default: 2048,
    min: 64,
    max: 65536,
    integer: true,
    methods: RL,
  },
  {
    key: 'minibatches',
    label: 'Minibatches',
    doc: 'Minibatches each rollout is split into.',
    default: 4,
    min: 1,
    max: 256,
    integer: true,
    methods: RL,
  },
  {
    key: 'updateEpochs',
    label: 'Update epochs',
    doc: 'Optimisation epochs over each rollout.',
    default: 4,
    min: 1,
    max: 50,
    integer: true,
    methods: RL,
  },
  {
    key: 'learningRate',
    label: 'Learning rate',
    doc: 'Adam learning rate.',
    default: 1e-3,
    min: 0,
    minExclusive: true,
    max: 1,
    integer: false,
    methods: RL,
  },
  {
    key: 'clipCoef',
    label: 'Clip ε',
    doc: 'Surrogate clipping coefficient.',
    default: 0.2,
    min: 0,
    minExclusive: true,
    max: 1,
    integer: false,
    methods: RL,
  },
  {
    key: 'entCoef',
    label: 'Entropy coef.',
    doc: 'Entropy bonus coefficient.',
    default: 0.01,
    min: 0,
    max: 1,
    integer: false,
    methods: RL,
  },
  {
    key: 'vfCoef',
    label: 'Value coef.',
    doc: 'Value loss coefficient.',
    default: 0.5,
    min: 0,
    max: 10,
    integer: false,
    methods: RL,
  },
  {
    key: 'lambdaStart',
    label: 'λ start',
    doc: 'KL coefficient toward the advice at the start (falls linearly).',
    default: 1,
    min: 0,
    max: 100,
    integer: false,
    methods: KL,
  },
  {
    key: 'lambdaEnd',
    label: 'λ end',
    doc: 'KL coefficient at the end of training.',
    default: 0.05,
    min: 0,
    max: 100,
    integer: false,
    methods: KL,
  },
  {
    key: 'bcEpochs',
    label: 'BC epochs',
    doc: 'Behaviour-cloning epochs on the advice before RL (the paper: 10).',
    default: 10,
    min: 0,
    max: 200,
    integer: true,
    methods: ['ppo-kg-pt'],
  },
  {
    key: 'dlEpochs',
    label: 'DL epochs',
    doc: 'Epochs of the supervised baseline (the paper: 100).',
    default: 100,
    min: 1,
    max: 1000,
    integer: true,
    methods: ['dl'],
  },
];

/** The form's text per field (what the analyst typed), keyed by field key and 'hidden'. */
export type FormValues = Record<NumberField['key'] | 'hidden', string>;

/** Every field at its default. */
export function defaultValues(): FormValues {
  const v = Object.fromEntries(FIELDS.map((f) => [f.key, String(f.default)]));
  return { ...v, hidden: HIDDEN.default.join(', ') } as FormValues;
}

/** Why a field's text is not a valid value, or null. */
export function fieldError(f: NumberField, text: string): string | null {
  const x = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(x)) return 'a number';
  if (f.integer && !Number.isInteger(x)) return 'a whole number';
  if (f.minExclusive ? x <= f.min : x < f.min) return f.minExclusive ? `> ${f.min}` : `≥ ${f.min}`;
  if (x > f.max) return `≤ ${f.max}`;
  return null;
}

function parseHidden(text: string): number[] | string {
  const parts = text.split(',').map((p) => p.trim());
  const widths = parts.map(Number);
  if (parts.length < HIDDEN.minLayers || parts.length > HIDDEN.maxLayers)
    return `${HIDDEN.minLayers}–${HIDDEN.maxLayers} layers`;
  if (widths.some((w) => !Number.isInteger(w) || w < HIDDEN.min || w > HIDDEN.max))
    return `whole widths ${HIDDEN.min}–${HIDDEN.max}`;
  return widths;
}

/** The fields `method` uses. */
export function fieldsOf(method: Method): { fields: NumberField[]; hidden: boolean } {
  return {
    fields: FIELDS.filter((f) => f.methods.includes(method)),
    hidden: HIDDEN.methods.includes(method),
  };
}

/**
 * The config to send for `method` (only the fields it uses), or the errors by field key; the
 * cross-field rule of the core (rollout size a multiple of the minibatches) is checked too.
 */
export function toConfig(
  method: Method,
  values: FormValues,
): { config: TrainingConfig; errors: null } | { config: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const config: Record<string, number | number[]> = {};
  const { fields, hidden } = fieldsOf(method);
  for (const f of fields) {
    const e = fieldError(f, values[f.key]);
    if (e) errors[f.key] = e;
    else config[f.key] = Number(values[f.key].trim());
  }
  if (hidden) {
    const h = parseHidden(values.hidden);
    if (typeof h === 'string') errors['hidden'] = h;
    else config['hidden'] = h;
  }
  const r = config['rolloutSize'];
  const m = config['minibatches'];
  if (typeof r === 'number' && typeof m === 'number' && r % m !== 0)
    errors['minibatches'] = `must divide the rollout size ${r}`;
  return Object.keys(errors).length > 0
    ? { config: null, errors }
    : { config: config as TrainingConfig, errors: null };
}
