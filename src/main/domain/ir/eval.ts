/**
 * The incident-response evaluation: every agent on every scenario for a few seeds, against the
 * twin's exact optimum T*. A run ends at recovery or at the step cap (3·T* + 10); a failed run
 * counts the cap as its steps. An abstention is followed by a monitor step (the analyst is asked).
 * An LLM agent's failure (a prompt that does not fit the context, a timed-out call) ends its
 * episode as failed with the error recorded, and the evaluation goes on; a cancel still aborts.
 */
import { AbortError } from '../llm/lock';
import type { ModelManager } from '../llm/modelManager';
import { makeAgent, publicScenario, type AgentName, type PlannerConfig } from './agents';
import {
  isLlmAgent,
  makeLlmAgent,
  type LlmAgentName,
  type LlmEvalSettings,
} from './agents/llmAgents';
import { stageAgreement, stagesChanged, weightedCost } from './core/recovery';
import { CallTimeoutError } from './llmAgent';
import { optimalSteps, scenarioModel, SCENARIOS, Twin } from './twin';
import type {
  Incident,
  IrAlert,
  Observation,
  ResponseAction,
  ResponseAgent,
  ScenarioSpec,
  StageBits,
} from './core/types';
import { actionKey } from './core/verbs';

/** Any agent the evaluation can run: a deterministic one or an LLM agent. */
export type EvalAgentName = AgentName | LlmAgentName;

/** The LLM agents' model (loaded once by the caller) and planning sizes. */
export interface LlmEvalRuntime {
  manager: ModelManager;
  settings?: Partial<LlmEvalSettings>;
  /** Cancels the evaluation: the running LLM call stops and the AbortError propagates. */
  signal?: AbortSignal;
}

/** Settings of an evaluation. */
export interface IrEvalConfig {
  agents: EvalAgentName[];
  /** Scenario ids (default: all). */
  scenarios: string[];
  /** Seeds 1..seeds are run per (agent, scenario). Default 5. */
  seeds: number;
  /** Planner settings for twin-planner / lookahead-no-refinement. */
  planner?: Partial<PlannerConfig>;
  /** Also run each decoy variant as the truth (report keys "scenario:variant"). Default false. */
  allVariants?: boolean;
  /** Planning sizes of the LLM agents (their model is passed to runIrEval). */
  llm?: Partial<LlmEvalSettings>;
  /**
   * A bounded protocol for slow agents: stop each episode after ⌈stepBudget·T*⌉ steps when that is
   * below the cap (3·T* + 10). A run stopped there is failed and counts the budget as its steps,
   * so steps / T* can be at most stepBudget. Default: no budget (the cap).
   */
  stepBudget?: number;
}

/** One run of one agent on one scenario. */
export interface RunResult {
  agent: string;
  scenario: string;
  seed: number;
  optimalSteps: number;
  steps: number;
  success: boolean;
  weightedCost: number;
  ineffectiveActions: number;
  /** Actions no stage requirement of the true variant needed (or already in effect): 0 for the optimum. */
  unnecessaryActions: number;
  invalidActions: number;
  /** LLM agents: model outputs that did not ground to a valid action, dropped and never executed. */
  droppedOutputs: number;
  abstentions: number;
  /** Final conjecture = true variant (null for agents without a conjecture). */
  conjectureCorrect: boolean | null;
  /** Mean share of stage bits the agent's belief got right before each step (null without beliefs). */
  stageAccuracy: number | null;
  llmCalls: number;
  tokens: number;
  wallMs: number;
  actions: string[];
  /** One line per step: action, feedback, stages after. */
  trace: string[];
  /** Why an LLM agent's episode ended early (it then counts as failed at the cap); null otherwise. */
  error: string | null;
}

/** Averages over a set of runs (the report's per-agent and per-scenario cells). */
export interface AgentSummary {
  runs: number;
  meanSteps: number;
  stepsOverOptimal: number;
  successRate: number;
  meanWeightedCost: number;
  /** Mean per run. */
  invalidActions: number;
  /** Mean per run: LLM outputs dropped before execution (0 for the other agents). */
  droppedOutputs: number;
  /** Mean per run. */
  ineffectiveActions: number;
  /** Share of all steps that changed no stage. */
  ineffectiveRate: number;
  /** Mean per run: actions the true variant's requirements did not need. */
  unnecessaryActions: number;
  conjectureAccuracy: number | null;
  stageAccuracy: number | null;
  abstentions: number;
  llmCallsPerStep: number;
  tokensPerStep: number;
  wallMsPerRun: number;
  /** Wall time per step taken (all runs' time over all their steps). */
  wallMsPerStep: number;
  /** Runs that ended with an error (counted as failed at the cap). */
  errors: number;
}

/** One run that ended with an error, as the report lists it. */
export interface RunError {
  agent: string;
  seed: number;
  message: string;
}

/** The evaluation report (`rampart ir-eval --json`). */
export interface IrEvalReport {
  config: IrEvalConfig & { stepCap: string };
  agents: Record<string, AgentSummary>;
  scenarios: Record<
    string,
    {
      title: string;
      family: string;
      trueVariant: string;
      variants: string[];
      optimalSteps: number;
      agents: Record<string, AgentSummary>;
      /** Runs that ended with an error, in run order. */
      errors: RunError[];
    }
  >;
  seconds: number;
}

/** The step cap of a scenario with optimum `tStar` (with a budget: the smaller of the two). */
export function stepCap(tStar: number, budget?: number): number {
  const cap = 3 * tStar + 10;
  return budget === undefined ? cap : Math.min(cap, Math.max(1, Math.ceil(budget * tStar)));
}

/** The cap's formula as the report states it. */
function capText(budget?: number): string {
  return budget === undefined ? '3·T* + 10' : `min(3·T* + 10, ⌈${budget}·T*⌉)`;
}

/** The incident an agent is handed: the opening alerts grouped. */
export function openingIncident(spec: ScenarioSpec, o: Observation): Incident {
  const alerts: IrAlert[] = o.alerts;
  const times = alerts.map((a) => a.time);
  return {
    id: `${spec.id}-opening`,
    family: spec.family,
    sources: [...new Set(alerts.map((a) => a.src))],
    targets: [...new Set(alerts.map((a) => a.dst))],
    firstSeen: Math.min(...times),
    lastSeen: Math.max(...times),
    alerts,
    chainedFrom: [],
    falsePositive: false,
  };
}

/** Run one agent on one scenario with one seed. */
export async function runEpisode(
  spec: ScenarioSpec,
  agentName: EvalAgentName,
  seed: number,
  planner: Partial<PlannerConfig> = {},
  llm?: LlmEvalRuntime,
  stepBudget?: number,
): Promise<RunResult> {
  const t0 = performance.now();
  const tStar = optimalSteps(spec).steps;
  const cap = stepCap(tStar, stepBudget);
  const twin = new Twin(spec, { seed });
  let agent: ResponseAgent;
  let llmAgent: ReturnType<typeof makeLlmAgent> | null = null;
  if (!isLlmAgent(agentName)) agent = makeAgent(agentName, spec, seed, planner);
  else if (llm) agent = llmAgent = makeLlmAgent(agentName, llm.manager, seed, llm.settings);
  else throw new Error(`agent ${agentName} needs a model (a ModelManager with a GGUF loaded)`);
  let obs = twin.initialObservation();
  const before: StageBits[] = [];
  const r = emptyRun(agentName, spec.id, seed, tStar);
  let agreement = 0;
  let beliefs = 0;
  // An LLM agent's failure ends its episode (failed, error recorded); anything else propagates.
  const failed = (err: unknown): null => {
    if (!isLlmAgent(agentName) || isCancel(err, llm?.signal)) throw err;
    r.error = errorText(err);
    return null;
  };
  const started = await agent
    .start(openingIncident(spec, obs), publicScenario(spec))
    .then(() => true, failed);
  while (started && !obs.done && twin.steps < cap) {
    const d = await agent.next(obs, llm?.signal).catch(failed);
    if (!d) break;
    const stages = twin.stages;
    before.push(stages);
    const action = d.kind === 'act' ? d.action : { verb: 'monitor', target: null };
    if (d.kind === 'abstain') r.abstentions++;
    else {
      r.llmCalls += d.llmCalls;
      r.tokens += d.tokens;
      if (d.conjecture || d.candidates.length) {
        agreement += stageAgreement(d.believedStages, stages);
        beliefs++;
      }
    }
    if (d.conjecture) r.conjectureCorrect = d.conjecture.variant === spec.trueVariant;
    if (!needed(twin, action)) r.unnecessaryActions++;
    obs = twin.step(action);
    if (!obs.valid) r.invalidActions++;
    if (!stagesChanged(stages, twin.stages)) r.ineffectiveActions++;
    r.actions.push(actionKey(action));
    r.trace.push(
      `${twin.steps}. ${actionKey(action)}${d.kind === 'abstain' ? ' (abstained)' : ''} → ${obs.feedback} [${twin.stages.map(Number).join('')}]`,
    );
  }
  // Failed at the cap: the steps an errored run did not take are charged in the state it stopped in.
  if (r.error !== null) while (before.length < cap) before.push(twin.stages);
  r.success = obs.done && r.error === null;
  r.steps = r.success ? twin.steps : cap;
  r.weightedCost = weightedCost(before);
  r.stageAccuracy = beliefs ? agreement / beliefs : null;
  r.droppedOutputs = llmAgent?.agent?.stats.invalidOutputs ?? 0;
  r.wallMs = performance.now() - t0;
  return r;
}

/** A cancel (of the evaluation, or the model going away) rather than a failure of one episode. */
function isCancel(err: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return err instanceof AbortError && !(err instanceof CallTimeoutError);
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Whether the true variant needs this action now: a requirement key not yet in effect, or undoing an outage. */
function needed(twin: Twin, a: ResponseAction): boolean {
  const key = actionKey(a);
  if (a.verb === 'reconnect-host' || a.verb === 'restart-service')
    if (a.target && twin.down.has(a.target)) return true;
  if (twin.facts.has(key)) return false;
  return Object.values(twin.variant.requirements).some((reqs) =>
    reqs.some((r) => r.anyOf.some((alt) => alt.includes(key))),
  );
}

/** A run before its first step. */
function emptyRun(agent: string, scenario: string, seed: number, tStar: number): RunResult {
  return {
    agent,
    scenario,
    seed,
    optimalSteps: tStar,
    steps: 0,
    success: false,
    weightedCost: 0,
    ineffectiveActions: 0,
    unnecessaryActions: 0,
    invalidActions: 0,
    droppedOutputs: 0,
    abstentions: 0,
    conjectureCorrect: null,
    stageAccuracy: null,
    llmCalls: 0,
    tokens: 0,
    wallMs: 0,
    actions: [],
    trace: [],
    error: null,
  };
}

/** Average a set of runs. */
export function summarise(runs: readonly RunResult[]): AgentSummary {
  const n = runs.length || 1;
  const mean = (f: (r: RunResult) => number) => runs.reduce((s, r) => s + f(r), 0) / n;
  const steps = runs.reduce((s, r) => s + r.actions.length, 0) || 1;
  const conj = runs.filter((r) => r.conjectureCorrect !== null);
  const stage = runs.filter((r) => r.stageAccuracy !== null);
  return {
    runs: runs.length,
    meanSteps: mean((r) => r.steps),
    stepsOverOptimal: mean((r) => r.steps / r.optimalSteps),
    successRate: mean((r) => Number(r.success)),
    meanWeightedCost: mean((r) => r.weightedCost),
    invalidActions: mean((r) => r.invalidActions),
    droppedOutputs: mean((r) => r.droppedOutputs),
    ineffectiveActions: mean((r) => r.ineffectiveActions),
    ineffectiveRate: runs.reduce((s, r) => s + r.ineffectiveActions, 0) / steps,
    unnecessaryActions: mean((r) => r.unnecessaryActions),
    conjectureAccuracy: conj.length
      ? conj.filter((r) => r.conjectureCorrect).length / conj.length
      : null,
    stageAccuracy: stage.length
      ? stage.reduce((s, r) => s + (r.stageAccuracy ?? 0), 0) / stage.length
      : null,
    abstentions: mean((r) => r.abstentions),
    llmCallsPerStep: runs.reduce((s, r) => s + r.llmCalls, 0) / steps,
    tokensPerStep: runs.reduce((s, r) => s + r.tokens, 0) / steps,
    wallMsPerRun: mean((r) => r.wallMs),
    wallMsPerStep: runs.reduce((s, r) => s + r.wallMs, 0) / steps,
    errors: runs.filter((r) => r.error !== null).length,
  };
}

/**
 * Run the whole evaluation; `manager` (a loaded model) is needed only for the LLM agents, and
 * `signal` cancels it (an AbortError).
 */
export async function runIrEval(
  cfg: IrEvalConfig,
  onProgress: (line: string) => void = () => {},
  manager?: ModelManager,
  signal?: AbortSignal,
): Promise<IrEvalReport> {
  const llm = manager ? { manager, settings: cfg.llm, signal } : undefined;
  const t0 = performance.now();
  const ids = cfg.scenarios.length ? cfg.scenarios : SCENARIOS.map((s) => s.spec.id);
  const all: RunResult[] = [];
  const report: IrEvalReport = {
    config: { ...cfg, scenarios: ids, stepCap: capText(cfg.stepBudget) },
    agents: {},
    scenarios: {},
    seconds: 0,
  };
  const cases = ids.flatMap((id) => {
    const base = scenarioModel(id).spec;
    if (!cfg.allVariants) return [{ key: id, spec: base }];
    return base.variants.map((v) => ({
      key: `${id}:${v.id}`,
      spec: { ...base, trueVariant: v.id },
    }));
  });
  for (const { key: id, spec } of cases) {
    const perAgent: Record<string, AgentSummary> = {};
    const errors: RunError[] = [];
    for (const agent of cfg.agents) {
      const runs: RunResult[] = [];
      for (let seed = 1; seed <= cfg.seeds; seed++) {
        const run = await runEpisode(spec, agent, seed, cfg.planner, llm, cfg.stepBudget);
        runs.push(run);
        if (run.error !== null) errors.push({ agent, seed, message: run.error });
      }
      all.push(...runs);
      const a = (perAgent[agent] = summarise(runs));
      onProgress(
        `${id} ${agent}: ${a.meanSteps.toFixed(1)} steps, success ${(100 * a.successRate).toFixed(0)}%` +
          (a.errors ? `, ${a.errors} run(s) ended with an error` : ''),
      );
    }
    report.scenarios[id] = {
      title: spec.title,
      family: spec.family,
      trueVariant: spec.trueVariant,
      variants: spec.variants.map((v) => v.id),
      optimalSteps: optimalSteps(spec).steps,
      agents: perAgent,
      errors,
    };
  }
  for (const agent of cfg.agents)
    report.agents[agent] = summarise(all.filter((r) => r.agent === agent));
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}
