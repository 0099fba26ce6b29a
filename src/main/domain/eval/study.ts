/** The paper's whole study on any CICIDS data: every method side by side against the oracle. */
import type { Catalogue } from '../catalogue/catalogue';
import { KgAdvisor, type KnowledgeGraph } from '../kg';
import type { Advisor } from '../catalogue/types';
import {
  METHODS,
  selectBackend,
  train,
  type BackendPreference,
  type CurvePoint,
  type Method,
  type Policy,
  type RlConfig,
} from '../rl';
import { episodesToNear } from './curves';
import { trainWithKgCycles } from './kgCycles';
import { loadPrevalence, scoreDecisions, type DecisionScores } from './metrics';
import { fitOracle, oracleActions } from './oracle';
import { adviseRows, prepareStudy, toAlertSet, warmUpKg, type StudyData } from './prepare';

/** What to run; every field has a default in DEFAULT_STUDY. */
export interface StudyOptions {
  data: string[];
  /** Methods to compare (default all five). */
  methods: Method[];
  /** Training fraction of the stratified split (default 0.7). */
  split: number;
  /** Seed of the split, the KG warm-up and the learners (default 1). */
  seed: number;
  /** Passes over the training flows (the paper's protocol: 5). */
  passes: number;
  /** Learner overrides (see DEFAULT_RL_CONFIG). */
  rl: Partial<RlConfig>;
  /** tfjs backend preference (default auto: tfjs-node-gpu → tfjs-node → wasm → cpu). */
  backend: BackendPreference;
  /** Builds the advisor for the KG methods over the study's KG; default: the KG advisor. */
  makeAdvisor?: (kg: KnowledgeGraph, catalogue: Catalogue) => Promise<Advisor>;
  /** Within this much of the oracle counts as "near" for episodesToNearOracle (default 0.1). */
  nearTolerance: number;
}

export const DEFAULT_STUDY: Omit<StudyOptions, 'data'> = {
  methods: [...METHODS],
  split: 0.7,
  seed: 1,
  passes: 5,
  rl: {},
  backend: 'auto',
  nearTolerance: 0.1,
};

/** One method's results on the test split. */
export interface MethodReport extends DecisionScores {
  /** Training episodes until the rollout reward's moving average came within tolerance of the oracle (null: never, or not an RL method). */
  episodesToNearOracle: number | null;
  /** Mean time per decision over the test split, advice included (batched). */
  latencyMs: number;
  trainSeconds: number;
  episodes: number;
  curve: CurvePoint[];
}

/** The study's report (JSON keys as the issue names them). */
export interface StudyReport {
  advisor: 'kg' | 'llm';
  backend: { name: string; reason: string };
  detector: { signatures: number; macroF1: number; trainRows: number; testRows: number };
  kg: { nodes: number; edges: number; version: number };
  advice: { calls: number; msPerCall: number };
  methods: Partial<Record<Method, MethodReport>>;
  oracle: { train: DecisionScores; test: DecisionScores; trainOnTrainFlows: number };
  seconds: number;
}

/** Run the study end to end; `log` receives one line per step. */
export async function runStudy(
  partial: Partial<StudyOptions> & { data: string[] },
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<StudyReport> {
  const o: StudyOptions = { ...DEFAULT_STUDY, ...partial };
  const t0 = performance.now();
  const backend = await selectBackend(o.backend);
  log(`backend: ${backend.name} (${backend.reason})`);
  const d = await prepareStudy(o.data, o.split, o.seed);
  log(
    `detector: ${d.detector.signatures.length} signatures, macro-F1 ${d.detector.report.macroF1.toFixed(4)}; ${d.train.size} train / ${d.test.size} test flows`,
  );
  const kg = warmUpKg(d, o.seed);
  const advisor = o.makeAdvisor ? await o.makeAdvisor(kg, d.catalogue) : new KgAdvisor(kg);
  const A = d.catalogue.actions.length;
  const trainAdvice = await adviseRows(d.train, d, advisor, signal);
  const testAdvice = await adviseRows(d.test, d, advisor, signal);
  const calls = trainAdvice.calls + testAdvice.calls;
  log(
    `advisor: ${advisor.kind}, ${calls} distinct (type, signature) queries, ${((trainAdvice.ms + testAdvice.ms) / Math.max(1, calls)).toFixed(2)} ms each`,
  );
  const prevalence = loadPrevalence();
  const score = (rows: typeof d.test, acts: Int32Array) =>
    scoreDecisions(rows, acts, d.rewards, A, d.best, prevalence);
  const trainOracle = fitOracle(d.train, d.rewards, A);
  const oracle = {
    train: score(d.test, oracleActions(trainOracle, d.test)),
    test: score(d.test, oracleActions(fitOracle(d.test, d.rewards, A), d.test)),
    trainOnTrainFlows: score(d.train, oracleActions(trainOracle, d.train)).avgRewardFlows,
  };
  const trainSet = toAlertSet(d.train, d, trainAdvice);
  const testSet = toAlertSet(d.test, d, testAdvice);
  const methods: StudyReport['methods'] = {};
  for (const m of o.methods) {
    const rl = { ...o.rl, seed: o.seed, passes: o.passes };
    const cycled =
      m === 'ppo-kg' || m === 'ppo-kg-pt'
        ? await trainWithKgCycles(d, m, rl, o.passes, o.makeAdvisor, signal)
        : null;
    const r = cycled
      ? { ...cycled.result, curve: cycled.curve }
      : await train(trainSet, m, rl, undefined, signal);
    const t = performance.now();
    const acts = r.policy.act(cycled ? toAlertSet(d.test, d, cycled.testAdvice) : testSet, true);
    const actMs = performance.now() - t;
    const adviceMs = m === 'ppo' || m === 'dl' ? 0 : (cycled?.testAdvice.ms ?? testAdvice.ms);
    if (cycled)
      log(
        `${m}: KG refreshed after each of ${Math.ceil(o.passes)} cycles (version ${cycled.kg.version}, ${cycled.kg.counts().nodes} nodes / ${cycled.kg.counts().edges} edges)`,
      );
    methods[m] = {
      ...score(d.test, acts),
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
      trainSeconds: r.seconds,
      episodes: r.episodes,
      curve: r.curve,
    };
    log(
      `${m}: test reward ${methods[m]!.avgReward.toFixed(3)} (weighted ${methods[m]!.avgRewardWeighted.toFixed(3)}) in ${r.seconds.toFixed(1)} s`,
    );
    r.policy.dispose();
  }
  return {
    advisor: advisor.kind,
    backend,
    detector: {
      signatures: d.detector.signatures.length,
      macroF1: d.detector.report.macroF1,
      trainRows: d.train.size,
      testRows: d.test.size,
    },
    kg: { ...kg.counts(), version: kg.version },
    advice: { calls, msPerCall: (trainAdvice.ms + testAdvice.ms) / Math.max(1, calls) },
    methods,
    oracle,
    seconds: (performance.now() - t0) / 1000,
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
