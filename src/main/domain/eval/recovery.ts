/**
 * Recovery under change (issue 12, item 3): the detector is trained on one data source and meets
 * another. An analyst labels the first k test flows (here SIMULATED from the ground truth, in a
 * seeded random order); their labels update N, C and B of the signatures they matched, the KG
 * (misclassification edges, rewards of the actions the current policy took) and the policy (the
 * KG advisor reads the KG; a PPO-KG policy trained on the source is fine-tuned on the labelled
 * flows from its checkpoint). Reward is measured on the REMAINING test flows only, against the
 * other remedy: retrain the detector on the source plus the k labelled flows.
 */
import { KgAdvisor, KnowledgeGraph, trueClassMix } from '../kg';
import { evaluateRows, trainDetector, type TrainedDetector } from '../classify/detect';
import type { FlowMatrix } from '../classify/flowMatrix';
import type { TreeConfig } from '../detector';
import { mulberry32, shuffle } from '../random';
import {
  resolveConfig,
  save,
  selectBackend,
  train,
  type BackendPreference,
  type Policy,
  type PolicyCheckpoint,
  type RlConfig,
} from '../rl';
import { SignatureCounts } from '../rl/online';
import { alertRows, type AlertRows } from './alertSet';
import { trainWithKgCycles } from './kgCycles';
import { loadPrevalence, scoreDecisions, type DecisionScores } from './metrics';
import { fitOracle, oracleActions } from './oracle';
import { adviseRows, studyDataOf, toAlertSet, warmUpKg, type StudyData } from './prepare';
import { byClass, experiences, pickRows, retrainOnLabels } from './recoveryRows';
import { meanInterval, pairedTTest, type MeanInterval, type PairedTest } from './stats';

/** What to run; every field has a default in DEFAULT_RECOVERY. */
export interface RecoveryOptions {
  /** Labelled-flow counts to measure at (default 0, 50, 100, 300, 1000, 3000). */
  ks: number[];
  /** Seeds 1..seeds: each seed draws the label order, the detector, the KG warm-up and PPO (default 3). */
  seeds: number;
  /** PPO-KG training passes over the source flows, in KG cycles as `rampart eval` runs them (default 5). */
  passes: number;
  /** PPO updates of the fine-tuning on the labelled flows (default 4, i.e. 4 × rolloutSize episodes). */
  fineTuneUpdates: number;
  /** Labels reach the KG and the counters in batches of this many flows (default 50). */
  labelBatch: number;
  /** Learner overrides (see DEFAULT_RL_CONFIG). */
  rl: Partial<RlConfig>;
  /** Detector overrides (max depth, min leaf, …). */
  tree: Partial<TreeConfig>;
  backend: BackendPreference;
}

export const DEFAULT_RECOVERY: RecoveryOptions = {
  ks: [0, 50, 100, 300, 1000, 3000],
  seeds: 3,
  passes: 5,
  fineTuneUpdates: 4,
  labelBatch: 50,
  rl: {},
  tree: {},
  backend: 'auto',
};

/** The curves measured at each k. */
export const RECOVERY_METHODS = [
  /** KG advisor on the source detector; the KG and N/C/B take the k labels online. */
  'kg-advisor',
  /**
   * KG advisor that reads the labelled flows first: a KG of the analyst's labels alone (the
   * signature's, else the predicted type's), the source KG only where no label informs it.
   */
  'kg-advisor-labels-first',
  /** PPO-KG trained on the source, acting with the updated KG advice and N/C/B, not fine-tuned. */
  'ppo-kg',
  /** The same policy fine-tuned on the k labelled flows from its checkpoint (`train` with resume). */
  'ppo-kg-finetuned',
  /** Detector retrained on source + k labelled flows; the KG advisor over its training flows. */
  'retrained-kg-advisor',
  /** Detector retrained on source + k labelled flows; its per-signature oracle fitted on those flows. */
  'retrained-oracle',
  /** Ceiling: the source detector's per-signature oracle fitted on the WHOLE test split (hindsight). */
  'oracle-test',
] as const;
export type RecoveryMethod = (typeof RECOVERY_METHODS)[number];

/** The methods that keep the source detector and learn from the labels online. */
export const ONLINE_METHODS = [
  'kg-advisor',
  'kg-advisor-labels-first',
  'ppo-kg',
  'ppo-kg-finetuned',
] as const satisfies readonly RecoveryMethod[];
export type OnlineMethod = (typeof ONLINE_METHODS)[number];

/** A method's scores on the remaining flows. */
export type PointScores = Pick<
  DecisionScores,
  'avgReward' | 'avgRewardFlows' | 'avgRewardWeighted' | 'perClass'
>;

/** One seed's measurement after k labelled flows. */
export interface RecoveryPoint {
  k: number;
  /** Flows scored: the test flows after the first k of the seed's order (total − k). */
  remaining: number;
  remainingByClass: Record<string, number>;
  labelledByClass: Record<string, number>;
  methods: Record<RecoveryMethod, PointScores>;
  detector: { sourceMacroF1: number; retrainedMacroF1: number; retrainedSignatures: number };
  /** Misclassification edges of the KG advisor's graph after the labels. */
  kgMisclassEdges: number;
  /** Fine-tuning of PPO-KG at this k (null at k = 0). */
  fineTune: { episodes: number; seconds: number } | null;
}

/** One seed's run. */
export interface RecoverySeedRun {
  seed: number;
  testFlows: number;
  detector: { signatures: number; macroF1: number };
  ppoKg: { episodes: number; seconds: number };
  points: RecoveryPoint[];
}

/** Mean over seeds with its 95% interval, per k, per method and measure. */
export interface RecoverySummaryRow {
  k: number;
  remaining: number;
  methods: Record<RecoveryMethod, { avgReward: MeanInterval; avgRewardFlows: MeanInterval }>;
  /**
   * Paired over seeds (null with one seed): each online method's class-balanced reward minus the
   * retrained detector's with its KG advisor.
   */
  minusRetrained: Record<OnlineMethod, PairedTest | null>;
  sourceMacroF1: MeanInterval;
  retrainedMacroF1: MeanInterval;
}

export interface RecoveryReport {
  regime: { train: string[]; test: string[]; classNames: string[] };
  labels: string;
  options: Omit<RecoveryOptions, 'backend'> & { backend: string };
  summary: RecoverySummaryRow[];
  runs: RecoverySeedRun[];
  seconds: number;
}

/** The two sources as read: the training matrix and the test matrix, with one class list. */
export interface RecoverySources {
  train: FlowMatrix;
  test: FlowMatrix;
  classNames: string[];
  trainFiles: string[];
  testFiles: string[];
}

/**
 * The order in which the analyst labels a seed's test flows: positions 0..total−1 shuffled; the
 * first k are labelled, the rest are scored.
 */
export function labelOrder(total: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: total }, (_, i) => i);
  shuffle(order, mulberry32(seed * 7919 + 17));
  return order;
}

/** Run the protocol for every seed and summarise. */
export async function runRecovery(
  src: RecoverySources,
  partial: Partial<RecoveryOptions> = {},
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<RecoveryReport> {
  const o: RecoveryOptions = { ...DEFAULT_RECOVERY, ...partial };
  const t0 = performance.now();
  const backend = await selectBackend(o.backend);
  log(`backend: ${backend.name} (${backend.reason})`);
  const runs: RecoverySeedRun[] = [];
  for (let seed = 1; seed <= o.seeds; seed++) runs.push(await runSeed(src, o, seed, log, signal));
  return {
    regime: { train: src.trainFiles, test: src.testFiles, classNames: src.classNames },
    labels:
      'simulated: the first k flows of a seeded random order of the test flows get their ground-truth class as the analyst label; nothing was labelled by a person',
    options: { ...o, backend: backend.name },
    summary: summarise(runs),
    runs,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Per-seed state shared by the label batches and the measurements. */
interface SeedCtx {
  src: RecoverySources;
  o: RecoveryOptions;
  seed: number;
  d0: TrainedDetector;
  data: StudyData;
  order: Uint32Array;
  counts: SignatureCounts;
  kgA: KnowledgeGraph;
  /** The KG of the labelled test flows alone. */
  kgL: KnowledgeGraph;
  kgP: KnowledgeGraph;
  base: Policy;
  ckpt: PolicyCheckpoint;
  /** The PPO-KG policy in use while labels arrive: the source one, then the latest fine-tuned. */
  current: Policy;
  ceiling: ReturnType<typeof fitOracle>;
  prevalence: Record<string, number>;
}

async function runSeed(
  src: RecoverySources,
  o: RecoveryOptions,
  seed: number,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<RecoverySeedRun> {
  const d0 = trainDetector(src.train, src.classNames, { seed, tree: o.tree }, src.test);
  const data: StudyData = {
    ...studyDataOf(d0, src.train),
    test: alertRows(d0, src.test, d0.test),
  };
  const total = data.test.size;
  log(
    `seed ${seed}: detector ${d0.signatures.length} signatures, macro-F1 on the other source ${d0.report.macroF1.toFixed(4)}; ${data.train.size} train / ${total} test flows`,
  );
  const cycled = await trainWithKgCycles(
    data,
    'ppo-kg',
    { ...o.rl, seed, passes: o.passes },
    o.passes,
    undefined,
    signal,
  );
  const base = cycled.result.policy;
  log(`seed ${seed}: PPO-KG trained on the source in ${cycled.result.seconds.toFixed(1)} s`);
  const leaves = Int32Array.from(d0.n, (_, leaf) => leaf);
  const ctx: SeedCtx = {
    src,
    o,
    seed,
    d0,
    data,
    order: labelOrder(total, seed),
    counts: SignatureCounts.fromSnapshot(
      { signature: leaves, n: Float64Array.from(d0.n), c: Float64Array.from(d0.c) },
      d0.options.prior,
    ),
    kgA: warmUpKg(data, seed),
    kgL: new KnowledgeGraph(data.catalogue),
    kgP: cycled.kg,
    base,
    ckpt: save(base),
    current: base,
    ceiling: fitOracle(data.test, data.rewards, data.catalogue.actions.length),
    prevalence: loadPrevalence(),
  };
  const points: RecoveryPoint[] = [];
  let done = 0;
  try {
    for (const k of [...new Set(o.ks)].filter((k) => k < total).sort((a, b) => a - b)) {
      for (; done < k; done = Math.min(k, done + o.labelBatch))
        await labelBatch(ctx, ctx.order.subarray(done, Math.min(k, done + o.labelBatch)));
      points.push(await measureAt(ctx, k, signal));
      const p = points[points.length - 1]!;
      log(
        `seed ${seed} k=${k}: ${RECOVERY_METHODS.map((m) => `${m} ${p.methods[m].avgReward.toFixed(3)}`).join(', ')}`,
      );
    }
  } finally {
    if (ctx.current !== base) ctx.current.dispose();
    base.dispose();
  }
  return {
    seed,
    testFlows: total,
    detector: { signatures: d0.signatures.length, macroF1: d0.report.macroF1 },
    ppoKg: { episodes: cycled.result.episodes, seconds: cycled.result.seconds },
    points,
  };
}

/** The analyst labels these flows: each is decided by the current policies, then its label lands. */
async function labelBatch(ctx: SeedCtx, pos: Uint32Array): Promise<void> {
  const { data } = ctx;
  const rows = ctx.counts.apply(pickRows(data.test, pos));
  const actsA = (await adviseRows(rows, data, new KgAdvisor(ctx.kgA))).action;
  const actsL = await labelsFirstActions(ctx, rows);
  const adviceP = await adviseRows(rows, data, new KgAdvisor(ctx.kgP));
  const actsP = ctx.current.act(toAlertSet(rows, data, adviceP), true);
  ctx.kgA.update(experiences(data, rows, actsA));
  ctx.kgL.update(experiences(data, rows, actsL));
  ctx.kgP.update(experiences(data, rows, actsP));
  for (let i = 0; i < rows.size; i++)
    ctx.counts.observe(rows.signature[i]!, rows.predicted[i] === rows.trueClass[i]);
}

/**
 * The labels-first advisor's actions: the KG of labelled flows where it knows the signature or the
 * predicted type (trueClassMix level 'signature' or 'type'), else the source KG's advice.
 */
async function labelsFirstActions(
  ctx: SeedCtx,
  rows: AlertRows,
  signal?: AbortSignal,
): Promise<Int32Array> {
  const { data } = ctx;
  const fromLabels = await adviseRows(rows, data, new KgAdvisor(ctx.kgL), signal);
  const fromSource = await adviseRows(rows, data, new KgAdvisor(ctx.kgA), signal);
  return Int32Array.from(fromLabels.action, (a, i) => {
    const level = trueClassMix(
      ctx.kgL,
      data.detector.classNames[rows.predicted[i]!] ?? '?',
      rows.signature[i]!,
    ).level;
    return level === 'signature' || level === 'type' ? a : fromSource.action[i]!;
  });
}

/** Every curve on the flows after the first k. */
async function measureAt(ctx: SeedCtx, k: number, signal?: AbortSignal): Promise<RecoveryPoint> {
  const { data, d0, src } = ctx;
  const A = data.catalogue.actions.length;
  const remainingPos = ctx.order.subarray(k);
  const labelledPos = ctx.order.subarray(0, k);
  const rowsR = ctx.counts.apply(pickRows(data.test, remainingPos));
  const score = (rows: AlertRows, acts: Int32Array): PointScores => {
    const s = scoreDecisions(rows, acts, data.rewards, A, data.best, ctx.prevalence);
    return {
      avgReward: s.avgReward,
      avgRewardFlows: s.avgRewardFlows,
      avgRewardWeighted: s.avgRewardWeighted,
      perClass: s.perClass,
    };
  };
  const kgAdvice = await adviseRows(rowsR, data, new KgAdvisor(ctx.kgA), signal);
  const setR = toAlertSet(
    rowsR,
    data,
    await adviseRows(rowsR, data, new KgAdvisor(ctx.kgP), signal),
  );
  const ppoKg = score(rowsR, ctx.base.act(setR, true));
  const ft = k > 0 ? await fineTune(ctx, labelledPos, signal) : null;
  const finetuned = ft ? score(rowsR, ft.policy.act(setR, true)) : ppoKg;
  if (ft) {
    if (ctx.current !== ctx.base) ctx.current.dispose();
    ctx.current = ft.policy;
  }
  const retrained = await retrainOnLabels(
    {
      ...src,
      testRows: d0.test,
      order: ctx.order,
      k,
      seed: ctx.seed,
      tree: ctx.o.tree,
      catalogue: data.catalogue,
    },
    signal,
  );
  const remainingRows = Uint32Array.from(remainingPos, (p) => d0.test[p]!);
  return {
    k,
    remaining: rowsR.size,
    remainingByClass: byClass(rowsR),
    labelledByClass: byClass(pickRows(data.test, labelledPos)),
    methods: {
      'kg-advisor': score(rowsR, kgAdvice.action),
      'kg-advisor-labels-first': score(rowsR, await labelsFirstActions(ctx, rowsR, signal)),
      'ppo-kg': ppoKg,
      'ppo-kg-finetuned': finetuned,
      'retrained-kg-advisor': score(retrained.rows, retrained.kgActions),
      'retrained-oracle': score(retrained.rows, retrained.oracleActions),
      'oracle-test': score(rowsR, oracleActions(ctx.ceiling, rowsR)),
    },
    detector: {
      sourceMacroF1: evaluateRows(d0.tree, src.test, remainingRows, src.classNames).macroF1,
      retrainedMacroF1: retrained.macroF1,
      retrainedSignatures: retrained.signatures,
    },
    kgMisclassEdges: ctx.kgA.counts().misclassEdges,
    fineTune: ft ? { episodes: ft.episodes, seconds: ft.seconds } : null,
  };
}

/**
 * PPO-KG fine-tuned on the k labelled flows (their current N/C/B and KG advice), resumed from the
 * source checkpoint for `fineTuneUpdates` more PPO updates. Each k starts again from the source
 * checkpoint, so a point does not depend on which smaller k were measured before it.
 */
async function fineTune(
  ctx: SeedCtx,
  labelledPos: Uint32Array,
  signal?: AbortSignal,
): Promise<{ policy: Policy; episodes: number; seconds: number }> {
  const { data, ckpt } = ctx;
  const rowsL = ctx.counts.apply(pickRows(data.test, labelledPos));
  const set = toAlertSet(
    rowsL,
    data,
    await adviseRows(rowsL, data, new KgAdvisor(ctx.kgP), signal),
  );
  const cfg = resolveConfig({ ...(ckpt.config ?? {}), ...ctx.o.rl });
  const extra = ctx.o.fineTuneUpdates * cfg.rolloutSize;
  const start = ckpt.progress?.episodes ?? 0;
  const r = await train(
    set,
    'ppo-kg',
    { ...ctx.o.rl, seed: ctx.seed, episodes: start + extra },
    undefined,
    signal,
    ckpt,
  );
  if (r.status === 'cancelled') throw new Error('recovery cancelled');
  return { policy: r.policy, episodes: r.episodes - start, seconds: r.seconds };
}

/** Mean and 95% interval over seeds, per k (only the ks every seed measured). */
function summarise(runs: RecoverySeedRun[]): RecoverySummaryRow[] {
  const ks = (runs[0]?.points ?? []).map((p) => p.k);
  return ks
    .filter((k) => runs.every((r) => r.points.some((p) => p.k === k)))
    .map((k) => {
      const pts = runs.map((r) => r.points.find((p) => p.k === k)!);
      const over = (f: (p: RecoveryPoint) => number) => meanInterval(pts.map(f));
      const paired = (a: RecoveryMethod, b: RecoveryMethod) =>
        pts.length < 2
          ? null
          : pairedTTest(
              pts.map((p) => p.methods[a].avgReward),
              pts.map((p) => p.methods[b].avgReward),
            );
      const methods = Object.fromEntries(
        RECOVERY_METHODS.map((m) => [
          m,
          {
            avgReward: over((p) => p.methods[m].avgReward),
            avgRewardFlows: over((p) => p.methods[m].avgRewardFlows),
          },
        ]),
      ) as RecoverySummaryRow['methods'];
      return {
        k,
        remaining: pts[0]!.remaining,
        methods,
        minusRetrained: Object.fromEntries(
          ONLINE_METHODS.map((m) => [m, paired(m, 'retrained-kg-advisor')]),
        ) as RecoverySummaryRow['minusRetrained'],
        sourceMacroF1: over((p) => p.detector.sourceMacroF1),
        retrainedMacroF1: over((p) => p.detector.retrainedMacroF1),
      };
    });
}

/** Check that the two sources name the same classes in the same order (class indices must agree). */
export function checkClassAlignment(
  trainClasses: readonly string[],
  testClasses: readonly string[],
): void {
  const same =
    trainClasses.length === testClasses.length &&
    trainClasses.every((c, i) => testClasses[i] === c);
  if (!same)
    throw new Error(
      `the training and test files name different classes (train: ${trainClasses.join(', ')}; test: ${testClasses.join(', ')})`,
    );
}
