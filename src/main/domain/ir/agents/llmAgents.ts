/**
 * The bridge between the LLM response agents (which never import the twin) and the twin
 * scenarios: from a scenario's public spec only it gives them the verb catalogue, the network's
 * valid actions, and a world model — a twin of the public spec under the conjectured variant
 * with the agent's own executed actions replayed (as the twin planner builds its rollouts).
 */
import type { ModelManager } from '../../llm/modelManager';
import { greedyLlm, LlmResponseAgent, oneShotLlm } from '../llmAgent';
import type { LlmAgentDeps, LlmAgentOptions, WorldModel, WorldModelFactory } from '../llmAgent';
import type { Twin } from '../twin';
import type {
  AgentDecision,
  Conjecture,
  Incident,
  Observation,
  ResponseAction,
  ResponseAgent,
} from '../core/types';
import { VERBS } from '../core/verbs';
import { replica, type PublicScenario } from './common';

/** The LLM agents the evaluation knows, in report order. */
export const LLM_AGENTS = ['llm-agent', 'llm-one-shot', 'llm-greedy'] as const;
export type LlmAgentName = (typeof LLM_AGENTS)[number];

/** Whether an agent name is one of the LLM agents (they need a loaded model). */
export function isLlmAgent(name: string): name is LlmAgentName {
  return (LLM_AGENTS as readonly string[]).includes(name);
}

/** Planning sizes of the LLM agents in an evaluation (serialisable: they go into the report). */
export interface LlmEvalSettings {
  /** The GGUF file, for the report only (the model is loaded by the caller). Default ''. */
  model: string;
  /** N: candidate actions per step. Default 3. */
  candidates: number;
  /** M: rollouts per candidate. Default 3. */
  rollouts: number;
  /** Most actions one rollout (or the one-shot plan) simulates. Default 10. */
  depthCap: number;
  /** Roll out in a twin of the public spec under the conjectured variant. Default true. */
  twinWorldModel: boolean;
  /** How answers are decoded: 'jump-forward' (default) or 'grammar' (one evaluation per token). */
  decoder: 'jump-forward' | 'grammar';
}

/** Default LLM settings (the agent's own defaults). */
export const DEFAULT_LLM_EVAL: LlmEvalSettings = {
  model: '',
  candidates: 3,
  rollouts: 3,
  depthCap: 10,
  twinWorldModel: true,
  decoder: 'jump-forward',
};

/** What a twin reports as valid in the public network (fixed by the topology). */
export function publicValidActions(scenario: PublicScenario): ResponseAction[] {
  return twinOf(scenario, null, 0).validActions();
}

/**
 * A world-model factory over the public spec: each call builds a twin under the conjecture's
 * variant (the first variant when there is none or it names an unknown one) and replays
 * `history()`, the actions executed so far.
 */
export function twinWorldModel(
  scenario: PublicScenario,
  history: () => readonly ResponseAction[],
  seed: number,
): WorldModelFactory {
  let n = 0;
  return (conjecture: Conjecture | null): WorldModel => {
    const twin = twinOf(scenario, conjecture, seed * 1009 + ++n);
    for (const a of history()) twin.step(a);
    return {
      step: (a) => {
        twin.step(a);
        return twin.stages;
      },
      validActions: () => twin.validActions(),
    };
  };
}

function twinOf(scenario: PublicScenario, conjecture: Conjecture | null, seed: number): Twin {
  const ids = scenario.variants.map((v) => v.id);
  const variant = conjecture && ids.includes(conjecture.variant) ? conjecture.variant : ids[0];
  if (variant === undefined) throw new Error(`scenario ${scenario.id} has no variants`);
  return replica(scenario, variant, seed);
}

/**
 * An LLM agent on a twin scenario: built at `start` from the public spec, it records every
 * action the evaluation executes for it (an abstention executes a monitor step) so its world
 * model replays them.
 */
export class TwinLlmAgent implements ResponseAgent {
  private inner: LlmResponseAgent | null = null;
  private readonly executed: ResponseAction[] = [];

  constructor(
    readonly name: LlmAgentName,
    private readonly manager: ModelManager,
    private readonly seed: number,
    private readonly settings: LlmEvalSettings = DEFAULT_LLM_EVAL,
  ) {}

  /** The wrapped agent (its stats and call hook), once started. */
  get agent(): LlmResponseAgent | null {
    return this.inner;
  }

  async start(incident: Incident, scenario: PublicScenario): Promise<void> {
    this.executed.length = 0;
    const valid = publicValidActions(scenario);
    const deps: LlmAgentDeps = { manager: this.manager, verbs: VERBS, validActions: () => valid };
    const opts: LlmAgentOptions = {
      candidates: this.settings.candidates,
      rollouts: this.settings.rollouts,
      depthCap: this.settings.depthCap,
      decoder: this.settings.decoder,
      seed: this.seed,
      worldModel: this.settings.twinWorldModel
        ? twinWorldModel(scenario, () => this.executed, this.seed)
        : undefined,
    };
    this.inner =
      this.name === 'llm-one-shot'
        ? oneShotLlm(deps, opts)
        : this.name === 'llm-greedy'
          ? greedyLlm(deps, opts)
          : new LlmResponseAgent(deps, opts);
    await this.inner.start(incident, scenario);
  }

  async next(last: Observation | null, signal?: AbortSignal): Promise<AgentDecision> {
    if (!this.inner) throw new Error(`${this.name}: start() was not called`);
    const d = await this.inner.next(last, signal);
    this.executed.push(d.kind === 'act' ? d.action : { verb: 'monitor', target: null });
    return d;
  }
}

/** Build one LLM agent for a twin scenario. */
export function makeLlmAgent(
  name: LlmAgentName,
  manager: ModelManager,
  seed: number,
  settings: Partial<LlmEvalSettings> = {},
): TwinLlmAgent {
  return new TwinLlmAgent(name, manager, seed, { ...DEFAULT_LLM_EVAL, ...settings });
}
