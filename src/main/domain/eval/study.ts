/** The paper's whole study on any CICIDS data: every method side by side against the oracle. */
import type { Catalogue } from '../catalogue/catalogue';
import type { TreeConfig } from '../detector';
import type { KnowledgeGraph } from '../kg';
import type { Advisor } from '../catalogue/types';
import {
  DEFAULT_RL_CONFIG,
  METHODS,
  selectBackend,
  type BackendPreference,
  type CurvePoint,
  type Method,
  type RlConfig,
} from '../rl';
import {
  meanCalibration,
  meanReview,
  meanScores,
  rewardIntervals,
  versusPpo,
  type CalibrationSummary,
  type ReviewSummary,
  type RewardIntervals,
  type VersusPpo,
} from './aggregate';
import type { TrainingAdvice } from './kgCycles';
import type { DecisionScores } from './metrics';
import { readSources, type StudySources } from './prepare';
import { mixSource, type MixAverages, type PrevalenceMix, type Regime } from './regime';
import { runSeed, type AdviceTiming, type KgSize, type MixScores, type SeedRun } from './seedRun';
import { meanInterval } from './stats';
import { sweepSeed, SWEPT_METHODS, type SweepPoint } from './sweep';

/** What to run; every field but `data` has a default in DEFAULT_STUDY. */
export interface StudyOptions {
  /** Training files; with `test`, all of them train the detector. */
  data: string[];
  /** Separate test files (a change of data source) instead of a split of `data` (default null). */
  test: string[] | null;
  /** Methods to compare (default all five). */
  methods: Method[];
  /** Training fraction of the stratified split (default 0.7; unused with `test`). */
  split: number;
  /** First seed of the split, the KG warm-up and the learners (default 1). */
  seed: number;
  /** Number of seeds: seed, seed + 1, … (default 1). */
  seeds: number;
  /** Passes over the training flows (the paper's protocol: 5). */
  passes: number;
  /** Learner overrides (see DEFAULT_RL_CONFIG), e.g. lambdaStart / lambdaEnd. */
  rl: Partial<RlConfig>;
  /** Detector tree limits, e.g. maxDepth / minSamplesLeaf for a weaker detector (default none). */
  tree: Partial<TreeConfig>;
  /** Class mix of avgRewardWeighted (default 'release'; see PrevalenceMix). */
  prevalence: PrevalenceMix;
  /** λ values for the paper's Fig. 3 sweep of the KG methods (default null: no sweep). */
  lambdaSweep: number[] | null;
  /** Learner preference (default auto: tfjs-node-gpu → fused → tfjs-node → wasm → cpu). */
  backend: BackendPreference;
  /**
   * Methods trained at once, each in a worker thread (default 1; the CLI's default is the core
   * count). Results do not depend on it: every method is seeded on its own.
   */
  jobs: number;
  /** Builds the advisor for the KG methods over the study's KG; default: the KG advisor. */
  makeAdvisor?: (kg: KnowledgeGraph, catalogue: Catalogue) => Promise<Advisor>;
  /** Within this much of the oracle counts as "near" for episodesToNearOracle (default 0.1). */
  nearTolerance: number;
  /**
   * Also score each method with online evidence: the test flows arrive in order and each one's
   * label updates its signature's N, C, B before the next decision (default false).
   */
  online: boolean;
}

export const DEFAULT_STUDY: Omit<StudyOptions, 'data'> = {
  test: null,
  methods: [...METHODS],
  split: 0.7,
  seed: 1,
  seeds: 1,
  passes: 5,
  rl: {},
  tree: {},
  prevalence: 'release',
  lambdaSweep: null,
  backend: 'auto',
  jobs: 1,
  nearTolerance: 0.1,
  online: false,
};

/** A method's numbers on one seed (for perSeed). */
export interface SeedFigures {
  seed: number;
  avgReward: number;
  avgRewardWeighted: number;
  avgRewardFlows: number;
  avgRewardByMix: MixAverages;
  latencyMs: number;
  adviceMsPerCall: number | null;
  episodesToNearOracle: number | null;
}

/** One method's results on the test split: means over the seeds. */
export interface MethodReport extends DecisionScores {
  avgRewardByMix: MixAverages;
  /** Training episodes until the rollout reward's moving average came within tolerance of the oracle (mean over seeds; null: some seed never did, or not an RL method). */
  episodesToNearOracle: number | null;
  /** Mean time per decision over the test split: acting plus advice, real calls and memo hits. */
  latencyMs: number;
  /** Time of one real advisor call for this method's test advice (null: no advice). */
  adviceMsPerCall: number | null;
  /** This method's test-split advice: real calls and memo hits apart (first seed). */
  advice: AdviceTiming | null;
  /** PPO-KG / PPO-KG-PT: the advice its training cycles asked for (first seed; else null). */
  trainingAdvice: TrainingAdvice | null;
  trainSeconds: number;
  episodes: number;
  /** Training curve of the first seed. */
  curve: CurvePoint[];
  /** The method's own KG after its cycles (first seed; PPO-KG, PPO-KG-PT). */
  kg: KgSize | null;
  /** 95% t intervals over seeds (only when seeds > 1). */
  ci95?: RewardIntervals;
  /** Paired t-tests of this method − PPO over the same seeds (seeds > 1, PPO run, not PPO). */
  vsPpo?: VersusPpo;
  perSeed: SeedFigures[];
  /**
   * "Needs review" on the test decisions as selective prediction: the flagged share, the share of
   * wrong actions caught, and the AURC of ranking by the review score against ranking by B alone
   * and by π alone (mean over seeds).
   */
  review: ReviewSummary;
  /** With `online`: the same policy acting as test labels update N, C, B (mean over seeds). */
  online?: MixScores & { ci95?: RewardIntervals };
}

/** The study's report (JSON keys as the issues name them). */
export interface StudyReport {
  regime: Regime;
  advisor: 'kg' | 'llm';
  backend: { name: string; reason: string };
  /** The detector on the test flows, mean over seeds (depth and row counts of the first seed). */
  detector: SeedRun['detector'] & {
    macroF1Ci95?: [number, number];
    perSeed: { seed: number; macroF1: number; signatures: number }[];
  };
  /** The KG after the warm-up pass, before any training cycle (first seed). */
  kgWarmUp: KgSize;
  /** The final KG: PPO-KG-PT's after its cycles (else PPO-KG's, else the warm-up; first seed). */
  kg: SeedRun['kg'];
  /** The warm-up graph's advice over both splits, all seeds: real calls and memo hits apart. */
  advice: AdviceTiming;
  methods: Partial<Record<Method, MethodReport>>;
  /** Reliability of B on the test flows (table and ECE; see CalibrationSummary). */
  calibration: CalibrationSummary;
  oracle: {
    train: MixScores;
    test: MixScores;
    trainOnTrainFlows: number;
    ci95?: { train: RewardIntervals; test: RewardIntervals };
  };
  /** The paper's Fig. 3 (when asked for): test reward of each KG method per λ. */
  lambdaSweep?: LambdaSweep;
  seconds: number;
}

/** Test reward per λ, mean over seeds with 95% intervals when seeds > 1. */
export interface LambdaSweep {
  lambdas: number[];
  methods: Partial<
    Record<
      Method,
      {
        lambda: number;
        avgReward: number;
        avgRewardWeighted: number;
        ci95?: { avgReward: [number, number]; avgRewardWeighted: [number, number] };
        perSeed: number[];
      }[]
    >
  >;
}

/** Run the study end to end; `log` receives one line per step. */
export async function runStudy(
  partial: Partial<StudyOptions> & { data: string[] },
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<StudyReport> {
  const test = partial.test && partial.test.length > 0 ? partial.test : null;
  const src = await readSources(partial.data, test ?? undefined);
  return runStudyOn(src, partial, log, signal);
}

/**
 * The study on flows already read (the console reads them back from its store); `data` and `test`
 * name the sources in the report's regime, and `test` non-empty says `src.test` is a separate
 * source (src.test must then be set).
 */
export async function runStudyOn(
  src: StudySources,
  partial: Partial<StudyOptions> & { data: string[] },
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<StudyReport> {
  const o: StudyOptions = { ...DEFAULT_STUDY, ...partial };
  if (!(Number.isInteger(o.seeds) && o.seeds >= 1))
    throw new RangeError(`seeds must be a whole number ≥ 1, got ${o.seeds}`);
  const t0 = performance.now();
  const backend = await selectBackend(o.backend);
  log(`backend: ${backend.name} (${backend.reason})`);
  const test = o.test && o.test.length > 0 ? o.test : null;
  if ((test !== null) !== (src.test !== null))
    throw new Error('a study names test sources exactly when it has a separate test matrix');
  const seedList = Array.from({ length: o.seeds }, (_, i) => o.seed + i);
  const runs: SeedRun[] = [];
  const sweeps: SweepPoint[][] = [];
  for (const seed of seedList) {
    const run = await runSeed(src, { ...o, seed }, log, signal);
    if (o.lambdaSweep?.length) {
      const methods = SWEPT_METHODS.filter((m) => o.methods.includes(m));
      sweeps.push(
        await sweepSeed(run.data, { ...o, seed, lambdas: o.lambdaSweep, methods }, log, signal),
      );
    }
    runs.push(run);
  }
  const first = runs[0]!;
  const rl = { ...DEFAULT_RL_CONFIG, ...o.rl };
  const regime: Regime = {
    train: [...o.data],
    test: test ? [...test] : null,
    split: test ? null : o.split,
    prevalence: o.prevalence,
    prevalenceSource: mixSource(o.prevalence),
    seeds: o.seeds,
    seedList,
    maxDepth: o.tree.maxDepth ?? null,
    minLeaf: o.tree.minSamplesLeaf ?? null,
    lambdaStart: rl.lambdaStart,
    lambdaEnd: rl.lambdaEnd,
    rowsSkipped: src.rowsSkipped,
    testClassesDropped: src.testClassesDropped,
    classesNotInTrain: Object.fromEntries(
      Object.entries(first.testCounts).filter(([c]) => !first.trainCounts[c]),
    ),
  };
  const notInTrain = Object.keys(regime.classesNotInTrain);
  if (notInTrain.length)
    log(
      `test classes with no training flow (the detector cannot predict them): ${notInTrain.join(', ')}`,
    );
  const dropped = Object.keys(src.testClassesDropped);
  if (dropped.length)
    log(
      `test-source classes the training source does not name (not scored): ${dropped.join(', ')}`,
    );
  return {
    regime,
    advisor: first.advisorKind,
    backend,
    detector: detectorOf(runs),
    kgWarmUp: first.kgWarmUp,
    kg: first.kg,
    advice: adviceOf(runs),
    methods: methodsOf(o.methods, runs),
    calibration: meanCalibration(
      runs.map((r) => r.calibration),
      seedList,
    ),
    oracle: oracleOf(runs),
    ...(sweeps.length ? { lambdaSweep: sweepOf(o.lambdaSweep ?? [], sweeps) } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}

function detectorOf(runs: readonly SeedRun[]): StudyReport['detector'] {
  const f1 = runs.map((r) => r.detector.macroF1);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const perClass: SeedRun['detector']['perClass'] = {};
  for (const name of Object.keys(runs[0]!.detector.perClass)) {
    const xs = runs.map((r) => r.detector.perClass[name]).filter((x) => x !== undefined);
    perClass[name] = {
      precision: mean(xs.map((x) => x.precision)),
      recall: mean(xs.map((x) => x.recall)),
      f1: mean(xs.map((x) => x.f1)),
      support: mean(xs.map((x) => x.support)),
    };
  }
  return {
    ...runs[0]!.detector,
    perClass,
    accuracy: mean(runs.map((r) => r.detector.accuracy)),
    macroF1: mean(f1),
    signatures: mean(runs.map((r) => r.detector.signatures)),
    ...(runs.length > 1 ? { macroF1Ci95: meanInterval(f1).interval } : {}),
    perSeed: runs.map((r) => ({
      seed: r.seed,
      macroF1: r.detector.macroF1,
      signatures: r.detector.signatures,
    })),
  };
}

function adviceOf(runs: readonly SeedRun[]): AdviceTiming {
  const calls = runs.reduce((a, r) => a + r.advice.calls, 0);
  const hits = runs.reduce((a, r) => a + r.advice.cacheHits, 0);
  return {
    calls,
    msPerCall: calls ? runs.reduce((a, r) => a + r.advice.ms, 0) / calls : 0,
    cacheHits: hits,
    msPerCacheHit: hits ? runs.reduce((a, r) => a + r.advice.cacheMs, 0) / hits : 0,
  };
}

function methodsOf(methods: readonly Method[], runs: readonly SeedRun[]): StudyReport['methods'] {
  const out: StudyReport['methods'] = {};
  const ppo = runs.every((r) => r.methods.ppo) ? runs.map((r) => r.methods.ppo!) : null;
  for (const m of methods) {
    const per = runs.map((r) => r.methods[m]!);
    const head = per[0]!;
    const mean = (get: (x: (typeof per)[number]) => number) =>
      per.reduce((a, x) => a + get(x), 0) / per.length;
    const near = per.map((x) => x.episodesToNearOracle);
    const calls = per.map((x) => x.adviceMsPerCall);
    out[m] = {
      ...meanScores(per),
      avgRewardByMix: {
        release: mean((x) => x.avgRewardByMix.release),
        paper: mean((x) => x.avgRewardByMix.paper),
        data: mean((x) => x.avgRewardByMix.data),
      },
      episodesToNearOracle: near.every((x) => x !== null)
        ? near.reduce((a, b) => a + b, 0) / near.length
        : null,
      latencyMs: mean((x) => x.latencyMs),
      adviceMsPerCall: calls.every((x) => x !== null)
        ? calls.reduce((a, b) => a + b, 0) / calls.length
        : null,
      advice: head.advice,
      trainingAdvice: head.trainingAdvice,
      trainSeconds: mean((x) => x.trainSeconds),
      episodes: head.episodes,
      curve: head.curve,
      kg: head.kg,
      ...(runs.length > 1 ? { ci95: rewardIntervals(per) } : {}),
      ...(runs.length > 1 && ppo && m !== 'ppo' ? { vsPpo: versusPpo(per, ppo) } : {}),
      perSeed: per.map((x, i) => ({
        seed: runs[i]!.seed,
        avgReward: x.avgReward,
        avgRewardWeighted: x.avgRewardWeighted,
        avgRewardFlows: x.avgRewardFlows,
        avgRewardByMix: x.avgRewardByMix,
        latencyMs: x.latencyMs,
        adviceMsPerCall: x.adviceMsPerCall,
        episodesToNearOracle: x.episodesToNearOracle,
      })),
      ...(per.every((x) => x.online) ? { online: onlineOf(per.map((x) => x.online!)) } : {}),
      review: meanReview(
        per.map((x) => x.review),
        runs.map((r) => r.seed),
      ),
    };
  }
  return out;
}

function onlineOf(xs: MixScores[]): NonNullable<MethodReport['online']> {
  return {
    ...mixMean(xs),
    ...(xs.length > 1 ? { ci95: rewardIntervals(xs) } : {}),
  };
}

function mixMean(xs: readonly MixScores[]): MixScores {
  return {
    ...meanScores(xs),
    avgRewardByMix: {
      release: xs.reduce((a, x) => a + x.avgRewardByMix.release, 0) / xs.length,
      paper: xs.reduce((a, x) => a + x.avgRewardByMix.paper, 0) / xs.length,
      data: xs.reduce((a, x) => a + x.avgRewardByMix.data, 0) / xs.length,
    },
  };
}

function oracleOf(runs: readonly SeedRun[]): StudyReport['oracle'] {
  const train = runs.map((r) => r.oracle.train);
  const test = runs.map((r) => r.oracle.test);
  return {
    train: mixMean(train),
    test: mixMean(test),
    trainOnTrainFlows:
      runs.reduce((a, r) => a + r.oracle.trainOnTrainFlows, 0) / Math.max(1, runs.length),
    ...(runs.length > 1
      ? { ci95: { train: rewardIntervals(train), test: rewardIntervals(test) } }
      : {}),
  };
}

function sweepOf(lambdas: number[], perSeed: readonly SweepPoint[][]): LambdaSweep {
  const methods: LambdaSweep['methods'] = {};
  for (const p of perSeed[0] ?? []) {
    const same = perSeed.map((s) => s.find((q) => q.method === p.method && q.lambda === p.lambda)!);
    const r = same.map((q) => q.avgReward);
    const w = same.map((q) => q.avgRewardWeighted);
    (methods[p.method] ??= []).push({
      lambda: p.lambda,
      avgReward: meanInterval(r).mean,
      avgRewardWeighted: meanInterval(w).mean,
      ...(same.length > 1
        ? {
            ci95: {
              avgReward: meanInterval(r).interval,
              avgRewardWeighted: meanInterval(w).interval,
            },
          }
        : {}),
      perSeed: r,
    });
  }
  return { lambdas, methods };
}
