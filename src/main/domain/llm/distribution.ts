/** π_LLM: the model's own probabilities over the candidate actions, spread over the whole catalogue. */

/**
 * Probability each non-candidate action keeps. The paper's KL(π_θ ‖ π_LLM) term is infinite
 * wherever π_LLM is 0 and π_θ is not, so every action keeps this small floor; candidates share
 * the remaining mass in proportion to the model's probabilities.
 */
export const NON_CANDIDATE_FLOOR = 1e-4;

/** One candidate's score: the summed log-probability of its answer tokens. */
export interface CandidateScore {
  action: number;
  logProb: number;
}

/**
 * Renormalise candidate log-probabilities into a distribution over `nActions` that sums to 1:
 * candidates get softmax(logProb) × (1 − floor × non-candidates), every other action the floor.
 * Non-finite scores (a candidate the model cannot produce) get no mass beyond the others' share.
 */
export function candidateDistribution(
  scores: readonly CandidateScore[],
  nActions: number,
  floor = NON_CANDIDATE_FLOOR,
): Float32Array {
  const dist = new Float32Array(nActions);
  const cands = new Map<number, number>();
  for (const s of scores) {
    if (s.action < 0 || s.action >= nActions) throw new RangeError(`no action ${s.action}`);
    cands.set(s.action, s.logProb);
  }
  if (cands.size === 0) throw new Error('cannot build a distribution without candidates');
  const others = nActions - cands.size;
  const candMass = 1 - floor * others;
  const finite = [...cands.values()].filter(Number.isFinite);
  const max = finite.length ? Math.max(...finite) : 0;
  let z = 0;
  const w = new Map<number, number>();
  for (const [a, lp] of cands) {
    // All candidates impossible (all -Infinity): fall back to uniform over them.
    const x = finite.length ? (Number.isFinite(lp) ? Math.exp(lp - max) : 0) : 1;
    w.set(a, x);
    z += x;
  }
  for (let a = 0; a < nActions; a++) {
    const x = w.get(a);
    dist[a] = x === undefined ? floor : (x / z) * candMass;
  }
  return dist;
}

/** A distribution that puts almost all mass on `action` (used when the model gave no scores). */
export function pointDistribution(
  action: number,
  candidates: readonly number[],
  nActions: number,
): Float32Array {
  const scores = candidates.map((a) => ({ action: a, logProb: a === action ? 0 : Math.log(1e-3) }));
  return candidateDistribution(scores, nActions);
}

/** The catalogue index of the candidate with the best historical reward (unknown rewards last). */
export function bestRewardCandidate<C extends { action: number; historicalReward: number | null }>(
  candidates: readonly C[],
): C {
  let best = candidates[0];
  if (!best) throw new Error('no candidates');
  for (const c of candidates) {
    const r = c.historicalReward ?? -Infinity;
    if (r > (best.historicalReward ?? -Infinity)) best = c;
  }
  return best;
}
