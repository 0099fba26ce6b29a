/**
 * The full deterministic agent (NDSS Alg. 1 with a twin in place of the LLM):
 * perception — believed stage bits from its own simulation of the actions taken;
 * reasoning — a conjecture of the attacker variant from how well each variant explains the
 *   alerts and feedback (conjecture.ts);
 * planning — N candidate actions × M rollouts on twins of the public spec under the conjectured
 *   variants (never the true one), each rollout finishing with that variant's optimal plan; the
 *   candidate with the shortest expected recovery wins;
 * refinement — after every step the observed alerts and feedback re-score the variants
 *   (`refine: false` keeps the first conjecture: the look-ahead-without-refinement ablation).
 */
import { remainingPlan, remainingSteps } from '../twin';
import type {
  AgentDecision,
  Candidate,
  Conjecture,
  Incident,
  Observation,
  ResponseAction,
  ResponseAgent,
} from '../core/types';
import { actionKey, parseActionKey } from '../core/verbs';
import {
  beliefRollouts,
  rankPlanActions,
  tellingActions,
  type WeightedVariant,
} from './beliefRollout';
import { searchCandidates } from './beliefSearch';
import { replica, type PublicScenario } from './common';
import {
  alertKind,
  conjecture,
  DEFAULT_SCORING,
  observe,
  type ObservedHistory,
  type ScoringWeights,
  type VariantRollouts,
} from './conjecture';

/** Settings of the planner. */
export interface PlannerConfig {
  /** Re-score the variants after every step; false keeps the first conjecture. Default true. */
  refine: boolean;
  /** N: candidate actions simulated per step. Default 3. */
  candidates: number;
  /** M: rollouts per candidate and variant (they differ in emitted alerts). Default 3. */
  rollouts: number;
  /** Abstain when the best candidate's rollouts differ by more than this many steps. Default Infinity (off). */
  abstainSpread: number;
  /** Variants scored below this are left out of planning. Default 0.02. */
  minScore: number;
  /** Weights of the variant scores. Default DEFAULT_SCORING. */
  scoring: ScoringWeights;
  /** Evidence actions that would tell the plausible variants apart, added as candidates. Default 2. */
  telling: number;
  /**
   * While more than one variant is plausible, roll candidates out with a simulated agent that
   * does not know the variant (it must find out); false finishes every rollout with the
   * variant's optimal plan (clairvoyant). Default true.
   */
  beliefRollouts: boolean;
  /**
   * While more than one variant is plausible, score candidates by an exact search over what each
   * action could print, this many steps deep (beliefSearch.ts); 0 = off. Default 0.
   */
  searchDepth: number;
}

/** Default planner settings (abstention off, as in the evaluation). */
export const DEFAULT_PLANNER: PlannerConfig = {
  refine: true,
  candidates: 3,
  rollouts: 3,
  abstainSpread: Infinity,
  minScore: 0.02,
  scoring: DEFAULT_SCORING,
  telling: 2,
  beliefRollouts: false,
  searchDepth: 0,
};

const MONITOR: ResponseAction = { verb: 'monitor', target: null };

/** The twin planner; with `refine: false` it is the look-ahead-without-refinement agent. */
export class TwinPlannerAgent implements ResponseAgent {
  readonly name: string;
  private readonly cfg: PlannerConfig;
  private scenario: PublicScenario | null = null;
  private rollouts: VariantRollouts[] = [];
  private seen: ObservedHistory = { kinds: new Set(), feedback: [], done: [] };
  private fixed: Conjecture | null = null;

  constructor(
    private readonly seed: number,
    cfg: Partial<PlannerConfig> = {},
  ) {
    this.cfg = { ...DEFAULT_PLANNER, ...cfg };
    this.name = this.cfg.refine ? 'twin-planner' : 'lookahead-no-refinement';
  }

  async start(incident: Incident, scenario: PublicScenario): Promise<void> {
    this.scenario = scenario;
    this.fixed = null;
    this.seen = openingHistory(incident);
    this.rollouts = startRollouts(scenario, this.seed, this.cfg.rollouts);
  }

  async next(last: Observation | null, signal?: AbortSignal): Promise<AgentDecision> {
    signal?.throwIfAborted();
    const scenario = this.scenario;
    if (!scenario) throw new Error(`${this.name}: start() was not called`);
    if (last) observe(this.seen, last);
    const cj =
      this.cfg.refine || !this.fixed
        ? conjecture(scenario, this.rollouts, this.seen, this.cfg.scoring)
        : this.fixed;
    this.fixed ??= cj;
    const top = this.rollouts.find((r) => r.variant === cj.variant)!;
    const believedStages = top.twins[0]!.stages;
    const candidates = this.plan(cj);
    const best = candidates[0];
    if (!best || best.spread > this.cfg.abstainSpread) {
      this.advance(MONITOR);
      return {
        kind: 'abstain',
        reason: best
          ? `rollouts disagree by ${best.spread} steps (threshold ${this.cfg.abstainSpread})`
          : 'no candidate action',
        candidates,
        conjecture: cj,
      };
    }
    const preview = top.twins[0]!.clone();
    const o = preview.step(best.action);
    this.advance(best.action);
    return {
      kind: 'act',
      action: best.action,
      believedStages,
      conjecture: cj,
      candidates,
      expected: `${o.feedback}; stages → ${preview.stages.map(Number).join('')}`,
      llmCalls: 0,
      tokens: 0,
    };
  }

  /** Candidates from the plausible variants' optimal plans, simulated and sorted best first. */
  private plan(cj: Conjecture): Candidate[] {
    return planCandidates(this.rollouts, cj, this.cfg);
  }

  private advance(action: ResponseAction): void {
    advanceRollouts(this.rollouts, action);
  }
}

/** What the agent has seen when the incident opens: its alerts. */
export function openingHistory(incident: Incident): ObservedHistory {
  return { kinds: new Set(incident.alerts.map(alertKind)), feedback: [], done: [] };
}

/** `count` seeded replicas per variant of the public spec, at the incident's opening. */
export function startRollouts(
  scenario: PublicScenario,
  seed: number,
  count: number,
): VariantRollouts[] {
  return scenario.variants.map((v) => {
    const twins = Array.from({ length: count }, (_, r) =>
      replica(scenario, v.id, seed * 1009 + r + 1),
    );
    const expectedKinds = new Set(
      twins.flatMap((t) => t.initialObservation().alerts.map(alertKind)),
    );
    return { variant: v.id, twins, expectedKinds, feedback: [], done: [] };
  });
}

/** Step every rollout with the action taken and record what each variant predicted. */
export function advanceRollouts(
  rollouts: readonly VariantRollouts[],
  action: ResponseAction,
): void {
  for (const r of rollouts) {
    r.twins.forEach((t, i) => {
      const o = t.step(action);
      for (const a of o.alerts) r.expectedKinds.add(alertKind(a));
      if (i === 0) {
        r.feedback.push(t.feedbackModel);
        r.done.push(o.done);
      }
    });
  }
}

/**
 * The planning rule, shared with the incident desk: candidates are the actions of the plausible
 * variants' remaining optimal plans (weighted by the conjecture, never the `exclude`d ones,
 * `monitor` when none is left), each simulated on every plausible variant's twins; sorted by
 * expected steps to recovery, best first.
 */
export function planCandidates(
  rollouts: readonly VariantRollouts[],
  cj: Conjecture,
  cfg: Pick<
    PlannerConfig,
    'minScore' | 'candidates' | 'telling' | 'beliefRollouts' | 'searchDepth'
  >,
  exclude: ReadonlySet<string> = new Set(),
): Candidate[] {
  const live = rollouts.filter(
    (r) => (cj.scores[r.variant] ?? 0) >= cfg.minScore || r.variant === cj.variant,
  );
  const mass = live.reduce((s, r) => s + (cj.scores[r.variant] ?? 0), 0) || 1;
  const weighted: WeightedVariant[] = live.map((r) => ({
    variant: r.variant,
    twins: r.twins,
    p: (cj.scores[r.variant] ?? 0) / mass,
  }));
  const keys = rankPlanActions(
    weighted.map((w) => ({ plan: remainingPlan(w.twins[0]!), p: w.p })),
    exclude,
  ).slice(0, cfg.candidates);
  const search = cfg.searchDepth > 0 && live.length > 1;
  const uncertain = (cfg.beliefRollouts || search) && live.length > 1;
  if (uncertain)
    for (const key of tellingActions(weighted, cfg.telling))
      if (!keys.includes(key) && !exclude.has(key)) keys.push(key);
  const monitor = actionKey(MONITOR);
  if (keys.length === 0 && !exclude.has(monitor)) keys.push(monitor);
  const searched = search
    ? searchCandidates(
        keys,
        weighted.map((w) => w.twins[0]!),
        weighted.map((w) => w.p),
        { depth: cfg.searchDepth, candidates: cfg.candidates, telling: cfg.telling },
      )
    : null;
  const scored = keys.map((key, order) => ({
    order,
    candidate:
      searched?.[order] ??
      (uncertain ? beliefRollouts(key, weighted) : simulate(key, live, cj, mass)),
  }));
  scored.sort(
    (a, b) => a.candidate.predictedSteps - b.candidate.predictedSteps || a.order - b.order,
  );
  return scored.map((s) => s.candidate);
}

/** Roll one candidate out on every live variant's twins. */
function simulate(
  key: string,
  live: readonly VariantRollouts[],
  cj: Conjecture,
  mass: number,
): Candidate {
  const action = parseActionKey(key);
  let mean = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let predictedStages = live[0]!.twins[0]!.stages;
  for (const r of live) {
    const p = (cj.scores[r.variant] ?? 0) / mass;
    let sum = 0;
    for (const t of r.twins) {
      const c = t.clone();
      c.step(action);
      const n = c.done ? 1 : 1 + remainingSteps(c);
      sum += n;
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
      if (r.variant === cj.variant) predictedStages = c.stages;
    }
    mean += (p * sum) / r.twins.length;
  }
  return { action, predictedSteps: mean, spread: hi - lo, predictedStages };
}
