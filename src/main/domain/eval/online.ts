/**
 * Acting on test flows with online evidence (`--online`): the flows arrive in order, the policy
 * decides on each with its signature's N, C, B as they stand, and once a flow's label is known its
 * signature's N (and C when the detector was right) grows, as the paper updates them "whenever a
 * flow arrives and matches a signature". The counts start from the detector's (the rows' own).
 */
import {
  chooseActions,
  SignatureCounts,
  UNIFORM_PRIOR,
  type AlertSet,
  type CountPrior,
  type Policy,
} from '../rl';

/** What the policy did on the flows, and the evidence each decision saw. */
export interface OnlineActs {
  /** Greedy action per row. */
  actions: Int32Array;
  /** π of the chosen action per row. */
  pi: Float32Array;
  /** N, C, B per row as its state showed them. */
  n: Float32Array;
  c: Float32Array;
  b: Float32Array;
  /** The counts after every label arrived. */
  counts: SignatureCounts;
}

/**
 * Decide on `set`'s rows in order. Labels arrive `chunk` flows at a time: the flows of a chunk
 * see the counts as of the chunk's start, then the chunk's labels count (chunk 1: each label
 * arrives right after its decision). Actions never change the counts, so the states are worked
 * out first and the policy runs once over all rows. `counts` continues existing counters.
 */
export function actOnline(
  policy: Policy,
  set: AlertSet,
  prior: CountPrior = set.betaPrior ?? UNIFORM_PRIOR,
  chunk = 1,
  counts: SignatureCounts = SignatureCounts.fromRows(set, prior),
): OnlineActs {
  if (!(chunk >= 1)) throw new RangeError(`chunk must be >= 1 (got ${chunk})`);
  const n = new Float32Array(set.size);
  const c = new Float32Array(set.size);
  const b = new Float32Array(set.size);
  for (let s = 0; s < set.size; s += chunk) {
    const end = Math.min(set.size, s + chunk);
    for (let i = s; i < end; i++) {
      const sig = set.signature[i]!;
      n[i] = counts.nOf(sig);
      c[i] = counts.cOf(sig);
      b[i] = counts.bOf(sig);
    }
    for (let i = s; i < end; i++) {
      const t = set.trueClass[i]!;
      if (t >= 0) counts.observe(set.signature[i]!, set.predicted[i] === t);
    }
  }
  const view: AlertSet = { ...set, n, c, b };
  const A = policy.numActions;
  const p = policy.probs(view);
  const actions = chooseActions(p, A, true);
  const pi = Float32Array.from(actions, (a, r) => p[r * A + a]!);
  return { actions, pi, n, c, b, counts };
}
