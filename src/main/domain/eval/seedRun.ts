/** One seed of the study: detector, KG warm-up, advice, the oracle and every method on the test split. */
import type { Catalogue } from '../catalogue/catalogue';
import type { Advisor } from '../catalogue/types';
import type { TreeConfig } from '../detector';
import { KgAdvisor, type KnowledgeGraph } from '../kg';
import {
  train,
  trainInWorker,
  type BackendPreference,
  type CurvePoint,
  type Method,
  type Policy,
  type RlConfig,
} from '../rl';
import type { AlertRows } from './alertSet';
import { calibrationReport, type CalibrationReport } from './calibration';
import { episodesToNear } from './curves';
import { trainWithKgCycles, type CycleRunner, type TrainingAdvice } from './kgCycles';
import { scoreDecisions, type DecisionScores } from './metrics';
import { actOnline } from './online';
import { fitOracle, oracleActions } from './oracle';
import {
  adviseRows,
  emptyAdvice,
  studyFromSources,
  toAlertSet,
  warmUpKg,
  type StudyData,
  type StudySources,
} from './prepare';
import { mixAverages, prevalenceWeights, type MixAverages, type PrevalenceMix } from './regime';
import { classPriorOf, leafTrueCountsOf, reviewMetrics, type ReviewMetrics } from './review';

/** What one seed runs. */
export interface SeedOptions {
  seed: number;
  split: number;
  tree: Partial<TreeConfig>;
  methods: readonly Method[];
  passes: number;
  rl: Partial<RlConfig>;
  prevalence: PrevalenceMix;
  nearTolerance: number;
  /** Also act with N, C, B growing from each labelled test flow in turn (actOnline). */
  online: boolean;
  makeAdvisor?: (kg: KnowledgeGraph, catalogue: Catalogue) => Promise<Advisor>;
  /**
   * Methods trained at once, each in its own worker thread (1: one after another on this
   * thread). The methods are independent and seeded, so the results are the same either way.
   */
  jobs?: number;
  /** Learner the workers select (the study's --backend). */
  backend?: BackendPreference;
}

/** Run `fn` over `items` with at most `limit` running at once; results in item order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

/** Decision scores with the weighted average under every mix. */
export interface MixScores extends DecisionScores {
  /** avgRewardWeighted under each class mix (release, paper, data); see PrevalenceMix. */
  avgRewardByMix: MixAverages;
}

/** Advice timings: real advisor calls and memo hits apart. */
export interface AdviceTiming {
  calls: number;
  msPerCall: number;
  cacheHits: number;
  msPerCacheHit: number;
}

/** One method on one seed. */
export interface SeedMethod extends MixScores {
  episodesToNearOracle: number | null;
  /** Mean time per decision over the test split: acting plus advice (real calls and memo hits). */
  latencyMs: number;
  /** Time of one real advisor call on the test split (null: the method takes no advice). */
  adviceMsPerCall: number | null;
  /** The method's test-split advice (null: the method takes no advice). */
  advice: AdviceTiming | null;
  /** PPO-KG / PPO-KG-PT: the advice its training cycles asked for (null for other methods). */
  trainingAdvice: TrainingAdvice | null;
  trainSeconds: number;
  episodes: number;
  curve: CurvePoint[];
  /** The method's own KG after its training cycles (PPO-KG, PPO-KG-PT; else null). */
  kg: KgSize | null;
  /** "Needs review" on the method's test decisions, as selective prediction. */
  review: ReviewMetrics;
  /** With `online`: the scores when each test flow's label updates its signature's N, C, B. */
  online?: MixScores;
}

/** A graph's size. */
export type KgSize = ReturnType<KnowledgeGraph['counts']> & { version: number };

/** Everything one seed measured. */
export interface SeedRun {
  seed: number;
  detector: {
    signatures: number;
    depth: number;
    macroF1: number;
    accuracy: number;
    perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
    trainRows: number;
    testRows: number;
  };
  advisorKind: 'kg' | 'llm';
  kgWarmUp: KgSize;
  /** The final graph: PPO-KG-PT's after its cycles, else PPO-KG's, else the warm-up graph. */
  kg: KgSize & { of: Method | 'warm-up' };
  /** The warm-up graph's advice on both splits (what PPO-KG's first cycle and LLM-KG use). */
  advice: AdviceTiming & { ms: number; cacheMs: number };
  methods: Partial<Record<Method, SeedMethod>>;
  /** Reliability of B on the test flows (is the detector right as often as B says?). */
  calibration: CalibrationReport;
  oracle: { train: MixScores; test: MixScores; trainOnTrainFlows: number };
  /** Labelled flows per class in the training split (growing + calibration rows) and the test split. */
  trainCounts: Record<string, number>;
  testCounts: Record<string, number>;
  data: StudyData;
}

type Log = (line: string) => void;

/** Run one seed on read sources. `data` in the result lets a λ sweep reuse the seed's split. */
export async function runSeed(
  src: StudySources,
  o: SeedOptions,
  log: Log,
  signal?: AbortSignal,
): Promise<SeedRun> {
  const d = studyFromSources(src, o.split, o.seed, o.tree);
  const tag = `seed ${o.seed}`;
  log(
    `${tag}: detector ${d.detector.signatures.length} signatures, macro-F1 ${d.detector.report.macroF1.toFixed(4)}; ${d.train.size} train / ${d.test.size} test flows`,
  );
  const kg = warmUpKg(d, o.seed);
  const kgWarmUp = { ...kg.counts(), version: kg.version };
  const advisor = o.makeAdvisor ? await o.makeAdvisor(kg, d.catalogue) : new KgAdvisor(kg);
  const A = d.catalogue.actions.length;
  // The warm-up graph's advice feeds LLM-KG only (PPO-KG and PPO-KG-PT ask their own graphs, PPO
  // and DL take none): with an LLM advisor that is minutes of calls, so it is asked only then.
  const warm = o.methods.includes('llm-kg');
  const trainAdvice = warm
    ? await adviseRows(d.train, d, advisor, signal)
    : emptyAdvice(d.train.size, A);
  const testAdvice = warm
    ? await adviseRows(d.test, d, advisor, signal)
    : emptyAdvice(d.test.size, A);
  const advice = timingOf([trainAdvice, testAdvice]);
  log(
    warm
      ? `${tag}: advisor ${advisor.kind}, ${advice.calls} real calls at ${advice.msPerCall.toFixed(3)} ms, ${advice.cacheHits} memo hits at ${advice.msPerCacheHit.toFixed(5)} ms`
      : `${tag}: advisor ${advisor.kind}; the warm-up graph's advice is not asked (no llm-kg here)`,
  );
  const weights = prevalenceWeights(o.prevalence, d.test);
  const score = (rows: AlertRows, acts: Int32Array): MixScores => {
    const s = scoreDecisions(rows, acts, d.rewards, A, d.best, weights);
    return { ...s, avgRewardByMix: mixAverages(s.perClass, d.test) };
  };
  const trainOracle = fitOracle(d.train, d.rewards, A);
  const oracle = {
    train: score(d.test, oracleActions(trainOracle, d.test)),
    test: score(d.test, oracleActions(fitOracle(d.test, d.rewards, A), d.test)),
    trainOnTrainFlows: score(d.train, oracleActions(trainOracle, d.train)).avgRewardFlows,
  };
  const trainSet = toAlertSet(d.train, d, trainAdvice);
  const testSet = toAlertSet(d.test, d, testAdvice);
  const methods: SeedRun['methods'] = {};
  const finalKg: Partial<Record<Method, KgSize>> = {};
  const jobs = Math.max(1, Math.floor(o.jobs ?? 1));
  const runner: CycleRunner | undefined =
    jobs > 1
      ? (set, method, rl, resume, onProgress, signal) =>
          trainInWorker(set, method, rl, { onProgress, signal, resume, backend: o.backend })
      : undefined;
  if (jobs > 1)
    log(`${tag}: training ${o.methods.length} methods, ${jobs} at a time in worker threads`);
  const trained = await mapLimit(o.methods, jobs, async (m) => {
    const rl = { ...o.rl, seed: o.seed, passes: o.passes };
    const cycled =
      m === 'ppo-kg' || m === 'ppo-kg-pt'
        ? await trainWithKgCycles(
            d,
            m,
            rl,
            o.passes,
            o.makeAdvisor,
            signal,
            runner ? { run: runner } : {},
          )
        : null;
    const r = cycled
      ? { ...cycled.result, curve: cycled.curve }
      : runner
        ? await runner(trainSet, m, rl, undefined, () => {}, signal)
        : await train(trainSet, m, rl, undefined, signal);
    if (jobs > 1) log(`${tag} ${m}: trained in ${r.seconds.toFixed(1)} s`);
    return { cycled, r };
  });
  for (const [i, m] of o.methods.entries()) {
    const { cycled, r } = trained[i]!;
    const mTest = cycled ? toAlertSet(d.test, d, cycled.testAdvice) : testSet;
    const t = performance.now();
    const acts = r.policy.act(mTest, true);
    const actMs = performance.now() - t;
    const review = reviewOf(d, mTest, acts, r.policy.probs(mTest));
    const usesAdvice = m !== 'ppo' && m !== 'dl';
    const mAdvice = cycled?.testAdvice ?? testAdvice;
    const timing = usesAdvice ? timingOnly(timingOf([mAdvice])) : null;
    const adviceMs = usesAdvice ? mAdvice.ms + mAdvice.cacheMs : 0;
    if (cycled) {
      finalKg[m] = { ...cycled.kg.counts(), version: cycled.kg.version };
      log(
        `${tag} ${m}: KG refreshed after each of ${Math.ceil(o.passes)} cycles (version ${cycled.kg.version}, ${cycled.kg.counts().nodes} nodes / ${cycled.kg.counts().edges} edges)`,
      );
    }
    const s = score(d.test, acts);
    methods[m] = {
      ...s,
      episodesToNearOracle: nearOracle(
        m,
        r.curve,
        r.policy,
        trainSet,
        d,
        oracle.trainOnTrainFlows,
        o.nearTolerance,
      ),
      latencyMs: (actMs + adviceMs) / Math.max(1, d.test.size),
      adviceMsPerCall: timing ? timing.msPerCall : null,
      advice: timing,
      trainingAdvice: cycled?.trainingAdvice ?? null,
      trainSeconds: r.seconds,
      episodes: r.episodes,
      curve: r.curve,
      kg: finalKg[m] ?? null,
      review,
      ...(o.online ? { online: score(d.test, actOnline(r.policy, mTest).actions) } : {}),
    };
    log(
      `${tag} ${m}: test reward ${s.avgReward.toFixed(3)} (weighted ${s.avgRewardWeighted.toFixed(3)}) in ${r.seconds.toFixed(1)} s`,
    );
    r.policy.dispose();
  }
  const last = finalKg['ppo-kg-pt'] ? 'ppo-kg-pt' : finalKg['ppo-kg'] ? 'ppo-kg' : null;
  return {
    seed: o.seed,
    detector: {
      signatures: d.detector.signatures.length,
      depth: d.detector.tree.depth,
      macroF1: d.detector.report.macroF1,
      accuracy: d.detector.report.accuracy,
      perClass: Object.fromEntries(
        Object.entries(d.detector.report.perClass).filter(([, m]) => m.support > 0),
      ),
      trainRows: d.train.size,
      testRows: d.test.size,
    },
    advisorKind: advisor.kind,
    kgWarmUp,
    kg: last ? { ...finalKg[last]!, of: last } : { ...kgWarmUp, of: 'warm-up' },
    advice: { ...advice, ms: trainAdvice.ms + testAdvice.ms, cacheMs: advice.cacheMs },
    methods,
    calibration: calibrationReport(d.test),
    oracle,
    trainCounts: classCounts(d.train),
    testCounts: classCounts(d.test),
    data: d,
  };
}

/** Selective-prediction measures of greedy decisions `acts` on the test split (π: `probs`). */
function reviewOf(
  d: StudyData,
  set: ReturnType<typeof toAlertSet>,
  acts: Int32Array,
  probs: Float32Array,
): ReviewMetrics {
  const A = set.numActions;
  const counts = leafTrueCountsOf(d.detector);
  return reviewMetrics({
    rows: d.test,
    actions: acts,
    pi: Float32Array.from(acts, (a, i) => probs[i * A + a] ?? 0),
    rewards: d.rewards,
    numActions: A,
    best: d.best,
    trueCounts: (row) => counts(d.test.signature[row] ?? 0),
    novelty: d.test.novelty ?? null,
    prior: classPriorOf(d.detector),
  });
}

/** Labelled rows per true class name. */
function classCounts(rows: AlertRows): Record<string, number> {
  return prevalenceWeights('data', rows);
}

/** Real calls and memo hits of one or more adviseRows results. */
function timingOf(
  runs: readonly { calls: number; ms: number; cacheHits: number; cacheMs: number }[],
): AdviceTiming & { cacheMs: number } {
  const sum = (get: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + get(r), 0);
  const calls = sum((r) => r.calls);
  const hits = sum((r) => r.cacheHits);
  const cacheMs = sum((r) => r.cacheMs);
  return {
    calls,
    msPerCall: calls > 0 ? sum((r) => r.ms) / calls : 0,
    cacheHits: hits,
    msPerCacheHit: hits > 0 ? cacheMs / hits : 0,
    cacheMs,
  };
}

/** The timing fields alone (no totals), for the report. */
function timingOnly(t: AdviceTiming): AdviceTiming {
  return {
    calls: t.calls,
    msPerCall: t.msPerCall,
    cacheHits: t.cacheHits,
    msPerCacheHit: t.msPerCacheHit,
  };
}

/** Episodes to near-oracle: from the RL curve; LLM-KG needs none if it starts there; DL has no episodes. */
function nearOracle(
  m: Method,
  curve: CurvePoint[],
  policy: Policy,
  set: ReturnType<typeof toAlertSet>,
  d: StudyData,
  target: number,
  tol: number,
): number | null {
  if (m === 'dl') return null;
  if (m === 'llm-kg') {
    const acts = policy.act(set, true);
    let sum = 0;
    for (let i = 0; i < set.size; i++)
      sum += d.rewards[(set.trueClass[i] ?? 0) * set.numActions + (acts[i] ?? 0)] ?? 0;
    return sum / Math.max(1, set.size) >= target - tol ? 0 : null;
  }
  return episodesToNear(
    curve.map((p) => [p.episodes, p.meanReward]),
    target,
    tol,
  );
}
