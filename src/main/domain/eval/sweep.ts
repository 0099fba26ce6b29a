/** The paper's Fig. 3: test reward of the KG methods over the KL weight λ. */
import type { Catalogue } from '../catalogue/catalogue';
import type { Advisor } from '../catalogue/types';
import type { KnowledgeGraph } from '../kg';
import { DEFAULT_RL_CONFIG, type Method, type RlConfig } from '../rl';
import { trainWithKgCycles } from './kgCycles';
import { scoreDecisions } from './metrics';
import { toAlertSet, type StudyData } from './prepare';
import { prevalenceWeights, type PrevalenceMix } from './regime';

/** λ values swept when `--lambda-sweep` is given without a list. */
export const DEFAULT_LAMBDA_SWEEP: readonly number[] = [0, 0.1, 0.3, 0.5, 1, 2];

/** The methods a λ sweep trains (those with a KL term toward the advice). */
export const SWEPT_METHODS: readonly Method[] = ['ppo-kg-pt', 'ppo-kg'];

/**
 * λ schedule for a start value: λ falls linearly from `lambdaStart` to the default end, or stays at
 * `lambdaStart` when that is below the default end (so λ = 0 means no KL term at all).
 */
export function lambdaSchedule(lambdaStart: number): Pick<RlConfig, 'lambdaStart' | 'lambdaEnd'> {
  return { lambdaStart, lambdaEnd: Math.min(lambdaStart, DEFAULT_RL_CONFIG.lambdaEnd) };
}

/** One method at one λ on one seed. */
export interface SweepPoint {
  method: Method;
  lambda: number;
  avgReward: number;
  avgRewardWeighted: number;
  avgRewardFlows: number;
}

/** Train each swept method at each λ on one seed's split and score it on the test split. */
export async function sweepSeed(
  d: StudyData,
  o: {
    seed: number;
    lambdas: readonly number[];
    methods: readonly Method[];
    passes: number;
    rl: Partial<RlConfig>;
    prevalence: PrevalenceMix;
    makeAdvisor?: (kg: KnowledgeGraph, catalogue: Catalogue) => Promise<Advisor>;
  },
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<SweepPoint[]> {
  const A = d.catalogue.actions.length;
  const weights = prevalenceWeights(o.prevalence, d.test);
  const out: SweepPoint[] = [];
  for (const method of o.methods)
    for (const lambda of o.lambdas) {
      const rl = { ...o.rl, ...lambdaSchedule(lambda), seed: o.seed, passes: o.passes };
      const run = await trainWithKgCycles(d, method, rl, o.passes, o.makeAdvisor, signal);
      const acts = run.result.policy.act(toAlertSet(d.test, d, run.testAdvice), true);
      run.result.policy.dispose();
      const s = scoreDecisions(d.test, acts, d.rewards, A, d.best, weights);
      out.push({
        method,
        lambda,
        avgReward: s.avgReward,
        avgRewardWeighted: s.avgRewardWeighted,
        avgRewardFlows: s.avgRewardFlows,
      });
      log(
        `seed ${o.seed} λ sweep ${method} λ=${lambda}: test reward ${s.avgReward.toFixed(3)} (weighted ${s.avgRewardWeighted.toFixed(3)})`,
      );
    }
  return out;
}
