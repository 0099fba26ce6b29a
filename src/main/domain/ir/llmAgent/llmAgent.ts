/**
 * The in-context LLM response agent (paper 2): each step it perceives the stages, revises its
 * conjecture of the attack, plans by rolling out candidate actions, and acts; after the step the
 * expected and observed outcomes join a bounded history the next prompts carry (in-context
 * refinement). Two baselines share it: one plan made at the start (one-shot) and no look-ahead
 * (greedy). Invalid model outputs are counted and never executed.
 */
import type { ModelManager } from '../../llm/modelManager';
import type {
  AgentDecision,
  Candidate,
  Incident,
  Observation,
  ResponseAction,
  ResponseAgent,
  ResponseVerb,
  ScenarioSpec,
  StageBits,
} from '../core/types';
import { IrLlm } from './call';
import type { CallTotals } from './call';
import { IR_INSTRUCTIONS, alertsBrief } from './context';
import type { IncidentContext } from './context';
import { NO_STAGES, actionText, groundAction, stagesText } from './grounding';
import { act, perceive, plan, planWhole, reason } from './roles';
import type { PlanSettings, RoleEnv, WorldModelFactory } from './roles';

/** How the agent picks its action. */
export type LlmAgentMode = 'lookahead' | 'one-shot' | 'greedy';

/** Options of the agent; each documents its default. */
export interface LlmAgentOptions {
  /** 'lookahead' (default): plan with rollouts; 'one-shot': one plan at the start; 'greedy': no look-ahead. */
  mode?: LlmAgentMode;
  /** N candidate actions per step (default 3). */
  candidates?: number;
  /** M rollouts per candidate (default 3). */
  rollouts?: number;
  /** Most actions one rollout (or the one-shot plan) simulates (default 10). */
  depthCap?: number;
  /** Rollouts in this world (e.g. a twin clone under the conjectured variant) instead of the model's predictions. */
  worldModel?: WorldModelFactory;
  /** Abstain when the best candidate's rollouts spread more than this many steps (default: never). */
  abstainSpread?: number;
  /** Past steps the prompts carry (default 6). */
  historySize?: number;
  /** Alert groups the prompts carry (default 12). */
  alertLines?: number;
  /** Sampling temperature of the extra candidates and rollouts (default 0.8). */
  temperature?: number;
  /** Base seed of the sampled calls (default 1). */
  seed?: number;
  /** Per-call time limit in ms (default 30 000). */
  callTimeoutMs?: number;
  /** Greedy mode: extra tries after an invalid action before abstaining (default 2). */
  retries?: number;
  /** How answers are decoded (default 'jump-forward'; see IrLlmOptions). */
  decoder?: 'jump-forward' | 'grammar';
}

/** What the agent needs besides the model: the verb catalogue and the network's valid actions. */
export interface LlmAgentDeps {
  manager: ModelManager;
  verbs: readonly ResponseVerb[];
  /** The actions valid in the network now (a catalogue verb on an existing target). */
  validActions: () => ResponseAction[];
}

/** Counters over the agent's life (since `start`). */
export interface LlmAgentStats extends CallTotals {
  /** Model outputs that were unparseable or did not ground to a valid action; none was executed. */
  invalidOutputs: number;
  decisions: number;
  abstentions: number;
}

const AGENT_NAMES: Record<LlmAgentMode, string> = {
  lookahead: 'llm-agent',
  'one-shot': 'llm-one-shot',
  greedy: 'llm-greedy',
};

type Settled = Required<Omit<LlmAgentOptions, 'worldModel' | 'abstainSpread'>> &
  Pick<LlmAgentOptions, 'worldModel' | 'abstainSpread'>;

/** The LLM response agent; `mode` selects the full agent or a baseline. */
export class LlmResponseAgent implements ResponseAgent {
  readonly name: string;
  private readonly llm: IrLlm;
  private readonly o: Settled;
  private ctx: IncidentContext | null = null;
  private pending: { step: number; action: ResponseAction | null; expected: string } | null = null;
  private plannedSteps: unknown[] = [];
  private refined: Observation | null = null;
  private step = 0;
  private invalid = 0;
  private decisions = 0;
  private abstentions = 0;
  private base: CallTotals = { calls: 0, promptTokens: 0, completionTokens: 0, reusedTokens: 0 };

  constructor(
    private readonly deps: LlmAgentDeps,
    opts: LlmAgentOptions = {},
  ) {
    this.o = {
      mode: opts.mode ?? 'lookahead',
      candidates: opts.candidates ?? 3,
      rollouts: opts.rollouts ?? 3,
      depthCap: opts.depthCap ?? 10,
      worldModel: opts.worldModel,
      abstainSpread: opts.abstainSpread,
      historySize: opts.historySize ?? 6,
      alertLines: opts.alertLines ?? 12,
      temperature: opts.temperature ?? 0.8,
      seed: opts.seed ?? 1,
      callTimeoutMs: opts.callTimeoutMs ?? 30_000,
      retries: opts.retries ?? 2,
      decoder: opts.decoder ?? 'jump-forward',
    };
    this.name = AGENT_NAMES[this.o.mode];
    this.llm = new IrLlm(deps.manager, {
      timeoutMs: this.o.callTimeoutMs,
      decoder: this.o.decoder,
    });
  }

  /** The call layer (its `onCall` hook sees every prompt sent). */
  get calls(): IrLlm {
    return this.llm;
  }

  /** Evaluate the fixed instructions into the KV cache ahead of the first step; returns their tokens. */
  warmUp(signal?: AbortSignal): Promise<number> {
    return this.llm.warmUp(IR_INSTRUCTIONS, signal);
  }

  /** Calls, tokens, invalid outputs and decisions since `start`. */
  get stats(): LlmAgentStats {
    const t = this.llm.totals;
    return {
      calls: t.calls - this.base.calls,
      promptTokens: t.promptTokens - this.base.promptTokens,
      completionTokens: t.completionTokens - this.base.completionTokens,
      reusedTokens: t.reusedTokens - this.base.reusedTokens,
      invalidOutputs: this.invalid,
      decisions: this.decisions,
      abstentions: this.abstentions,
    };
  }

  /** The context the prompts are built from (null before `start`). */
  get context(): Readonly<IncidentContext> | null {
    return this.ctx;
  }

  async start(
    incident: Incident,
    scenario: Pick<ScenarioSpec, 'id' | 'hosts' | 'system' | 'variants'>,
  ): Promise<void> {
    this.ctx = {
      system: scenario.system,
      hosts: scenario.hosts,
      incident,
      variants: scenario.variants,
      verbs: this.deps.verbs,
      alerts: [...incident.alerts],
      history: [],
      believed: null,
      conjecture: null,
    };
    this.pending = null;
    this.plannedSteps = [];
    this.refined = null;
    this.step = 0;
    this.invalid = 0;
    this.decisions = 0;
    this.abstentions = 0;
    this.base = this.llm.totals;
  }

  async next(last: Observation | null, signal?: AbortSignal): Promise<AgentDecision> {
    const ctx = this.ctx;
    if (!ctx) throw new Error('call start() before next()');
    // A retry after a cancelled step passes the same observation again: refine once.
    if (last && last !== this.refined) this.refine(ctx, last);
    this.refined = last;
    if (last?.done) return this.abstain('the incident is recovered', [], ctx);
    const before = this.llm.totals;
    const env: RoleEnv = {
      llm: this.llm,
      ctx,
      budget: { historyEntries: this.o.historySize, alertLines: this.o.alertLines },
      signal,
    };
    this.step++;
    // The one-shot baseline looks at the incident only when it (re)plans.
    const fresh = this.o.mode !== 'one-shot' || this.plannedSteps.length === 0;
    if (fresh) {
      const p = await perceive(env);
      if (!p.valid) this.invalid++;
      ctx.believed = p.stages;
    }
    const believed = ctx.believed ?? NO_STAGES;
    let chosen: { action: ResponseAction | null; expected: string; candidates: Candidate[] };
    if (this.o.mode === 'greedy') chosen = await this.greedy(env);
    else {
      if (fresh) {
        const r = await reason(env);
        this.invalid += r.invalid;
        ctx.conjecture = r.conjecture;
      }
      chosen =
        this.o.mode === 'one-shot' ? await this.oneShot(env) : await this.lookahead(env, believed);
    }
    if (!chosen.action) return this.abstain(chosen.expected, chosen.candidates, ctx);
    this.pending = { step: this.step, action: chosen.action, expected: chosen.expected };
    this.decisions++;
    const after = this.llm.totals;
    return {
      kind: 'act',
      action: chosen.action,
      believedStages: believed,
      conjecture: ctx.conjecture,
      candidates: chosen.candidates,
      expected: chosen.expected,
      llmCalls: after.calls - before.calls,
      tokens:
        after.promptTokens - before.promptTokens + after.completionTokens - before.completionTokens,
    };
  }

  /** Refinement: the last step's expected and observed outcomes join the bounded history. */
  private refine(ctx: IncidentContext, last: Observation): void {
    ctx.alerts.push(...last.alerts);
    const p = this.pending;
    ctx.history.push({
      step: p?.step ?? last.step,
      action: p?.action ?? null,
      expected: p?.expected ?? 'nothing (no action was taken)',
      feedback: last.feedback,
      valid: last.valid,
      alerts: alertsBrief(last.alerts),
    });
    const keep = Math.max(1, this.o.historySize);
    if (ctx.history.length > keep) ctx.history.splice(0, ctx.history.length - keep);
    this.pending = null;
  }

  private settings(): PlanSettings {
    return {
      verbs: this.deps.verbs,
      validActions: this.deps.validActions,
      candidates: this.o.candidates,
      rollouts: this.o.rollouts,
      depthCap: this.o.depthCap,
      worldModel: this.o.worldModel,
      seed: this.o.seed + 7919 * this.step,
      temperature: this.o.temperature,
    };
  }

  private async lookahead(env: RoleEnv, believed: StageBits) {
    const r = await plan(env, this.settings());
    this.invalid += r.invalid;
    const best = r.candidates[0];
    if (!best) return { action: null, expected: 'no valid candidate action', candidates: [] };
    if (this.o.abstainSpread !== undefined && best.spread > this.o.abstainSpread)
      return {
        action: null,
        expected: `the rollouts of the best candidate disagree by ${best.spread} steps`,
        candidates: r.candidates,
      };
    const expected =
      `after ${actionText(best.action)}: ${stagesText(best.predictedStages)} ` +
      `(from ${stagesText(believed)}); about ${best.predictedSteps.toFixed(1)} steps to recovery`;
    return { action: best.action, expected, candidates: r.candidates };
  }

  private async greedy(env: RoleEnv) {
    const s = this.settings();
    for (let i = 0; i <= this.o.retries; i++) {
      const r = await act(env, s, { temperature: i === 0 ? 0 : s.temperature, seed: s.seed + i });
      if (!r.action) {
        this.invalid++;
        continue;
      }
      const expected = `after ${actionText(r.action)}: ${stagesText(r.expected ?? env.ctx.believed ?? NO_STAGES)}`;
      return { action: r.action, expected, candidates: [] };
    }
    return { action: null, expected: 'no valid action after retries', candidates: [] };
  }

  /** Execute the start-of-incident plan step by step; a new plan only when it runs out. */
  private async oneShot(env: RoleEnv) {
    for (let replans = 0; replans < 2; replans++) {
      if (this.plannedSteps.length === 0) {
        const r = await planWhole(env, this.settings());
        if (!r.valid) this.invalid++;
        this.plannedSteps = r.steps;
      }
      while (this.plannedSteps.length > 0) {
        const raw = this.plannedSteps.shift();
        const action = groundAction(raw, this.deps.verbs, this.deps.validActions());
        if (!action) {
          this.invalid++;
          continue;
        }
        const expected = `after ${actionText(action)}: the next step of the plan (${this.plannedSteps.length} left)`;
        return { action, expected, candidates: [] };
      }
    }
    return { action: null, expected: 'the plan has no valid action left', candidates: [] };
  }

  private abstain(
    reason: string,
    candidates: Candidate[],
    ctx: IncidentContext,
  ): Extract<AgentDecision, { kind: 'abstain' }> {
    this.abstentions++;
    this.pending = { step: this.step, action: null, expected: `nothing (abstained: ${reason})` };
    return { kind: 'abstain', reason, candidates, conjecture: ctx.conjecture };
  }
}

/** The one-shot baseline: one plan at the start, executed step by step. */
export function oneShotLlm(deps: LlmAgentDeps, opts: LlmAgentOptions = {}): LlmResponseAgent {
  return new LlmResponseAgent(deps, { ...opts, mode: 'one-shot' });
}

/** The greedy baseline: perception, then one action without look-ahead. */
export function greedyLlm(deps: LlmAgentDeps, opts: LlmAgentOptions = {}): LlmResponseAgent {
  return new LlmResponseAgent(deps, { ...opts, mode: 'greedy' });
}
