/** Results over several seeds: means, 95% t intervals and paired tests against PPO. */
import type { DecisionScores } from './metrics';
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
