/** Results over several seeds: means, 95% t intervals and paired tests (against PPO, B and π). */
import type { CalibrationReport } from './calibration';
import type { DecisionScores } from './metrics';
import type { ReviewMetrics } from './review';
import { meanInterval, pairedTTest, type PairedTest } from './stats';

/** Mean of each number, and of each per-class entry over the seeds where the class was scored. */
export function meanScores<T extends DecisionScores>(runs: readonly T[]): DecisionScores {
  const first = runs[0];
  if (!first) throw new Error('no seeds to average');
  const mean = (get: (r: T) => number) => runs.reduce((a, r) => a + get(r), 0) / runs.length;
  const perClass: Record<string, number> = {};
  for (const name of Object.keys(first.perClass)) {
    const xs = runs.map((r) => r.perClass[name]).filter((x): x is number => x !== undefined);
    perClass[name] = xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  for (const r of runs)
    for (const [name, v] of Object.entries(r.perClass)) if (!(name in perClass)) perClass[name] = v;
  return {
    avgReward: mean((r) => r.avgReward),
    avgRewardWeighted: mean((r) => r.avgRewardWeighted),
    avgRewardFlows: mean((r) => r.avgRewardFlows),
    perClass,
    correctWhenRight: mean((r) => r.correctWhenRight),
    correctWhenWrong: mean((r) => r.correctWhenWrong),
    positiveWhenRight: mean((r) => r.positiveWhenRight),
    positiveWhenWrong: mean((r) => r.positiveWhenWrong),
    detectorRight: mean((r) => r.detectorRight),
    detectorWrong: mean((r) => r.detectorWrong),
  };
}

/** 95% t intervals over seeds of the three averages. */
export interface RewardIntervals {
  avgReward: [number, number];
  avgRewardWeighted: [number, number];
  avgRewardFlows: [number, number];
}

/** The intervals of a method's averages over its seeds. */
export function rewardIntervals(runs: readonly DecisionScores[]): RewardIntervals {
  const ci = (get: (r: DecisionScores) => number) => meanInterval(runs.map(get)).interval;
  return {
    avgReward: ci((r) => r.avgReward),
    avgRewardWeighted: ci((r) => r.avgRewardWeighted),
    avgRewardFlows: ci((r) => r.avgRewardFlows),
  };
}

/** A method against PPO over the same seeds (method − PPO), per average. */
export interface VersusPpo {
  avgReward: PairedTest;
  avgRewardWeighted: PairedTest;
}

/** Paired t-tests of `runs` against PPO's runs on the same seeds (same order). */
export function versusPpo(
  runs: readonly DecisionScores[],
  ppo: readonly DecisionScores[],
): VersusPpo {
  const test = (get: (r: DecisionScores) => number) => pairedTTest(runs.map(get), ppo.map(get));
  return {
    avgReward: test((r) => r.avgReward),
    avgRewardWeighted: test((r) => r.avgRewardWeighted),
  };
}

/** "Needs review" over seeds: means, the first seed's risk–coverage curve, per-seed AURCs. */
export interface ReviewSummary extends ReviewMetrics {
  /** 95% t intervals of the AURCs over seeds (seeds > 1). */
  ci95?: { aurc: [number, number]; aurcByB: [number, number]; aurcByPi: [number, number] };
  /** Paired t-tests over seeds of the review ranking's AURC − B's and − π's (negative: review better). */
  vsB?: PairedTest;
  vsPi?: PairedTest;
  perSeed: {
    seed: number;
    aurc: number;
    aurcByB: number;
    aurcByPi: number;
    flaggedShare: number;
    wrongCaughtShare: number | null;
  }[];
}

/** Average review measures over seeds (wrongCaughtShare over the seeds where it is defined). */
export function meanReview(
  runs: readonly ReviewMetrics[],
  seeds: readonly number[],
): ReviewSummary {
  const first = runs[0];
  if (!first) throw new Error('no seeds to average');
  const mean = (get: (r: ReviewMetrics) => number) =>
    runs.reduce((a, r) => a + get(r), 0) / runs.length;
  const caught = runs.map((r) => r.wrongCaughtShare).filter((x): x is number => x !== null);
  const col = (get: (r: ReviewMetrics) => number) => runs.map(get);
  return {
    flaggedShare: mean((r) => r.flaggedShare),
    wrongActionShare: mean((r) => r.wrongActionShare),
    wrongCaughtShare: caught.length ? caught.reduce((a, b) => a + b, 0) / caught.length : null,
    aurc: mean((r) => r.aurc),
    aurcByB: mean((r) => r.aurcByB),
    aurcByPi: mean((r) => r.aurcByPi),
    aurcOptimal: mean((r) => r.aurcOptimal),
    curve: first.curve,
    decisions: mean((r) => r.decisions),
    ...(runs.length > 1
      ? {
          ci95: {
            aurc: meanInterval(col((r) => r.aurc)).interval,
            aurcByB: meanInterval(col((r) => r.aurcByB)).interval,
            aurcByPi: meanInterval(col((r) => r.aurcByPi)).interval,
          },
          vsB: pairedTTest(
            col((r) => r.aurc),
            col((r) => r.aurcByB),
          ),
          vsPi: pairedTTest(
            col((r) => r.aurc),
            col((r) => r.aurcByPi),
          ),
        }
      : {}),
    perSeed: runs.map((r, i) => ({
      seed: seeds[i] ?? i,
      aurc: r.aurc,
      aurcByB: r.aurcByB,
      aurcByPi: r.aurcByPi,
      flaggedShare: r.flaggedShare,
      wrongCaughtShare: r.wrongCaughtShare,
    })),
  };
}

/** B's reliability over seeds: the first seed's table, ECE and MCE averaged, per-seed values. */
export type CalibrationSummary = CalibrationReport & {
  /** Seed whose reliability bins are shown. */
  binsOfSeed: number;
  eceCi95?: [number, number];
  perSeed: { seed: number; ece: number; mce: number; meanB: number; accuracy: number }[];
};

/** Average calibration reports over seeds. */
export function meanCalibration(
  runs: readonly CalibrationReport[],
  seeds: readonly number[],
): CalibrationSummary {
  const first = runs[0];
  if (!first) throw new Error('no seeds to average');
  const mean = (get: (r: CalibrationReport) => number) =>
    runs.reduce((a, r) => a + get(r), 0) / runs.length;
  return {
    ...first,
    binsOfSeed: seeds[0] ?? 0,
    ece: mean((r) => r.ece),
    mce: mean((r) => r.mce),
    meanB: mean((r) => r.meanB),
    accuracy: mean((r) => r.accuracy),
    flows: mean((r) => r.flows),
    ...(runs.length > 1 ? { eceCi95: meanInterval(runs.map((r) => r.ece)).interval } : {}),
    perSeed: runs.map((r, i) => ({
      seed: seeds[i] ?? i,
      ece: r.ece,
      mce: r.mce,
      meanB: r.meanB,
      accuracy: r.accuracy,
    })),
  };
}
