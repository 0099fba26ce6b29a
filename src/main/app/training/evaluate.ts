/**
 * The end of a run: the policy's greedy actions on every test-split flow, scored as the study
 * scores a method (the paper's Table IV and Fig. 5), beside the train-split per-signature oracle.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { TrainingStatus } from '../../../shared/contract';
import { loadPrevalence, scoreDecisions } from '../../domain/eval/metrics';
import { fitOracle, oracleActions } from '../../domain/eval/oracle';
import { toAlertSet, type adviseRows, type StudyData } from '../../domain/eval/prepare';
import type { Policy } from '../../domain/rl';

/** Rows per forward pass between yields, so a large test split never stalls the event loop long. */
const ROWS_PER_SLICE = 16_384;

/** Advice for every test flow (the KG methods and LLM-KG act on it). */
export type TestAdvice = Pick<Awaited<ReturnType<typeof adviseRows>>, 'action' | 'reward' | 'dist'>;

/** Score `policy` on the test split; `advice` is required by methods that read it. */
export async function evaluateRun(
  d: StudyData,
  policy: Policy,
  advice: TestAdvice | null,
  signal?: AbortSignal,
): Promise<NonNullable<TrainingStatus['evaluation']>> {
  const set = toAlertSet(d.test, d, advice ?? undefined);
  const actions = new Int32Array(set.size);
  for (let s = 0; s < set.size; s += ROWS_PER_SLICE) {
    signal?.throwIfAborted();
    const idx = Uint32Array.from(
      { length: Math.min(ROWS_PER_SLICE, set.size - s) },
      (_, i) => s + i,
    );
    actions.set(policy.act(set, true, idx), s);
    await yieldToLoop();
  }
  const A = d.catalogue.actions.length;
  const prevalence = loadPrevalence();
  const score = (acts: Int32Array) =>
    scoreDecisions(d.test, acts, d.rewards, A, d.best, prevalence);
  const s = score(actions);
  const oracle = score(oracleActions(fitOracle(d.train, d.rewards, A), d.test));
  return {
    avgReward: s.avgReward,
    avgRewardWeighted: s.avgRewardWeighted,
    perClass: s.perClass,
    correctWhenRight: s.correctWhenRight,
    correctWhenWrong: s.correctWhenWrong,
    oracleAvgReward: oracle.avgReward,
  };
}
