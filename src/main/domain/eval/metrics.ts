/** Scores of a set of decisions: the paper's Table IV and Fig. 5 measures, plus weighted means. */
import { readFileSync } from 'node:fs';
import { resourcePath } from '../../runtime/paths';
import type { AlertRows } from './alertSet';

/** How a method did on a split. */
export interface DecisionScores {
  /** Class-balanced mean: the average of the per-class mean rewards (classes present only). */
  avgReward: number;
  /** Mean weighted by real class prevalence (resources/prevalence.json). */
  avgRewardWeighted: number;
  /** Plain mean over every flow of the split. */
  avgRewardFlows: number;
  /** Mean reward per true class. */
  perClass: Record<string, number>;
  /** Share of flows given the true class's top-ranked action, when the detector was right / wrong. */
  correctWhenRight: number;
  correctWhenWrong: number;
  /** Share of flows with a positive reward, when the detector was right / wrong. */
  positiveWhenRight: number;
  positiveWhenWrong: number;
  /** Flows the detector got right / wrong (the denominators). */
  detectorRight: number;
  detectorWrong: number;
}

/** Class prevalence weights by class name (default set of resources/prevalence.json). */
export function loadPrevalence(set?: string): Record<string, number> {
  const json = JSON.parse(readFileSync(resourcePath('prevalence.json'), 'utf8')) as {
    default: string;
    sets: Record<string, Record<string, number>>;
  };
  const chosen = json.sets[set ?? json.default];
  if (!chosen) throw new Error(`no prevalence set "${set}" in resources/prevalence.json`);
  return chosen;
}

/** Score the actions taken on every alert of a set. */
export function scoreDecisions(
  set: AlertRows,
  actions: Int32Array,
  rewards: Float32Array,
  actionCount: number,
  best: Int32Array,
  prevalence: Record<string, number>,
): DecisionScores {
  const k = set.classNames.length;
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  const right = { n: 0, correct: 0, positive: 0 };
  const wrong = { n: 0, correct: 0, positive: 0 };
  let total = 0;
  let flows = 0;
  for (let i = 0; i < set.size; i++) {
    const t = set.trueClass[i] ?? -1;
    if (t < 0) continue;
    const a = actions[i] ?? 0;
    const r = rewards[t * actionCount + a] ?? 0;
    sum[t] = (sum[t] ?? 0) + r;
    cnt[t] = (cnt[t] ?? 0) + 1;
    total += r;
    flows++;
    const bucket = set.predicted[i] === t ? right : wrong;
    bucket.n++;
    if (a === best[t]) bucket.correct++;
    if (r > 0) bucket.positive++;
  }
  const perClass: Record<string, number> = {};
  let balanced = 0;
  let present = 0;
  let wSum = 0;
  let wTotal = 0;
  set.classNames.forEach((name, c) => {
    if (!cnt[c]) return;
    const mean = (sum[c] ?? 0) / (cnt[c] ?? 1);
    perClass[name] = mean;
    balanced += mean;
    present++;
    const w = prevalence[name] ?? 0;
    wSum += w * mean;
    wTotal += w;
  });
  const share = (x: number, n: number) => (n > 0 ? x / n : 0);
  return {
    avgReward: share(balanced, present),
    avgRewardWeighted: share(wSum, wTotal),
    avgRewardFlows: share(total, flows),
    perClass,
    correctWhenRight: share(right.correct, right.n),
    correctWhenWrong: share(wrong.correct, wrong.n),
    positiveWhenRight: share(right.positive, right.n),
    positiveWhenWrong: share(wrong.positive, wrong.n),
    detectorRight: right.n,
    detectorWrong: wrong.n,
  };
}
