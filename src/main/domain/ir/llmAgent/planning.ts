/**
 * The planning role (NDSS Alg. 1): sample N candidate actions, roll each out M times (the model
 * predicts the stages after each action and the next action, or a world model such as a twin
 * clone gives the stages) until recovery or the depth cap, and rank candidates by the mean
 * predicted steps to recovery.
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { Candidate, Conjecture, ResponseAction, StageBits } from '../core/types';
import type { IncidentContext } from './context';
import {
  NO_STAGES,
  actionSchema,
  actionText,
  allDone,
  groundAction,
  longestAction,
  longestStages,
  majorityStages,
  mergeStages,
  readStages,
  stagesSchema,
  stagesText,
} from './grounding';
import { ACTION_FORM, STAGE_FORM, ask, targetsLine } from './roleEnv';
import type { RoleEnv } from './roleEnv';

/** A simulated world for rollouts (e.g. a twin clone under the conjectured variant). */
export interface WorldModel {
  /** Apply an action; returns the stage bits right after it. */
  step(action: ResponseAction): StageBits;
  /** The actions valid in the simulated world now. */
  validActions(): ResponseAction[];
}

/** Makes a fresh world for one rollout, under the current conjecture. */
export type WorldModelFactory = (conjecture: Conjecture | null) => WorldModel;

/** Planning settings (the agent's options fill them). */
export interface PlanSettings {
  verbs: IncidentContext['verbs'];
  validActions: () => ResponseAction[];
  /** N candidate actions. */
  candidates: number;
  /** M rollouts per candidate. */
  rollouts: number;
  /** Most actions a rollout simulates (the candidate included). */
  depthCap: number;
  worldModel?: WorldModelFactory;
  /** Base seed of the sampled calls. */
  seed: number;
  /** Sampling temperature of every candidate but the first and of every rollout but the first. */
  temperature: number;
}

/** Planning's answer: the scored candidates, best first, and the invalid outputs dropped. */
export interface Planning {
  candidates: Candidate[];
  invalid: number;
}

/** Sample up to N distinct valid actions (at most 2N tries); invalid answers are counted. */
async function propose(
  env: RoleEnv,
  s: PlanSettings,
): Promise<{ actions: ResponseAction[]; invalid: number }> {
  const valid = s.validActions();
  const schema = actionSchema(s.verbs, valid);
  const task = [
    '## Task: planning',
    'Propose the next response action.',
    targetsLine(valid),
    `Answer as ${ACTION_FORM}.`,
  ].join('\n');
  const actions: ResponseAction[] = [];
  let invalid = 0;
  for (let i = 0; i < 2 * s.candidates && actions.length < s.candidates; i++) {
    const a = await ask(env, 'planning', task, schema, {
      temperature: i === 0 ? 0 : s.temperature,
      seed: s.seed + i,
      longest: longestAction(s.verbs, valid),
    });
    const act = groundAction(a.value, s.verbs, valid);
    if (!act) invalid++;
    else if (!actions.some((x) => actionText(x) === actionText(act))) actions.push(act);
  }
  return { actions, invalid };
}

interface Rollout {
  steps: number;
  first: StageBits;
  invalid: number;
}

/**
 * One simulation call: given the simulated actions so far, the model gives the next action and,
 * without a world model, the stages right after the last action too.
 */
async function simulate(
  env: RoleEnv,
  s: PlanSettings,
  lines: readonly string[],
  valid: readonly ResponseAction[],
  withStages: boolean,
  sampling: { temperature: number; seed: number },
): Promise<{ stages: StageBits | null; next: unknown }> {
  const schema: GbnfJsonSchema = withStages
    ? {
        type: 'object',
        properties: { done: stagesSchema(), next: actionSchema(s.verbs, valid) },
        required: ['done', 'next'],
        additionalProperties: false,
      }
    : actionSchema(s.verbs, valid);
  const task = [
    '## Task: planning (simulation)',
    `Stages before the simulated actions: ${stagesText(env.ctx.believed ?? NO_STAGES)}`,
    'Simulated actions so far:',
    ...lines,
    withStages
      ? 'List the stages done right after the last simulated action, and the action you would take next.'
      : 'Give the action you would take next.',
    targetsLine(valid),
    withStages ? `Answer as {${STAGE_FORM}, "next": ${ACTION_FORM}}.` : `Answer as ${ACTION_FORM}.`,
  ].join('\n');
  const longest = longestAction(s.verbs, valid);
  const a = await ask(env, 'simulation', task, schema, {
    ...sampling,
    longest: withStages ? { ...longestStages(), next: longest } : longest,
  });
  if (!withStages) return { stages: null, next: a.value };
  return { stages: readStages(a.value), next: (a.value as { next?: unknown } | null)?.next };
}

/**
 * One rollout from `candidate`: the world model (when given) or the model gives the stages after
 * each action and the model the next action, until all six stages are done or `depthCap` actions
 * were simulated. `steps` counts actions to recovery, the candidate included (depthCap + 1 when
 * not recovered). An invalid next action is counted and still costs a step.
 */
async function rollout(
  env: RoleEnv,
  s: PlanSettings,
  candidate: ResponseAction,
  seed: number,
  temperature: number,
): Promise<Rollout> {
  const world = s.worldModel?.(env.ctx.conjecture ?? null) ?? null;
  let stages = env.ctx.believed ?? NO_STAGES;
  let first: StageBits | null = null;
  let invalid = 0;
  const lines: string[] = [];
  let action: ResponseAction | null = candidate;
  for (let d = 1; ; d++) {
    const valid = world ? world.validActions() : s.validActions();
    let answer: { stages: StageBits | null; next: unknown } | null = null;
    if (world) {
      // An invalid action changes nothing in the world, but still costs its step.
      stages = mergeStages(stages, action ? world.step(action) : stages);
      lines.push(`${d}. ${actionText(action)} -> simulated: ${stagesText(stages)}`);
    } else {
      lines.push(`${d}. ${actionText(action)}`);
      answer = await simulate(env, s, lines, valid, true, { temperature, seed: seed + d });
      if (!answer.stages) invalid++;
      stages = mergeStages(stages, answer.stages ?? stages);
      lines[lines.length - 1] += ` -> predicted: ${stagesText(stages)}`;
    }
    first ??= stages;
    if (allDone(stages)) return { steps: d, first, invalid };
    if (d >= s.depthCap) return { steps: s.depthCap + 1, first, invalid };
    answer ??= await simulate(env, s, lines, valid, false, { temperature, seed: seed + d });
    action = groundAction(answer.next, s.verbs, valid);
    if (!action) invalid++;
  }
}

/**
 * Planning (NDSS Alg. 1): N candidate actions × M rollouts each; candidates are ranked by mean
 * predicted steps to recovery (then by spread), best first.
 */
export async function plan(env: RoleEnv, s: PlanSettings): Promise<Planning> {
  const { actions, invalid: dropped } = await propose(env, s);
  let invalid = dropped;
  const candidates: Candidate[] = [];
  for (const [ci, action] of actions.entries()) {
    const runs: Rollout[] = [];
    for (let r = 0; r < s.rollouts; r++) {
      const seed = s.seed + 1000 * (ci + 1) + 100 * r;
      runs.push(await rollout(env, s, action, seed, r === 0 ? 0 : s.temperature));
    }
    invalid += runs.reduce((n, x) => n + x.invalid, 0);
    const steps = runs.map((x) => x.steps);
    candidates.push({
      action,
      predictedSteps: steps.reduce((a, b) => a + b, 0) / Math.max(1, steps.length),
      spread: steps.length ? Math.max(...steps) - Math.min(...steps) : 0,
      predictedStages: majorityStages(runs.map((x) => x.first)),
    });
  }
  candidates.sort((a, b) => a.predictedSteps - b.predictedSteps || a.spread - b.spread);
  return { candidates, invalid };
}
