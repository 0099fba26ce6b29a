/**
 * The grounded planner: a deterministic look-ahead over the incident's hypotheses. Each candidate
 * is costed as "take it now, then do what the still-plausible hypotheses need, in phase order",
 * charging every step the recovery model's weighted cost of the stages still open (containment 6
 * ... restoration 1) plus the action's own cost. An evidence step is costed over the answers its
 * questions may get: a question that separates hypotheses makes the plan after it shorter, which
 * is what makes asking worth it. No model, no simulator: beliefs and bound plans only.
 */
import { stepCost } from '../core/recovery';
import { STAGES, type ResponseAction, type StageBits } from '../core/types';
import { actionCost, verb } from '../core/verbs';
import type { BoundStep } from './bind';
import type { HypothesisCatalogue } from './hypotheses';
import type { ScoredHypothesis } from './score';

/** Belief below which a hypothesis's steps are not hedged for. */
export const HEDGE_MIN = 0.2;
/** How sure answers are taken to be when looking ahead (an answer may be wrong). */
const ANSWER_TRUST = 0.9;

/** Beliefs by hypothesis id, grouped by facet. */
export type Beliefs = Map<string, Map<string, number>>;

/** A candidate step with its look-ahead cost and why. */
export interface PlannedCandidate {
  action: ResponseAction;
  key: string;
  /** Expected weighted cost to recovery when this step is taken now. */
  expectedCost: number;
  /** Stages it advances, by hypothesis that needs it. */
  advances: { hypothesis: string; stage: string }[];
  /** Questions it would put to the analyst (evidence steps). */
  asks: string[];
  why: string;
}

/** Beliefs of the scored hypotheses (kept ones only). */
export function beliefsOf(scored: readonly ScoredHypothesis[]): Beliefs {
  const b: Beliefs = new Map();
  for (const h of scored) {
    if (h.score <= 0) continue;
    const f = b.get(h.facet) ?? new Map<string, number>();
    f.set(h.id, h.score);
    b.set(h.facet, f);
  }
  return b;
}

/** Stage bits of a hypothesis given the steps done: a stage is done when all its steps are. */
export function stagesOf(steps: readonly BoundStep[], done: ReadonlySet<string>): StageBits {
  const bits = STAGES.map((_, i) =>
    steps.filter((s) => s.stageIndex === i).every((s) => done.has(s.key)),
  );
  return bits as unknown as StageBits;
}

/** Expected weighted stage cost of one step taken now (mean over facets of each facet's mix). */
function openStageCost(
  beliefs: Beliefs,
  plans: Map<string, BoundStep[]>,
  done: ReadonlySet<string>,
): number {
  let sum = 0;
  for (const f of beliefs.values())
    for (const [id, p] of f) sum += p * stepCost(stagesOf(plans.get(id) ?? [], done));
  return beliefs.size ? sum / beliefs.size : 0;
}

const phase = (s: BoundStep) => verb(s.action.verb)?.phase ?? 9;

/** The steps still needed by hypotheses believed at least HEDGE_MIN, in plan order. */
export function hedgedRemaining(
  beliefs: Beliefs,
  plans: Map<string, BoundStep[]>,
  done: ReadonlySet<string>,
): BoundStep[] {
  const need = new Map<string, BoundStep>();
  for (const f of beliefs.values()) {
    const top = Math.max(...f.values());
    for (const [id, p] of f) {
      if (p < HEDGE_MIN && p < top) continue;
      for (const s of plans.get(id) ?? [])
        if (!done.has(s.key) && !need.has(s.key)) need.set(s.key, s);
    }
  }
  return [...need.values()].sort(
    (a, b) =>
      phase(a) - phase(b) ||
      a.stageIndex - b.stageIndex ||
      actionCost(a.action) - actionCost(b.action) ||
      a.key.localeCompare(b.key),
  );
}

/** Cost of doing the hedged remaining steps in order from `done`. */
export function costToGo(
  beliefs: Beliefs,
  plans: Map<string, BoundStep[]>,
  done: ReadonlySet<string>,
): number {
  const d = new Set(done);
  let cost = 0;
  for (const s of hedgedRemaining(beliefs, plans, done)) {
    cost += actionCost(s.action) + openStageCost(beliefs, plans, d);
    d.add(s.key);
  }
  return cost;
}

/** The answer a hypothesis expects to a question (undefined: it does not say). */
function expects(cat: HypothesisCatalogue, id: string, q: string): boolean | undefined {
  const h = cat.hypotheses.find((x) => x.id === id);
  return h?.predicts[q] ?? h?.suggests[q];
}

/** Questions an evidence verb can ask on which two believed hypotheses of a facet disagree. */
export function separatingQuestions(
  cat: HypothesisCatalogue,
  beliefs: Beliefs,
  verbId: string,
): string[] {
  const out: string[] = [];
  for (const q of cat.questions) {
    if (!q.askedBy.includes(verbId)) continue;
    for (const f of beliefs.values()) {
      const said = [...f.keys()].map((id) => expects(cat, id, q.id)).filter((x) => x !== undefined);
      if (new Set(said).size > 1) {
        out.push(q.id);
        break;
      }
    }
  }
  return out.slice(0, 3);
}

/** Beliefs after an answer vector (each hypothesis weighed by how well it expected it). */
function update(
  cat: HypothesisCatalogue,
  beliefs: Beliefs,
  answers: Map<string, boolean>,
): Beliefs {
  const out: Beliefs = new Map();
  for (const [facet, f] of beliefs) {
    const next = new Map<string, number>();
    let total = 0;
    for (const [id, p] of f) {
      let w = p;
      for (const [q, a] of answers) {
        const e = expects(cat, id, q);
        if (e !== undefined) w *= e === a ? ANSWER_TRUST : 1 - ANSWER_TRUST;
      }
      next.set(id, w);
      total += w;
    }
    for (const [id, w] of next) next.set(id, total > 0 ? w / total : 0);
    out.set(facet, next);
  }
  return out;
}

/** Probability of an answer vector under the beliefs (questions taken as independent). */
function answerProbability(
  cat: HypothesisCatalogue,
  beliefs: Beliefs,
  answers: Map<string, boolean>,
): number {
  let prob = 1;
  for (const [q, a] of answers) {
    let yes = 0;
    let n = 0;
    for (const f of beliefs.values())
      for (const [id, p] of f) {
        const e = expects(cat, id, q);
        if (e === undefined) continue;
        yes += p * (e ? ANSWER_TRUST : 1 - ANSWER_TRUST);
        n += p;
      }
    const py = n > 0 ? yes / n : 0.5;
    prob *= a ? py : 1 - py;
  }
  return prob;
}

/** Cost of taking `s` now and following the hedged plan (over the answers it may get). */
export function lookAhead(
  cat: HypothesisCatalogue,
  beliefs: Beliefs,
  plans: Map<string, BoundStep[]>,
  done: ReadonlySet<string>,
  s: BoundStep,
  asks: readonly string[],
): number {
  const now = actionCost(s.action) + openStageCost(beliefs, plans, done);
  const after = new Set(done).add(s.key);
  if (!asks.length) return now + costToGo(beliefs, plans, after);
  let expected = 0;
  for (let m = 0; m < 1 << asks.length; m++) {
    const answers = new Map(asks.map((q, i) => [q, Boolean(m & (1 << i))]));
    const pa = answerProbability(cat, beliefs, answers);
    if (pa > 0) expected += pa * costToGo(update(cat, beliefs, answers), plans, after);
  }
  return now + expected;
}
