/**
 * "Needs review" measured as selective prediction. The analyst reviews recommendations in some
 * order; the ones left automatic are the most trusted. Ranking by the review score should leave
 * fewer wrong actions among the automatic ones, at every coverage, than ranking by the
 * signature's B or the policy's π: the area under the risk–coverage curve (AURC) says by how much.
 */
import type { TrainedDetector } from '../classify/detect';
import {
  actionRisk,
  empiricalPrior,
  reviewFlag,
  DEFAULT_REVIEW,
  type ReviewPolicy,
} from '../kg/risk';
import type { AlertRows } from './alertSet';

/** Inputs of {@link reviewMetrics}: the decisions taken on a split and what judges them. */
export interface ReviewInput {
  rows: AlertRows;
  /** Action chosen per row. */
  actions: Int32Array;
  /** π of the chosen action per row (the policy's preference). */
  pi: Float32Array;
  /** Reward table, class × action, row-major by class. */
  rewards: Float32Array;
  numActions: number;
  /** Top-ranked (right) action per class. */
  best: Int32Array;
  /** Labelled calibration flows by true class of row i's signature (see leafTrueCountsOf). */
  trueCounts: (row: number) => ArrayLike<number>;
  /** Novelty per row (AlertRows.novelty), or null when not measured (counted as 0). */
  novelty: Float32Array | null;
  /** Dirichlet prior by predicted class (see classPriorOf); default: actionRisk's own. */
  prior?: (predicted: number) => ArrayLike<number>;
  /** Thresholds of the flag (default DEFAULT_REVIEW). */
  policy?: ReviewPolicy;
}

/** One point of a risk–coverage curve: the share kept automatic and the wrong share among them. */
export interface CoveragePoint {
  coverage: number;
  risk: number;
}

/** The selective-prediction measures of one method's decisions on one split. */
export interface ReviewMetrics {
  /** Share of decisions flagged "needs review". */
  flaggedShare: number;
  /** Share of decisions whose action is not the true class's best action. */
  wrongActionShare: number;
  /** Share of the wrong decisions that were flagged; null when no decision was wrong. */
  wrongCaughtShare: number | null;
  /** AURC ranking by the review score (highest reviewed first). */
  aurc: number;
  /** AURC ranking by B alone (lowest B reviewed first). */
  aurcByB: number;
  /** AURC ranking by π alone (lowest π reviewed first). */
  aurcByPi: number;
  /** The smallest AURC any ranking could reach on these decisions (all wrong ones reviewed first). */
  aurcOptimal: number;
  /** Risk–coverage curve of the review-score ranking at coverage 5%, 10%, …, 100%. */
  curve: CoveragePoint[];
  /** Decisions measured (labelled rows). */
  decisions: number;
}

/**
 * Risk, flag and selective-prediction measures of the given decisions. Only labelled rows count
 * (an unlabelled flow's action can be neither right nor wrong).
 */
export function reviewMetrics(i: ReviewInput): ReviewMetrics {
  const { rows } = i;
  const keep: number[] = [];
  for (let r = 0; r < rows.size; r++) if ((rows.trueClass[r] ?? -1) >= 0) keep.push(r);
  const n = keep.length;
  const loss = new Uint8Array(n);
  const score = new Float64Array(n);
  const b = new Float64Array(n);
  const pi = new Float64Array(n);
  let flagged = 0;
  let wrong = 0;
  let caught = 0;
  keep.forEach((r, k) => {
    const action = i.actions[r]!;
    const risk = actionRisk({
      predicted: rows.predicted[r]!,
      trueCounts: i.trueCounts(r),
      ...(i.prior ? { prior: i.prior(rows.predicted[r]!) } : {}),
      action,
      rewards: i.rewards,
      numActions: i.numActions,
      best: i.best,
    });
    const flag = reviewFlag(risk, i.novelty?.[r] ?? 0, i.policy ?? DEFAULT_REVIEW);
    const isWrong = i.best[rows.trueClass[r]!] !== action;
    loss[k] = isWrong ? 1 : 0;
    score[k] = flag.score;
    b[k] = rows.b[r]!;
    pi[k] = i.pi[r]!;
    if (flag.needsReview) flagged++;
    if (isWrong) {
      wrong++;
      if (flag.needsReview) caught++;
    }
  });
  // Confidence = the opposite of "review first": the most confident are kept automatic first.
  const confidence = score.map((s) => -s);
  return {
    flaggedShare: n > 0 ? flagged / n : 0,
    wrongActionShare: n > 0 ? wrong / n : 0,
    wrongCaughtShare: wrong > 0 ? caught / wrong : null,
    aurc: aurc(confidence, loss),
    aurcByB: aurc(b, loss),
    aurcByPi: aurc(pi, loss),
    aurcOptimal: aurc(
      Float64Array.from(loss, (l) => -l),
      loss,
    ),
    curve: coverageCurve(riskCoverage(confidence, loss), 20),
    decisions: n,
  };
}

/**
 * Selective risk at every coverage k / n (k = 1..n): the wrong share among the k most confident
 * decisions. Ties in confidence are broken at random in expectation — within a tie group the k′
 * first taken hold k′ · (group's wrong) / (group size) wrong ones — so a ranking earns nothing
 * from the order its ties happen to be stored in (B is the same for every flow of a signature).
 */
export function riskCoverage(confidence: ArrayLike<number>, loss: ArrayLike<number>): Float64Array {
  const n = confidence.length;
  if (loss.length !== n) throw new RangeError('confidence and loss differ in length');
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (a, c) => confidence[c]! - confidence[a]!,
  );
  const risk = new Float64Array(n);
  let before = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && confidence[order[end]!] === confidence[order[start]!]) end++;
    let groupWrong = 0;
    for (let k = start; k < end; k++) groupWrong += loss[order[k]!]!;
    const g = end - start;
    for (let k = start; k < end; k++) {
      const taken = k - start + 1;
      risk[k] = (before + (taken * groupWrong) / g) / (k + 1);
    }
    before += groupWrong;
    start = end;
  }
  return risk;
}

/**
 * Area under the risk–coverage curve, the mean selective risk over coverages 1/n..1 (Geifman et
 * al.): lower is better; a ranking that keeps every wrong decision for last reaches the minimum, and
 * one that puts them first the maximum. 0 for no decisions.
 */
export function aurc(confidence: ArrayLike<number>, loss: ArrayLike<number>): number {
  const risk = riskCoverage(confidence, loss);
  if (risk.length === 0) return 0;
  let sum = 0;
  for (const r of risk) sum += r;
  return sum / risk.length;
}

/** The curve at `points` evenly spaced coverages (the last one is full coverage). */
function coverageCurve(risk: Float64Array, points: number): CoveragePoint[] {
  const n = risk.length;
  if (n === 0) return [];
  return Array.from({ length: points }, (_, p) => {
    const k = Math.max(1, Math.round(((p + 1) / points) * n));
    return { coverage: k / n, risk: risk[k - 1]! };
  });
}

/**
 * The labelled calibration flows by true class of a leaf, as actionRisk wants them. A detector
 * stored without per-class counts knows only N and C: the N − C wrong flows are spread evenly
 * over the other classes (fractional counts), which keeps P(prediction right) exactly the
 * paper's Beta(C + 1, N − C + 1) and says nothing about which wrong class.
 */
export function leafTrueCountsOf(d: TrainedDetector): (leaf: number) => ArrayLike<number> {
  const K = d.classNames.length;
  const counts = d.leafTrueCounts;
  if (counts && counts.length === d.tree.leafCount * K)
    return (leaf) => counts.subarray(leaf * K, leaf * K + K);
  return (leaf) => {
    const out = new Float64Array(K);
    const n = d.n[leaf] ?? 0;
    const c = d.c[leaf] ?? 0;
    const cls = d.tree.classOfLeaf(leaf);
    for (let t = 0; t < K; t++) out[t] = t === cls ? c : K > 1 ? (n - c) / (K - 1) : 0;
    return out;
  };
}

/**
 * The empirical-Bayes prior of each predicted class (kg/risk.ts empiricalPrior): the labelled
 * calibration flows of every leaf predicting that class, by true class. Memoised per class.
 */
export function classPriorOf(d: TrainedDetector): (predicted: number) => ArrayLike<number> {
  const K = d.classNames.length;
  const counts = leafTrueCountsOf(d);
  const byClass = Array.from({ length: K }, () => new Float64Array(K));
  for (let leaf = 0; leaf < d.tree.leafCount; leaf++) {
    const cls = d.tree.classOfLeaf(leaf);
    const row = byClass[cls];
    if (!row) continue;
    const c = counts(leaf);
    for (let t = 0; t < K; t++) row[t] = row[t]! + (c[t] ?? 0);
  }
  const priors = byClass.map((c, cls) => empiricalPrior(cls, c));
  return (predicted) => priors[predicted]!;
}
