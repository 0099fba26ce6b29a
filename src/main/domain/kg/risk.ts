/**
 * Risk of a recommendation: how likely the recommended action is wrong for a flow its signature
 * matched, and the reward to expect, from a Dirichlet posterior over the flow's true class.
 *
 * The paper scores a signature with Beta(C + 1, N − C + 1) on "the prediction is right". The
 * natural extension to the true-class mix is a Dirichlet whose prior puts α = 1 on the predicted
 * class and 1/(K − 1) on each other class: aggregating the other classes gives back exactly the
 * paper's Beta as the marginal of the predicted class, and the labelled counts per true class
 * (the KG's misclassification evidence) say *which* wrong class, so which actions would be wrong.
 */
import jStat from 'jstat';

/** The posterior risk of one action for flows matched by one signature. */
export interface ActionRisk {
  /** Posterior probability that the action is not the top-ranked action of the flow's true class. */
  pWrong: number;
  /** Posterior mean reward Σ_t E[p_t] r(t, a). */
  expectedReward: number;
  /** 95% equal-tailed credible interval of Σ_t p_t r(t, a) under the Dirichlet posterior. */
  rewardInterval: [number, number];
  /** Labelled flows behind the posterior (the sum of trueCounts). */
  evidence: number;
  /** Posterior mean probability of each true class, E[p_t] = α_t / Σα. */
  posterior: Float64Array;
}

/** Inputs of {@link actionRisk}; `rewards` is row-major by true class (class × action). */
export interface ActionRiskInput {
  /** Class index the signature predicts. */
  predicted: number;
  /** Labelled flows of the signature by true class index (length K). */
  trueCounts: ArrayLike<number>;
  /** Action index whose risk is wanted. */
  action: number;
  /** Reward table, K × numActions, row-major by class. */
  rewards: Float32Array;
  numActions: number;
  /** Top-ranked action index per class (the "right" action). */
  best: Int32Array;
  /**
   * Dirichlet prior parameters (length K, each > 0) in place of the default (1 on the prediction,
   * 1/(K−1) elsewhere) — e.g. {@link empiricalPrior}'s, which backs a signature with few labelled
   * flows off to what its predicted class does as a whole.
   */
  prior?: ArrayLike<number>;
}

/** Pseudo-flows of the empirical prior: the paper's α + β = 2, so evidence outweighs it as fast. */
export const PRIOR_STRENGTH = 2;

/**
 * Empirical-Bayes prior of a predicted class: the true-class mix of every labelled flow predicted
 * as `predicted` (all its signatures together), smoothed with the default prior and scaled to
 * {@link PRIOR_STRENGTH} pseudo-flows. A signature no labelled flow has reached then starts from
 * its class's record (a Benign leaf from how often Benign predictions are right) instead of
 * even odds; one with evidence is soon ruled by its own counts. With no labelled flows at all it
 * is exactly the default prior.
 */
export function empiricalPrior(predicted: number, classCounts: ArrayLike<number>): Float64Array {
  const base = dirichletPosterior(predicted, classCounts);
  let total = 0;
  for (const a of base) total += a;
  return base.map((a) => (PRIOR_STRENGTH * a) / total);
}

/** Dirichlet parameters: the prior (1 on the prediction, 1/(K−1) elsewhere) plus the counts. */
export function dirichletPosterior(
  predicted: number,
  trueCounts: ArrayLike<number>,
  prior?: ArrayLike<number>,
): Float64Array {
  const k = trueCounts.length;
  if (!(predicted >= 0 && predicted < k))
    throw new RangeError(`predicted class ${predicted} outside 0..${k - 1}`);
  if (prior && prior.length !== k)
    throw new RangeError(`prior has ${prior.length} entries, expected ${k}`);
  const alpha = new Float64Array(k);
  const other = k > 1 ? 1 / (k - 1) : 0;
  for (let t = 0; t < k; t++) {
    const n = trueCounts[t] ?? 0;
    if (!(n >= 0 && Number.isFinite(n))) throw new RangeError(`count of class ${t} is ${n}`);
    const a = prior ? prior[t]! : t === predicted ? 1 : other;
    if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`prior of class ${t} is ${a}`);
    alpha[t] = a + n;
  }
  return alpha;
}

/** Posterior risk and expected reward of `action` for a flow matched by the signature. */
export function actionRisk(i: ActionRiskInput): ActionRisk {
  const k = i.trueCounts.length;
  const A = i.numActions;
  if (i.rewards.length !== k * A)
    throw new RangeError(`reward table has ${i.rewards.length} entries, expected ${k} × ${A}`);
  if (i.best.length !== k) throw new RangeError(`best has ${i.best.length} entries, expected ${k}`);
  if (!(i.action >= 0 && i.action < A))
    throw new RangeError(`action ${i.action} outside 0..${A - 1}`);
  const alpha = dirichletPosterior(i.predicted, i.trueCounts, i.prior);
  let a0 = 0;
  let evidence = 0;
  for (let t = 0; t < k; t++) {
    a0 += alpha[t]!;
    evidence += i.trueCounts[t] ?? 0;
  }
  const posterior = alpha.map((a) => a / a0);
  let pWrong = 0;
  let mean = 0;
  let second = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < k; t++) {
    const m = posterior[t]!;
    const r = i.rewards[t * A + i.action]!;
    if (i.best[t] !== i.action) pWrong += m;
    mean += m * r;
    second += m * r * r;
    if (m > 0) {
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
  }
  // Var[Σ p_t r_t] for p ~ Dir(α) is (Σ m_t r_t² − μ²) / (α0 + 1).
  const variance = Math.max(0, second - mean * mean) / (a0 + 1);
  return {
    pWrong: clamp01(pWrong),
    expectedReward: mean,
    rewardInterval: rewardInterval(mean, variance, lo, hi),
    evidence,
    posterior,
  };
}

/**
 * 95% interval of a bounded weighted sum from its moments: a Beta moment-matched on [lo, hi]. It is
 * exact when the action's reward takes two values (the Dirichlet aggregates to a Beta) and
 * deterministic always; it always contains the mean.
 */
function rewardInterval(mean: number, variance: number, lo: number, hi: number): [number, number] {
  const width = hi - lo;
  if (!(width > 0) || variance <= 0) return [mean, mean];
  const m = Math.min(1 - 1e-12, Math.max(1e-12, (mean - lo) / width));
  const v = variance / (width * width);
  const total = (m * (1 - m)) / v - 1;
  if (!(total > 0)) return [lo, hi];
  const a = m * total;
  const b = (1 - m) * total;
  // A posterior this skewed (e.g. an empirical prior with tiny mass on rare classes) can put its
  // mean outside the equal-tailed interval; widen it to the mean so the two never contradict.
  const q = (p: number) => lo + width * jStat.beta.inv(p, a, b);
  return [Math.min(q(0.025), mean), Math.max(q(0.975), mean)];
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** A "needs review" verdict on one recommendation. */
export interface ReviewFlag {
  needsReview: boolean;
  /** Short analyst-facing sentences, one per reason; empty when no review is needed. */
  reasons: string[];
  /** Ranking score of the selective predictor (higher = review first), in [0, 1]. */
  score: number;
}

/** When a recommendation needs an analyst: thresholds of the "needs review" flag. */
export interface ReviewPolicy {
  /** Flag when the posterior probability that the action is wrong exceeds this. */
  maxPWrong: number;
  /** Flag when fewer labelled flows than this back the signature's posterior. */
  minEvidence: number;
  /** Flag when the flow's novelty score (0 inside its leaf's training ranges, 1 far outside) exceeds this. */
  maxNovelty: number;
}

/** Default review policy: 20% risk, 10 labelled flows, novelty 0.5. */
export const DEFAULT_REVIEW: ReviewPolicy = { maxPWrong: 0.2, minEvidence: 10, maxNovelty: 0.5 };

/** Optional context that makes the reasons name the signature and the features out of range. */
export interface ReviewContext {
  /** Stored signature id, as the analyst sees it elsewhere. */
  signature?: number;
  /** Features of the flow outside its leaf's training ranges. */
  outside?: readonly string[];
}

/**
 * Whether a recommendation needs review, why, and its ranking score. The score is the probability
 * that the recommendation fails either way — wrong by the signature's posterior, or the flow is
 * unlike what the signature was trained on: 1 − (1 − pWrong)(1 − novelty).
 */
export function reviewFlag(
  risk: ActionRisk,
  novelty: number,
  policy: ReviewPolicy = DEFAULT_REVIEW,
  context: ReviewContext = {},
): ReviewFlag {
  const nov = clamp01(Number.isFinite(novelty) ? novelty : 0);
  const reasons: string[] = [];
  if (risk.pWrong > policy.maxPWrong)
    reasons.push(`risk ${percent(risk.pWrong)} that the action is wrong`);
  if (risk.evidence < policy.minEvidence)
    reasons.push(`thin evidence: ${risk.evidence} labelled flow${risk.evidence === 1 ? '' : 's'}`);
  if (nov > policy.maxNovelty) {
    const who =
      context.signature !== undefined ? `signature #${context.signature}` : 'its signature';
    const which = context.outside?.length
      ? `: ${context.outside.slice(0, 4).join(', ')}${context.outside.length > 4 ? ', …' : ''}`
      : '';
    reasons.push(`flow outside what ${who} was trained on${which}`);
  }
  return {
    needsReview: reasons.length > 0,
    reasons,
    score: 1 - (1 - risk.pWrong) * (1 - nov),
  };
}

function percent(p: number): string {
  const v = p * 100;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}%`;
}
