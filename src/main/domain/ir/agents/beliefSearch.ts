/**
 * Exact look-ahead over the agent's belief: for each candidate, every result the action could
 * print under every plausible variant (the telling text, or the empty-handed one when evidence is
 * missed) is branched on, the belief is updated by Bayes' rule, and the search recurses to a
 * fixed depth. At the leaves the agent commits to the one variant whose plan is cheapest in
 * expectation across the plausible variants (it stops learning), which charges for uncertainty
 * instead of assuming it away as a clairvoyant rollout does. Alerts are not branched on.
 */
import { remainingPlan, remainingSteps, type Twin } from '../twin';
import type { Candidate } from '../core/types';
import { parseActionKey } from '../core/verbs';
import { rankPlanActions, tellingActions } from './beliefRollout';
import { likelihood } from './conjecture';

/** A belief node: one twin per plausible variant (same history) and their probabilities. */
interface Node {
  twins: Twin[];
  p: number[];
}

/** Search settings. */
export interface SearchSettings {
  depth: number;
  /** Plan actions considered per node. */
  candidates: number;
  /** Telling evidence actions considered per node. */
  telling: number;
}

/** Steps charged when a committed plan leaves a variant unrecoverable (its evidence destroyed). */
const LOST = 60;
/** Belief below which a variant is dropped from a node. */
const NEGLIGIBLE = 1e-3;

/** Score `keys` at the root: expected steps to recovery for each. */
export function searchCandidates(
  keys: readonly string[],
  twins: readonly Twin[],
  p: readonly number[],
  s: SearchSettings,
): Candidate[] {
  const root = prune({ twins: [...twins], p: [...p] });
  const top = root.p.indexOf(Math.max(...root.p));
  return keys.map((key) => {
    const { value, lo, hi } = q(root, key, s.depth, s);
    const preview = root.twins[top]!.clone();
    preview.step(parseActionKey(key));
    return {
      action: parseActionKey(key),
      predictedSteps: value,
      spread: hi - lo,
      predictedStages: preview.stages,
    };
  });
}

/** Expected steps from `n` when the best action is taken at every node to `depth`. */
function value(n: Node, depth: number, s: SearchSettings): number {
  const live = n.twins.map((t, i) => (t.done ? 0 : n.p[i]!)).reduce((a, b) => a + b, 0);
  if (live < NEGLIGIBLE) return 0;
  if (n.p.length === 1) return finite(remainingSteps(n.twins[0]!));
  if (depth === 0) return commit(n);
  let best = commit(n);
  for (const key of candidateKeys(n, s)) best = Math.min(best, q(n, key, depth, s).value);
  return best;
}

/** Expected steps after taking `key` at `n` (1 for the step, then the best continuation). */
function q(
  n: Node,
  key: string,
  depth: number,
  s: SearchSettings,
): { value: number; lo: number; hi: number } {
  const action = parseActionKey(key);
  const next = n.twins.map((t) => {
    const c = t.clone();
    const o = c.step(action);
    return { twin: c, done: o.done, model: c.feedbackModel };
  });
  // What each plausible variant could print: its telling text, or the obscured one when missed.
  const outcomes = new Map<string, number>();
  next.forEach((x, v) => {
    const { clean, obscured, noise } = x.model;
    const add = (text: string, prob: number) => {
      const k = `${x.done ? 1 : 0}|${text}`;
      outcomes.set(k, (outcomes.get(k) ?? 0) + n.p[v]! * prob);
    };
    if (obscured === null) add(clean, 1);
    else {
      add(clean, 1 - noise);
      add(obscured, noise);
    }
  });
  let total = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [k, prob] of outcomes) {
    if (prob <= 0) continue;
    const done = k.startsWith('1|');
    const text = k.slice(2);
    const post = next.map((x, u) => (x.done === done ? n.p[u]! * likelihood(x.model, text) : 0));
    const z = post.reduce((a, b) => a + b, 0);
    if (z <= 0) continue;
    const child = prune({ twins: next.map((x) => x.twin), p: post.map((w) => w / z) });
    const v = done ? 0 : value(child, depth - 1, s);
    total += prob * v;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { value: 1 + total, lo: 1 + lo, hi: 1 + hi };
}

/** Plan actions of the plausible variants, plus the evidence actions that tell them apart. */
function candidateKeys(n: Node, s: SearchSettings): string[] {
  const keys = rankPlanActions(
    n.twins.map((t, i) => ({ plan: remainingPlan(t), p: n.p[i]! })),
  ).slice(0, s.candidates);
  const weighted = n.twins.map((t, i) => ({ variant: t.variant.id, twins: [t], p: n.p[i]! }));
  for (const key of tellingActions(weighted, s.telling)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * The leaf: commit to one variant's remaining plan and carry it out whatever is seen; a variant
 * it does not recover finishes with its own optimal plan afterwards. The best such commitment.
 */
function commit(n: Node): number {
  let best = Infinity;
  n.twins.forEach((u) => {
    const plan = remainingPlan(u);
    if (!plan) return;
    let cost = 0;
    n.twins.forEach((truth, v) => {
      if (n.p[v]! < NEGLIGIBLE) return;
      const c = truth.clone();
      let steps = 0;
      for (const key of plan) {
        if (c.done) break;
        c.step(parseActionKey(key));
        steps++;
      }
      cost += n.p[v]! * (c.done ? steps : steps + finite(remainingSteps(c)));
    });
    best = Math.min(best, cost);
  });
  return Number.isFinite(best) ? best : LOST;
}

/** Drop variants with negligible belief (renormalised). */
function prune(n: Node): Node {
  const keep = n.p.map((w, i) => (w >= NEGLIGIBLE ? i : -1)).filter((i) => i >= 0);
  const z = keep.reduce((a, i) => a + n.p[i]!, 0);
  return { twins: keep.map((i) => n.twins[i]!), p: keep.map((i) => n.p[i]! / z) };
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : LOST;
}
