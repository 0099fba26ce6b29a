/**
 * The Bayes-optimal per-signature oracle: for each signature, the one fixed action with the best
 * expected reward given the true-class mix of the flows it matched. No policy that sees only the
 * agent's state (predicted class, signature, N, C, B) can beat it on the split it was fitted on,
 * so every method's regret is measured against it.
 */
import type { AlertRows } from './alertSet';

/** Best fixed action per signature (and per predicted class, for unseen signatures). */
export interface OraclePolicy {
  bySignature: Map<number, number>;
  byClass: Int32Array;
}

/** Fit the oracle on a split: argmax_a Σ_t P(t | signature) r(t, a). */
export function fitOracle(
  set: AlertRows,
  rewards: Float32Array,
  actionCount: number,
): OraclePolicy {
  const sums = new Map<number, Float64Array>();
  const classSums = Array.from(
    { length: set.classNames.length },
    () => new Float64Array(actionCount),
  );
  for (let i = 0; i < set.size; i++) {
    const t = set.trueClass[i] ?? -1;
    if (t < 0) continue;
    const sig = set.signature[i] ?? 0;
    let s = sums.get(sig);
    if (!s) sums.set(sig, (s = new Float64Array(actionCount)));
    const cs = classSums[set.predicted[i] ?? 0];
    for (let a = 0; a < actionCount; a++) {
      const r = rewards[t * actionCount + a] ?? 0;
      s[a] = (s[a] ?? 0) + r;
      if (cs) cs[a] = (cs[a] ?? 0) + r;
    }
  }
  const argmax = (v: Float64Array) =>
    v.reduce((best, x, a) => (x > (v[best] ?? -Infinity) ? a : best), 0);
  const bySignature = new Map<number, number>();
  for (const [sig, s] of sums) bySignature.set(sig, argmax(s));
  const byClass = Int32Array.from(classSums, (s, cls) =>
    s.some((x) => x !== 0) ? argmax(s) : bestOfClass(rewards, cls, actionCount),
  );
  return { bySignature, byClass };
}

/** The oracle's action for every alert of a set (unseen signatures: the predicted class's best). */
export function oracleActions(o: OraclePolicy, set: AlertRows): Int32Array {
  return Int32Array.from(
    { length: set.size },
    (_, i) => o.bySignature.get(set.signature[i] ?? -1) ?? o.byClass[set.predicted[i] ?? 0] ?? 0,
  );
}

function bestOfClass(rewards: Float32Array, cls: number, actionCount: number): number {
  let best = 0;
  for (let a = 1; a < actionCount; a++)
    if (
      (rewards[cls * actionCount + a] ?? -Infinity) >
      (rewards[cls * actionCount + best] ?? -Infinity)
    )
      best = a;
  return best;
}
