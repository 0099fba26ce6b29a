/**
 * The training form's fields, derived from the learner's one definition (src/shared/learner.ts:
 * each hyperparameter's doc, default and range, from which the contract's `training.start`
 * schema and the core's DEFAULT_RL_CONFIG come too). Pure TypeScript (no DOM).
 */
import type { RequestArgs } from '../../../shared/contract';
import {
  HIDDEN_FIELD,
  METHOD_IDS,
  METHOD_INFO,
  NUMBER_FIELDS,
  type Method,
  type NumberKey,
  type NumberSpec,
} from '../../../shared/learner';

export type { Method };

/** The `config` of training.start. */
export type TrainingConfig = NonNullable<RequestArgs<'training.start'>['config']>;

/** Every method, in the paper's order, with what it does in one line. */
export const METHODS: { id: Method; label: string; doc: string }[] = METHOD_IDS.map((id) => ({
  id,
  ...METHOD_INFO[id],
}));

/** A numeric hyperparameter. */
export interface NumberField extends NumberSpec {
  key: NumberKey;
}

/** Hidden layer widths: 1–4 layers of 4–1024 units. */
export const HIDDEN = HIDDEN_FIELD;

/** The numeric fields, in form order. */
export const FIELDS: NumberField[] = (Object.keys(NUMBER_FIELDS) as NumberKey[]).map((key) => ({
  key,
  ...NUMBER_FIELDS[key],
}));

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
