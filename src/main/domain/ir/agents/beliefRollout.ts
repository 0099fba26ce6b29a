/**
 * Rollouts that keep the agent's uncertainty (NDSS Alg. 1 with the twin as world model): a
 * candidate is played on a twin of each plausible variant, and after it a simulated agent that
 * does NOT know the variant carries on — it re-weights the variants by what its twin printed and
 * follows the best-supported plan action — until recovery. A clairvoyant rollout (finishing with
 * the variant's optimal plan) never pays for not knowing the variant, so it cannot see the value
 * of an evidence action no plan needs; these rollouts can. With one plausible variant both agree.
 */
import { remainingPlan, remainingSteps, type Twin, type VariantModel } from '../twin';
import type { Candidate, StageBits } from '../core/types';
import { parseActionKey, phaseOf } from '../core/verbs';
import { alertKind, likelihood } from './conjecture';

/** Likelihood floor of a simulated observation a variant does not predict (as the conjecture's). */
const FLOOR = 0.02;
/** Belief at which the simulated agent stops looking for evidence and acts on its conjecture. */
const SURE = 0.8;
/** Likelihood factor of an alert kind a variant never emits. */
const UNEXPLAINED = 0.05;

/** A plausible variant: its twins (one per rollout, at the real state) and its belief weight. */
export interface WeightedVariant {
  variant: string;
  twins: readonly Twin[];
  p: number;
}

/**
 * The planning rule's ranking of next actions: every action of each variant's remaining optimal
 * plan, weighted by the variant's belief (most supported first, then earlier phase, then earlier
 * in a plan). `exclude`d keys are left out.
 */
export function rankPlanActions(
  plans: readonly { plan: readonly string[] | null; p: number }[],
  exclude: ReadonlySet<string> = new Set(),
): string[] {
  const support = new Map<string, { p: number; order: number }>();
  for (const { plan, p } of plans)
    (plan ?? []).forEach((key, i) => {
      if (exclude.has(key)) return;
      const s = support.get(key) ?? { p: 0, order: i };
      support.set(key, { p: s.p + p, order: Math.min(s.order, i) });
    });
  return [...support.entries()]
    .sort(([ka, a], [kb, b]) => b.p - a.p || phaseOf(ka) - phaseOf(kb) || a.order - b.order)
    .map(([key]) => key);
}

/**
 * Evidence actions whose result would tell plausible variants apart (their twins would print
 * different texts), most telling first; none that a rebuilt host can no longer answer.
 */
export function tellingActions(live: readonly WeightedVariant[], limit: number): string[] {
  if (live.length < 2 || limit <= 0) return [];
  const keys = new Set<string>();
  for (const w of live) for (const key of Object.keys(w.twins[0]!.variant.evidence)) keys.add(key);
  const scored: { key: string; split: number }[] = [];
  for (const key of keys) {
    const t = live[0]!.twins[0]!;
    if (t.facts.has(key)) continue;
    const target = parseActionKey(key).target;
    if (target && t.reimaged.has(target)) continue;
    const mass = new Map<string, number>();
    for (const w of live) {
      const text = w.twins[0]!.variant.evidence[key] ?? '';
      mass.set(text, (mass.get(text) ?? 0) + w.p);
    }
    if (mass.size < 2) continue;
    // Expected belief mass left ambiguous after the result: lower is more telling.
    const left = [...mass.values()].reduce((s, m) => s + m * m, 0);
    scored.push({ key, split: left });
  }
  scored.sort((a, b) => a.split - b.split || phaseOf(a.key) - phaseOf(b.key));
  return scored.slice(0, limit).map((s) => s.key);
}

/** The alert kinds a variant can ever emit (signature and endpoints). */
function emittable(v: VariantModel): Set<string> {
  return new Set(v.emitters.map((e) => `${e.signature}|${e.src}|${e.dst}`));
}

/** Simulate `key` and a belief-keeping agent after it, on every plausible variant's twins. */
export function beliefRollouts(key: string, live: readonly WeightedVariant[]): Candidate {
  const action = parseActionKey(key);
  const kinds = live.map((w) => emittable(w.twins[0]!.variant));
  const horizon = Math.min(
    60,
    5 + 3 * Math.max(...live.map((w) => finite(remainingSteps(w.twins[0]!)))),
  );
  let mean = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let predictedStages: StageBits = live[0]!.twins[0]!.stages;
  const top = live.reduce((a, b) => (b.p > a.p ? b : a));
  for (const truthSide of live) {
    let sum = 0;
    for (const start of truthSide.twins) {
      const n = playOut(key, start, live, kinds, horizon);
      sum += n;
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
    }
    mean += (truthSide.p * sum) / truthSide.twins.length;
    if (truthSide === top) {
      const c = truthSide.twins[0]!.clone();
      c.step(action);
      predictedStages = c.stages;
    }
  }
  return { action, predictedSteps: mean, spread: hi - lo, predictedStages };
}

/** Steps to recovery when `first` is taken on `start` and the simulated agent then carries on. */
function playOut(
  first: string,
  start: Twin,
  live: readonly WeightedVariant[],
  kinds: readonly Set<string>[],
  horizon: number,
): number {
  const truth = start.clone();
  const beliefs = live.map((w) => w.twins[0]!.clone());
  const logw = live.map((w) => Math.log(Math.max(w.p, 1e-12)));
  let key = first;
  let steps = 0;
  for (;;) {
    const action = parseActionKey(key);
    const o = truth.step(action);
    steps++;
    beliefs.forEach((b, i) => {
      const bo = b.step(action);
      let lik = bo.done === o.done ? likelihood(b.feedbackModel, o.feedback) : 0;
      const unexplained = new Set(o.alerts.map(alertKind).filter((x) => !kinds[i]!.has(x)));
      lik *= UNEXPLAINED ** unexplained.size;
      logw[i]! += Math.log(Math.max(lik, FLOOR));
    });
    if (truth.done) return steps;
    if (steps >= horizon) return steps + finite(remainingSteps(truth), horizon);
    const next = basePolicy(beliefs, logw);
    if (!next) return steps + finite(remainingSteps(truth), horizon);
    key = next;
  }
}

/**
 * The simulated agent's next action: while no variant has `SURE` of the belief, the most telling
 * evidence action that is left; otherwise the best-supported plan action.
 */
function basePolicy(beliefs: readonly Twin[], logw: readonly number[]): string | null {
  const max = Math.max(...logw);
  const w = logw.map((l) => Math.exp(l - max));
  const total = w.reduce((a, b) => a + b, 0);
  const weighted = beliefs
    .map((b, i) => ({ variant: b.variant.id, twins: [b], p: w[i]! / total }))
    .filter((x) => x.p >= 0.02);
  if (Math.max(...weighted.map((x) => x.p)) < SURE) {
    const telling = tellingActions(weighted, 1)[0];
    if (telling) return telling;
  }
  return (
    rankPlanActions(weighted.map((x) => ({ plan: remainingPlan(x.twins[0]!), p: x.p })))[0] ?? null
  );
}

function finite(n: number, instead = 30): number {
  return Number.isFinite(n) ? n : instead;
}
