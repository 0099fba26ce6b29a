/**
 * Training with the KG in the loop (PPO-KG, PPO-KG-PT): one pass over the training flows per
 * cycle; after each cycle the replay buffer — the episodes PPO's rollouts actually took in that
 * cycle, with the rewards they earned — updates this method's own KG, and the advisor is asked
 * again before the next cycle, as the paper rebuilds the KG after every training cycle.
 *
 * The cycles are one run: λ falls once over all of them (lambdaEpisodes = passes × rows), and
 * each signature's N, C, B keep growing across them as its flows arrive (SPEC.md), starting from
 * the detector's counts.
 */
import type { Catalogue } from '../catalogue/catalogue';
import type { Advisor, Experience } from '../catalogue/types';
import { KgAdvisor, type KnowledgeGraph } from '../kg';
import {
  save,
  SignatureCounts,
  train,
  type AlertSet,
  type CurvePoint,
  type Method,
  type PolicyCheckpoint,
  type RlConfig,
  type Trajectory,
  type TrainProgress,
  type TrainResult,
} from '../rl';
import type { AlertRows } from './alertSet';
import { adviseRows, toAlertSet, warmUpKg, type StudyData } from './prepare';

/** Result of a cycled run: the last cycle's result with the whole curve, and the final advice. */
export interface CycledRun {
  result: TrainResult;
  curve: CurvePoint[];
  kg: KnowledgeGraph;
  testAdvice: Awaited<ReturnType<typeof adviseRows>>;
  /** Each signature's N, C after the run (the detector's counts plus the run's episodes). */
  counts: SignatureCounts;
  /** The advice the training cycles asked for (test-split advice not included). */
  trainingAdvice: TrainingAdvice;
}

/** Advisor work of one training run: rounds of advice over the training flows, real calls, time. */
export interface TrainingAdvice {
  rounds: number;
  calls: number;
  ms: number;
  cacheHits: number;
}

/** Runs one training cycle: `train` on this thread by default, or e.g. `trainInWorker`. */
export type CycleRunner = (
  set: AlertSet,
  method: Method,
  cfg: Partial<RlConfig>,
  resume: PolicyCheckpoint | undefined,
  onProgress: (p: TrainProgress) => void,
  signal?: AbortSignal,
) => Promise<TrainResult>;

const inThread: CycleRunner = (set, method, cfg, resume, onProgress, signal) =>
  train(set, method, cfg, onProgress, signal, resume);

/** Optional hooks of a cycled run. */
export interface CycleHooks {
  run?: CycleRunner;
  /** Progress of the current cycle (1-based) of `cycles`. */
  onProgress?: (p: TrainProgress, cycle: number, cycles: number) => void;
  /** Start from this graph instead of a warm-up pass (it is updated in place). */
  kg?: KnowledgeGraph;
  /**
   * Start from these per-signature counts instead of the detector's (updated in place): a
   * resumed run passes the counts its cancelled part left, as it passes `kg`.
   */
  counts?: SignatureCounts;
  /**
   * Continue a cancelled run of the same method and passes from its checkpoint, with `kg` the
   * graph that run left: the cycles the checkpoint had finished are skipped (their KG updates
   * are already in `kg`), the one it was in is taken up where it stopped.
   */
  resume?: PolicyCheckpoint;
}

/** Train `method` for `passes` cycles, refreshing the KG and the advice after each. */
export async function trainWithKgCycles(
  d: StudyData,
  method: Method,
  rl: Partial<RlConfig> & { seed: number },
  passes: number,
  makeAdvisor: ((kg: KnowledgeGraph, cat: Catalogue) => Promise<Advisor>) | undefined,
  signal?: AbortSignal,
  hooks: CycleHooks = {},
): Promise<CycledRun> {
  const kg = hooks.kg ?? warmUpKg(d, rl.seed);
  const run = hooks.run ?? inThread;
  const prior = d.detector.options.prior;
  const counts = hooks.counts ?? SignatureCounts.fromRows(d.train, prior);
  const online = rl.onlineCounts ?? true;
  const rowsNow = (): AlertRows => (online ? counts.apply(d.train) : d.train);
  const advisor = makeAdvisor ? await makeAdvisor(kg, d.catalogue) : new KgAdvisor(kg);
  const cycles = Math.max(1, Math.ceil(passes));
  const total = Math.round(passes * d.train.size);
  const cfg = { ...rl, lambdaEpisodes: rl.lambdaEpisodes || total };
  const curve: CurvePoint[] = [];
  let rows = rowsNow();
  const trainingAdvice: TrainingAdvice = { rounds: 0, calls: 0, ms: 0, cacheHits: 0 };
  const adviseTraining = async () => {
    const a = await adviseRows(rows, d, advisor, signal);
    trainingAdvice.rounds++;
    trainingAdvice.calls += a.calls;
    trainingAdvice.ms += a.ms;
    trainingAdvice.cacheHits += a.cacheHits;
    return a;
  };
  let advice = await adviseTraining();
  let resume = hooks.resume;
  const done = resume?.progress?.episodes ?? 0;
  let result: TrainResult | undefined;
  let seconds = 0;
  for (let c = 1; c <= cycles; c++) {
    const episodes = Math.round(Math.min(c, passes) * d.train.size);
    if (resume && episodes <= done) continue;
    const set: AlertSet = { ...toAlertSet(rows, d, advice), betaPrior: prior };
    result = await run(
      set,
      method,
      { ...cfg, episodes },
      resume,
      (p) => hooks.onProgress?.(p, c, cycles),
      signal,
    );
    curve.push(...result.curve);
    seconds += result.seconds;
    if (!result.trajectory) throw new Error('the cycle runner returned no trajectory');
    // What the cycle's rollouts did (even a cancelled cycle's part) goes into the KG and counts.
    kg.update(replay(d, set, result.trajectory));
    if (online && result.counts) counts.assign(result.counts);
    if (result.status === 'cancelled' || c === cycles) break;
    // The next cycle's advice, from the updated graph and counts (none is needed after the last).
    rows = rowsNow();
    advice = await adviseTraining();
    resume = save(result.policy);
    result.policy.dispose();
  }
  if (!result) throw new Error('no training cycle ran');
  // The last cycle's result, with the time of every cycle.
  return {
    result: { ...result, seconds },
    curve,
    kg,
    counts,
    trainingAdvice,
    testAdvice: await adviseRows(d.test, d, advisor, signal),
  };
}

/** The replay buffer of one cycle — every episode its rollouts took — as KG experiences. */
export function replay(d: StudyData, set: AlertSet, t: Trajectory): Experience[] {
  return Array.from(t.rows, (i, k) => {
    const y = set.trueClass[i] ?? -1;
    return {
      predictedClass: d.detector.classNames[set.predicted[i] ?? 0] ?? '?',
      trueClass: y >= 0 ? (d.detector.classNames[y] ?? null) : null,
      signature: set.signature[i] ?? 0,
      confidence: t.b[k] ?? 0.5,
      action: t.actions[k] ?? 0,
      reward: t.rewards[k] ?? 0,
    };
  });
}
