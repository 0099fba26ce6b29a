/**
 * One stretch of a run's training, from its start (or a resume) to its end or a pause / stop:
 * PPO and DL in a worker thread (`trainInWorker`), PPO-KG and PPO-KG-PT through the KG cycles
 * with each cycle in a worker (as the load-time trainer does), LLM-KG without training (it acts
 * on the advice, as the study runs it).
 */
import type { Advisor } from '../../domain/catalogue/types';
import { trainWithKgCycles, type CycleRunner } from '../../domain/eval/kgCycles';
import { adviseRows, toAlertSet, type StudyData } from '../../domain/eval/prepare';
import type { KnowledgeGraph } from '../../domain/kg';
import type { SignatureCounts } from '../../domain/rl';
import {
  AdvicePolicy,
  trainInWorker,
  type Method,
  type Policy,
  type PolicyCheckpoint,
  type RlConfig,
  type TrainProgress,
  type WorkerTrainResult,
} from '../../domain/rl';
import type { TestAdvice } from './evaluate';

/** The learners' settings of a run: every field optional but the seed and the passes. */
export type RunConfig = Partial<RlConfig> & { seed: number; passes: number };

/** What a segment needs. */
export interface SegmentInput {
  d: StudyData;
  method: Method;
  config: RunConfig;
  /** Where the previous segment stopped (null: from scratch). */
  resume: PolicyCheckpoint | null;
  /** The run's graph (KG methods and LLM-KG); the KG cycles update it in place. */
  kg: KnowledgeGraph | null;
  /**
   * The run's per-signature N, C (PPO methods), grown online by every episode and updated in
   * place, so a resumed segment starts from what the paused one counted. Null: the detector's.
   */
  counts: SignatureCounts | null;
  advisorFor(kg: KnowledgeGraph): Advisor;
  onProgress(p: TrainProgress): void;
  signal: AbortSignal;
}

/** How a segment ended. */
export interface SegmentOutcome {
  /** The policy so far (on this thread's backend); the caller disposes it. */
  policy: Policy;
  /** Every episode of the run is done (a pause or stop that came too late changes nothing). */
  finished: boolean;
  episodes: number;
  seconds: number;
  /** The worker's backend and why; null when nothing was trained. */
  backend: { name: string; reason: string } | null;
  /** Advice on the test flows from the final graph (KG methods, LLM-KG), for the evaluation. */
  testAdvice: TestAdvice | null;
}

/** Train one segment of `input.method`. */
export function trainSegment(input: SegmentInput): Promise<SegmentOutcome> {
  switch (input.method) {
    case 'ppo':
    case 'dl':
      return inWorker(input);
    case 'ppo-kg':
    case 'ppo-kg-pt':
      return kgCycles(input);
    case 'llm-kg':
      return adviceOnly(input);
  }
}

async function inWorker(i: SegmentInput): Promise<SegmentOutcome> {
  const rows = i.counts ? i.counts.apply(i.d.train) : i.d.train;
  const set = { ...toAlertSet(rows, i.d), betaPrior: i.d.detector.options.prior };
  const r = await trainInWorker(set, i.method, i.config, {
    onProgress: i.onProgress,
    signal: i.signal,
    resume: i.resume ?? undefined,
  });
  if (i.counts && r.counts) i.counts.assign(r.counts);
  return {
    policy: r.policy,
    finished: r.status === 'completed',
    episodes: r.episodes,
    seconds: r.seconds,
    backend: r.backendChoice,
    testAdvice: null,
  };
}

async function kgCycles(i: SegmentInput): Promise<SegmentOutcome> {
  if (!i.kg) throw new Error(`${i.method} needs the run's knowledge graph`);
  const kg = i.kg;
  // The last cycle's result: on a pause the cycles may throw (an aborted advisor call) after
  // the worker handed back its policy, which must not be lost.
  const seen: { last: WorkerTrainResult | null; seconds: number } = { last: null, seconds: 0 };
  const run: CycleRunner = async (set, method, rl, resume, onProgress, signal) => {
    const r = await trainInWorker(set, method, rl, { onProgress, signal, resume });
    seen.last = r;
    seen.seconds += r.seconds;
    return r;
  };
  let testAdvice: TestAdvice | null = null;
  try {
    const cycled = await trainWithKgCycles(
      i.d,
      i.method,
      i.config,
      i.config.passes,
      async (g) => i.advisorFor(g),
      i.signal,
      {
        kg,
        ...(i.counts ? { counts: i.counts } : {}),
        resume: i.resume ?? undefined,
        run,
        onProgress: (p) => i.onProgress(p),
      },
    );
    testAdvice = cycled.testAdvice;
  } catch (err) {
    if (!i.signal.aborted || !seen.last) throw err;
  }
  const last = seen.last;
  if (!last) throw new Error('no training cycle ran');
  const total = Math.round(i.config.passes * i.d.train.size);
  const finished = last.status === 'completed' && last.episodes >= total;
  // Finished, but the pause cut off the final advice: ask for it (uncancelled: the run is done).
  if (finished && !testAdvice) testAdvice = await adviseRows(i.d.test, i.d, i.advisorFor(kg));
  return {
    policy: last.policy,
    finished,
    episodes: last.episodes,
    seconds: seen.seconds,
    backend: last.backendChoice,
    testAdvice,
  };
}

async function adviceOnly(i: SegmentInput): Promise<SegmentOutcome> {
  if (!i.kg) throw new Error('llm-kg needs the run’s knowledge graph');
  const testAdvice = await adviseRows(i.d.test, i.d, i.advisorFor(i.kg), i.signal);
  return {
    policy: new AdvicePolicy(i.d.catalogue.actions.length),
    finished: true,
    episodes: 0,
    seconds: 0,
    backend: null,
    testAdvice,
  };
}
