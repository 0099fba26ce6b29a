/**
 * Pure helpers of the LLM response agent: the answer schemas, grounding the model's answers in the
 * verb catalogue and the network's valid actions, stage vectors, and the conjecture check (the
 * precision of predicted against observed alert classifications).
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import { STAGES } from '../core/types';
import type { IrAlert, ResponseAction, ResponseVerb, StageBits } from '../core/types';

/** The target the model names for a verb that acts on nothing. */
export const NO_TARGET = 'none';

/** A conjecture is kept when its predicted alerts match the observed ones with this precision (SPEC). */
export const PRECISION_THRESHOLD = 0.7;

/**
 * IDS classifications the model may predict besides those observed (Snort's classtype
 * descriptions), so a variant whose alerts were never seen can score low.
 */
export const IDS_CLASSIFICATIONS: readonly string[] = [
  'Attempted Administrator Privilege Gain',
  'Attempted Denial of Service',
  'Attempted Information Leak',
  'Attempted User Privilege Gain',
  'Detection of a Network Scan',
  'Executable Code was Detected',
  'Misc activity',
  'Potential Corporate Privacy Violation',
  'Potentially Bad Traffic',
  'A Network Trojan was Detected',
  'Successful Administrator Privilege Gain',
  'Web Application Attack',
];

/** "verb target" (target `none` for a verb that acts on nothing): how actions read in prompts. */
export function actionText(a: ResponseAction | null): string {
  return a ? `${a.verb} ${a.target ?? NO_TARGET}` : '(no action)';
}

/** The targets the model may name: every target of a valid action, then `none`. */
export function targetList(valid: readonly ResponseAction[]): string[] {
  const out = new Set<string>();
  for (const a of valid) if (a.target !== null) out.add(a.target);
  return [...out].sort().concat(NO_TARGET);
}

/**
 * The schema of one action: per group of verbs that validly take the same targets now, an object
 * {verb: one of those verb ids, target: one of those targets} (`none` for no target); the groups
 * are alternatives. A catalogue with no valid action at all still gets a (never valid) schema.
 */
export function actionSchema(
  verbs: readonly ResponseVerb[],
  valid: readonly ResponseAction[],
): GbnfJsonSchema {
  const groups = new Map<string, { verbs: string[]; targets: string[] }>();
  for (const v of verbs) {
    const targets = [
      ...new Set(valid.filter((a) => a.verb === v.id).map((a) => a.target ?? NO_TARGET)),
    ].sort();
    if (targets.length === 0) continue;
    const key = JSON.stringify(targets);
    const g = groups.get(key);
    if (g) g.verbs.push(v.id);
    else groups.set(key, { verbs: [v.id], targets });
  }
  if (groups.size === 0) groups.set('', { verbs: verbs.map((v) => v.id), targets: [NO_TARGET] });
  const shapes: GbnfJsonSchema[] = [...groups.values()].map((g) => ({
    type: 'object',
    properties: { verb: { enum: g.verbs }, target: { enum: g.targets } },
    required: ['verb', 'target'],
    additionalProperties: false,
  }));
  return shapes.length === 1 && shapes[0] ? shapes[0] : { oneOf: shapes };
}

/** The longest action answer (longest verb id, longest target), to budget answer tokens. */
export function longestAction(
  verbs: readonly ResponseVerb[],
  valid: readonly ResponseAction[],
): { verb: string; target: string } {
  const longest = (xs: readonly string[]): string =>
    xs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return { verb: longest(verbs.map((v) => v.id)), target: longest(targetList(valid)) };
}

/** The longest stage answer: every stage listed. */
export function longestStages(): { done: string[] } {
  return { done: [...STAGES] };
}

/** Schema of a stage answer: the list of stages that are done (each false→true only). */
export function stagesSchema(): GbnfJsonSchema {
  return { type: 'array', items: { enum: [...STAGES] }, maxItems: STAGES.length };
}

/**
 * Ground the model's {verb, target} in the network: it must be one of the valid actions (a
 * catalogue verb on a known target). Returns that action, or null: an invalid output, never executed.
 */
export function groundAction(
  raw: unknown,
  verbs: readonly ResponseVerb[],
  valid: readonly ResponseAction[],
): ResponseAction | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { verb, target } = raw as { verb?: unknown; target?: unknown };
  if (typeof verb !== 'string' || typeof target !== 'string') return null;
  if (!verbs.some((v) => v.id === verb)) return null;
  const t = target === NO_TARGET ? null : target;
  return valid.find((a) => a.verb === verb && a.target === t) ?? null;
}

/** The stage vector in an answer's `done` list (stage names), or null when it has none. */
export function readStages(raw: unknown): StageBits | null {
  const done = (raw as { done?: unknown } | null)?.done;
  if (!Array.isArray(done)) return null;
  const names = new Set<unknown>(done);
  return toBits(STAGES.map((s) => names.has(s)));
}

/** Six booleans as StageBits. */
export function toBits(b: readonly boolean[]): StageBits {
  return [!!b[0], !!b[1], !!b[2], !!b[3], !!b[4], !!b[5]];
}

/** No stage done. */
export const NO_STAGES: StageBits = [false, false, false, false, false, false];

/** Stages only move false→true: a later picture keeps what an earlier one had done. */
export function mergeStages(before: StageBits, after: StageBits): StageBits {
  return toBits(STAGES.map((_, i) => before[i] === true || after[i] === true));
}

/** Whether all six stages are done. */
export function allDone(s: StageBits): boolean {
  return s.every(Boolean);
}

/** "done: containment, assessment" (or "done: none") for prompts. */
export function stagesText(s: StageBits): string {
  const done = STAGES.filter((_, i) => s[i]);
  return `done: ${done.length ? done.join(', ') : 'none'}`;
}

/** Per-bit majority of several stage vectors (ties count as done). */
export function majorityStages(all: readonly StageBits[]): StageBits {
  if (all.length === 0) return NO_STAGES;
  return toBits(STAGES.map((_, i) => 2 * all.filter((s) => s[i]).length >= all.length));
}

/** An alert the model predicts a variant would raise. */
export interface PredictedAlert {
  classification: string;
  priority: number;
}

/**
 * Precision of predicted alerts against the observed ones: a prediction scores 1 when an observed
 * alert has its classification and priority, 0.5 when only the classification was observed, else 0.
 * No prediction scores 0.
 */
export function alertPrecision(
  predicted: readonly PredictedAlert[],
  observed: readonly IrAlert[],
): number {
  if (predicted.length === 0) return 0;
  const exact = new Set(observed.map((a) => `${norm(a.classification)}|${a.priority}`));
  const classes = new Set(observed.map((a) => norm(a.classification)));
  let hits = 0;
  for (const p of predicted) {
    const c = norm(p.classification);
    if (exact.has(`${c}|${p.priority}`)) hits += 1;
    else if (classes.has(c)) hits += 0.5;
  }
  return hits / predicted.length;
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

/**
 * Variant scores that sum to 1: variants whose precision reaches the threshold share the mass in
 * proportion to their precision; when none does, every variant does; when all are 0, uniformly.
 */
export function conjectureScores(
  precision: Readonly<Record<string, number>>,
  threshold = PRECISION_THRESHOLD,
): Record<string, number> {
  const ids = Object.keys(precision);
  if (ids.length === 0) return {};
  const kept = ids.filter((id) => (precision[id] ?? 0) >= threshold);
  const pool = kept.length > 0 ? kept : ids;
  const total = pool.reduce((s, id) => s + (precision[id] ?? 0), 0);
  const out: Record<string, number> = {};
  for (const id of ids) {
    if (total <= 0) out[id] = 1 / ids.length;
    else out[id] = pool.includes(id) ? (precision[id] ?? 0) / total : 0;
  }
  return out;
}

/** The classifications offered to the model: the standard list plus every observed one, sorted. */
export function classificationVocabulary(observed: readonly IrAlert[]): string[] {
  return [...new Set([...IDS_CLASSIFICATIONS, ...observed.map((a) => a.classification)])].sort();
}
