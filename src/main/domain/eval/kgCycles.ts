/**
 * Training with the KG in the loop (PPO-KG, PPO-KG-PT): one pass over the training flows per
 * cycle; after each cycle the replay buffer — what the policy did on the training flows, with the
 * rewards it got — updates this method's own KG, and the advisor is asked again before the next
 * cycle, as the paper rebuilds the KG after every training cycle.
 */
import type { Catalogue } from '../catalogue/catalogue';
import type { Advisor, Experience } from '../catalogue/types';
import { KgAdvisor, type KnowledgeGraph } from '../kg';
import {
  save,
  train,
  type AlertSet,
  type CurvePoint,
  type Method,
  type PolicyCheckpoint,
  type RlConfig,
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
  const advisor = makeAdvisor ? await makeAdvisor(kg, d.catalogue) : new KgAdvisor(kg);
  const cycles = Math.max(1, Math.ceil(passes));
  const curve: CurvePoint[] = [];
  let advice = await adviseRows(d.train, d, advisor, signal);
  let resume = hooks.resume;
  const done = resume?.progress?.episodes ?? 0;
  let result: TrainResult | undefined;
  let seconds = 0;
  for (let c = 1; c <= cycles; c++) {
    const episodes = Math.round(Math.min(c, passes) * d.train.size);
    if (resume && episodes <= done) continue;
    const set = toAlertSet(d.train, d, advice);
    result = await run(
      set,
      method,
      { ...rl, episodes },
      resume,
      (p) => hooks.onProgress?.(p, c, cycles),
      signal,
    );
    curve.push(...result.curve);
    seconds += result.seconds;
    if (result.status === 'cancelled') break;
    const acted = result.policy.act(set, false, undefined, rl.seed + c);
    kg.update(replay(d, d.train, acted));
    advice = await adviseRows(d.train, d, advisor, signal);
    if (c < cycles) {
      resume = save(result.policy);
      result.policy.dispose();
    }
  }
  if (!result) throw new Error('no training cycle ran');
  // The last cycle's result, with the time of every cycle.
  return {
    result: { ...result, seconds },
    curve,
    kg,
    testAdvice: await adviseRows(d.test, d, advisor, signal),
  };
}

/** The replay buffer of one cycle as KG experiences. */
function replay(d: StudyData, rows: AlertRows, actions: Int32Array): Experience[] {
  const A = d.catalogue.actions.length;
  return Array.from({ length: rows.size }, (_, i) => {
    const t = rows.trueClass[i] ?? -1;
    const action = actions[i] ?? 0;
    return {
      predictedClass: d.detector.classNames[rows.predicted[i] ?? 0] ?? '?',
      trueClass: t >= 0 ? (d.detector.classNames[t] ?? null) : null,
      signature: rows.signature[i] ?? 0,
      confidence: rows.b[i] ?? 0.5,
      action,
      reward: t >= 0 ? (d.rewards[t * A + action] ?? 0) : 0,
    };
  });
}
