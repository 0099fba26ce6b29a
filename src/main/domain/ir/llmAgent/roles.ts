/**
 * The four roles of the in-context LLM response agent (paper 2), each one or more
 * schema-constrained calls over the incident context: perception (stages and key entities),
 * reasoning (a conjecture checked by the precision of the alerts it predicts), planning
 * (candidate actions scored by rollouts of the model, or of a world model) and action (greedy or
 * a whole plan, for the baselines). Every output is validated; invalid ones are counted and dropped.
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { Conjecture, ResponseAction, StageBits } from '../core/types';
import type { IncidentContext } from './context';
import {
  NO_STAGES,
  actionSchema,
  alertPrecision,
  classificationVocabulary,
  conjectureScores,
  groundAction,
  longestAction,
  longestStages,
  mergeStages,
  readStages,
  stagesSchema,
} from './grounding';
import type { PredictedAlert } from './grounding';
import type { PlanSettings } from './planning';
import { ACTION_FORM, STAGE_FORM, ask, targetsLine } from './roleEnv';
import type { RoleEnv } from './roleEnv';

export { plan } from './planning';
export type { PlanSettings, Planning, WorldModel, WorldModelFactory } from './planning';
export type { RoleEnv } from './roleEnv';

/** Perception's answer: the believed stages and the incident's key entities. */
export interface Perception {
  stages: StageBits;
  entities: string[];
  /** False when the model's answer was unusable (the previous belief is kept). */
  valid: boolean;
}

/** The addresses the model may name as key entities (hosts, attacker side, targets). */
export function entityList(ctx: IncidentContext): string[] {
  const all = [...ctx.hosts.map((h) => h.ip), ...ctx.incident.sources, ...ctx.incident.targets];
  const out = [...new Set(all)].sort();
  return out.length ? out : ['unknown'];
}

/** Perception: incident → which stages are done now, and up to 4 key entities. */
export async function perceive(env: RoleEnv): Promise<Perception> {
  const entities = entityList(env.ctx);
  const schema: GbnfJsonSchema = {
    type: 'object',
    properties: {
      done: stagesSchema(),
      entities: { type: 'array', items: { enum: entities }, maxItems: 4 },
    },
    required: ['done', 'entities'],
    additionalProperties: false,
  };
  const task = [
    '## Task: perception',
    'From the alerts and the response so far, list the recovery stages that are done now, and which',
    `addresses matter most (at most 4, from: ${entities.join(', ')})?`,
    `Answer as {${STAGE_FORM}, "entities": ["<address>"]}.`,
  ].join('\n');
  const a = await ask(env, 'perception', task, schema, {
    longest: {
      ...longestStages(),
      entities: [...entities].sort((x, y) => y.length - x.length).slice(0, 4),
    },
  });
  const stages = readStages(a.value);
  const raw = (a.value as { entities?: unknown } | null)?.entities;
  const named = Array.isArray(raw) ? raw.filter((e): e is string => entities.includes(e)) : [];
  const before = env.ctx.believed ?? NO_STAGES;
  if (!stages) return { stages: before, entities: [], valid: false };
  return { stages: mergeStages(before, stages), entities: [...new Set(named)], valid: true };
}

/** Reasoning's answer: the conjecture, and what each variant was predicted to raise. */
export interface Reasoning {
  conjecture: Conjecture;
  predictions: Record<string, PredictedAlert[]>;
  precision: Record<string, number>;
  /** Variants whose prediction was unusable. */
  invalid: number;
}

function readPredictions(v: unknown, vocab: readonly string[]): PredictedAlert[] | null {
  const alerts = (v as { alerts?: unknown } | null)?.alerts;
  if (!Array.isArray(alerts)) return null;
  const out: PredictedAlert[] = [];
  for (const x of alerts as unknown[]) {
    const { classification, priority } = (x ?? {}) as Record<string, unknown>;
    if (typeof classification !== 'string' || !vocab.includes(classification)) return null;
    if (typeof priority !== 'number') return null;
    out.push({ classification, priority });
  }
  return out;
}

/**
 * Reasoning: for each candidate variant the model states which alerts (classification, priority)
 * it would raise; variants are scored by the precision of that prediction against the observed
 * alerts (kept at ≥ 0.7, SPEC) and the best one is the conjecture.
 */
export async function reason(env: RoleEnv): Promise<Reasoning> {
  const { ctx } = env;
  const vocab = classificationVocabulary(ctx.alerts);
  const schema: GbnfJsonSchema = {
    type: 'object',
    properties: {
      alerts: {
        type: 'array',
        items: {
          type: 'object',
          properties: { classification: { enum: vocab }, priority: { enum: [1, 2, 3, 4] } },
          required: ['classification', 'priority'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: 4,
      },
    },
    required: ['alerts'],
    additionalProperties: false,
  };
  const variants = ctx.variants.length
    ? ctx.variants
    : [{ id: 'unknown', title: 'an unknown attack', tactics: [], description: '' }];
  const predictions: Record<string, PredictedAlert[]> = {};
  const precision: Record<string, number> = {};
  let invalid = 0;
  for (const v of variants) {
    // The part shared by every variant comes first, so the variants' calls reuse its KV cache.
    const task = [
      '## Task: reasoning',
      'Which IDS alerts would the attack variant below raise? List 1 to 4, each a classification from:',
      vocab.join('; '),
      'and a priority (1 = highest).',
      `Suppose the attacker runs variant ${v.id}: ${v.title}. Tactics: ${v.tactics.join(', ') || 'unknown'}.`,
      v.description,
      'Answer as {"alerts": [{"classification": "<classification>", "priority": 1|2|3|4}]}.',
    ].join('\n');
    const widest = vocab.reduce((x, y) => (y.length > x.length ? y : x), '');
    const a = await ask(env, 'reasoning', task, schema, {
      longest: {
        alerts: Array.from({ length: 4 }, () => ({ classification: widest, priority: 1 })),
      },
    });
    const p = readPredictions(a.value, vocab);
    if (!p) invalid++;
    predictions[v.id] = p ?? [];
    precision[v.id] = alertPrecision(p ?? [], ctx.alerts);
  }
  const scores = conjectureScores(precision);
  const best = variants.reduce((b, v) => ((scores[v.id] ?? 0) > (scores[b.id] ?? 0) ? v : b));
  const observed = new Set(ctx.alerts.map((a) => a.classification.toLowerCase()));
  const mine = predictions[best.id] ?? [];
  const said = new Set(mine.map((p) => p.classification.toLowerCase()));
  const conjecture: Conjecture = {
    variant: best.id,
    confidence: scores[best.id] ?? 0,
    tactics: [...best.tactics],
    scores,
    evidenceFor: mine
      .filter((p) => observed.has(p.classification.toLowerCase()))
      .map((p) => `predicted and observed: ${p.classification} (pri ${p.priority})`),
    evidenceAgainst: [
      ...mine
        .filter((p) => !observed.has(p.classification.toLowerCase()))
        .map((p) => `predicted, not observed: ${p.classification} (pri ${p.priority})`),
      ...[...new Set(ctx.alerts.map((a) => a.classification))]
        .filter((c) => !said.has(c.toLowerCase()))
        .slice(0, 3)
        .map((c) => `observed, not predicted: ${c}`),
    ],
  };
  return { conjecture, predictions, precision, invalid };
}

/** The action role without look-ahead: one action and the stages expected right after it. */
export async function act(
  env: RoleEnv,
  s: Pick<PlanSettings, 'verbs' | 'validActions'>,
  opts: { temperature?: number; seed?: number } = {},
): Promise<{ action: ResponseAction | null; expected: StageBits | null }> {
  const valid = s.validActions();
  const schema: GbnfJsonSchema = {
    type: 'object',
    properties: { action: actionSchema(s.verbs, valid), done: stagesSchema() },
    required: ['action', 'done'],
    additionalProperties: false,
  };
  const task = [
    '## Task: action',
    'Choose the response action to execute now, and list the stages you expect done right after it.',
    targetsLine(valid),
    `Answer as {"action": ${ACTION_FORM}, ${STAGE_FORM}}.`,
  ].join('\n');
  const a = await ask(env, 'action', task, schema, {
    ...opts,
    longest: { action: longestAction(s.verbs, valid), ...longestStages() },
  });
  const chosen = (a.value as { action?: unknown } | null)?.action;
  return { action: groundAction(chosen, s.verbs, valid), expected: readStages(a.value) };
}

/**
 * The one-shot baseline's plan: every action from now to recovery in one answer (at most
 * `depthCap`). Entries are raw {verb, target}: they are grounded when executed, since what is
 * valid changes as the plan runs.
 */
export async function planWhole(
  env: RoleEnv,
  s: Pick<PlanSettings, 'verbs' | 'validActions' | 'depthCap'>,
): Promise<{ steps: unknown[]; valid: boolean }> {
  const valid = s.validActions();
  const schema: GbnfJsonSchema = {
    type: 'object',
    properties: {
      plan: {
        type: 'array',
        items: actionSchema(s.verbs, valid),
        minItems: 1,
        maxItems: s.depthCap,
      },
    },
    required: ['plan'],
    additionalProperties: false,
  };
  const task = [
    '## Task: planning (whole plan)',
    `Give the whole response plan, in order, from now until all six stages are done (at most ${s.depthCap} actions).`,
    targetsLine(valid),
    `Answer as {"plan": [${ACTION_FORM}]}.`,
  ].join('\n');
  const a = await ask(env, 'planning', task, schema, {
    longest: { plan: Array.from({ length: s.depthCap }, () => longestAction(s.verbs, valid)) },
  });
  const steps = (a.value as { plan?: unknown } | null)?.plan;
  return Array.isArray(steps) ? { steps, valid: true } : { steps: [], valid: false };
}
