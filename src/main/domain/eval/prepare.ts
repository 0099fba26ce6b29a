/** Data preparation for the study: detector split, alert rows, KG warm-up and advice arrays. */
import { betaSummary } from '../detector';
import {
  bestAction,
  loadCatalogue,
  reward,
  rewardTable,
  type Catalogue,
} from '../catalogue/catalogue';
import type { Advisor, Experience } from '../catalogue/types';
import { KnowledgeGraph } from '../kg';
import { collectFlows } from '../classify/collect';
import { trainDetector, type TrainedDetector } from '../classify/detect';
import type { FlowMatrix } from '../classify/flowMatrix';
import type { TreeConfig } from '../detector';
import type { AlertSet } from '../rl';
import { alertRows, type AlertRows } from './alertSet';

/** Everything the methods are trained and tested on. */
export interface StudyData {
  detector: TrainedDetector;
  catalogue: Catalogue;
  rewards: Float32Array;
  best: Int32Array;
  train: AlertRows;
  test: AlertRows;
  rowsSkipped: number;
}

/** The flows a study reads: one source split in two, or a training and a separate test source. */
export interface StudySources {
  train: FlowMatrix;
  /** The test source, its labels mapped onto the training source's class names; null: split `train`. */
  test: FlowMatrix | null;
  classNames: string[];
  rowsSkipped: number;
  /** Test-source labelled rows whose class the training source does not name (left unlabelled). */
  testClassesDropped: Record<string, number>;
}

/** How the detector is built for a study (default: the detector's own defaults). */
export interface StudyDetectorOptions {
  /** Separate test files: train on all of `data`, test on these (no split). */
  test?: readonly string[];
  /** Tree hyper-parameters, e.g. maxDepth / minSamplesLeaf for a weaker detector. */
  tree?: Partial<TreeConfig>;
}

/** Read the CSVs, train the detector on a seeded stratified split and build both alert sets. */
export async function prepareStudy(
  data: readonly string[],
  split: number,
  seed: number,
  opts: StudyDetectorOptions = {},
): Promise<StudyData> {
  return studyFromSources(await readSources(data, opts.test), split, seed, opts.tree);
}

/** Read the training (and, when given, the test) CSVs once, for any number of seeds. */
export async function readSources(
  data: readonly string[],
  test?: readonly string[],
): Promise<StudySources> {
  const tr = await collectFlows(data);
  if (tr.report.rowsStored === 0) throw new Error(`no usable rows in ${data.join(', ')}`);
  if (!test || test.length === 0)
    return {
      train: tr.matrix,
      test: null,
      classNames: tr.report.classNames,
      rowsSkipped: tr.report.rowsSkipped,
      testClassesDropped: {},
    };
  const te = await collectFlows(test);
  if (te.report.rowsStored === 0) throw new Error(`no usable rows in ${test.join(', ')}`);
  return {
    train: tr.matrix,
    test: te.matrix,
    classNames: tr.report.classNames,
    rowsSkipped: tr.report.rowsSkipped + te.report.rowsSkipped,
    testClassesDropped: alignClasses(te.matrix, te.report.classNames, tr.report.classNames),
  };
}

/**
 * Re-index a test matrix's labels from its own class names to the training source's, by name (the
 * ingest maps every known format onto the same classes, so this is the identity unless the two
 * reads kept different extra classes). A class the training source does not name cannot be
 * scored against its rewards: its rows become unlabelled and are counted in the result.
 */
export function alignClasses(
  m: FlowMatrix,
  from: readonly string[],
  to: readonly string[],
): Record<string, number> {
  const map = Int16Array.from(from, (name) => to.indexOf(name));
  const dropped: Record<string, number> = {};
  for (let i = 0; i < m.rows; i++) {
    const c = m.classes[i] ?? -1;
    if (c < 0) continue;
    const to = map[c] ?? -1;
    if (to < 0) {
      const name = from[c] ?? String(c);
      dropped[name] = (dropped[name] ?? 0) + 1;
    }
    m.classes[i] = to;
  }
  return dropped;
}

/** Train the detector for one seed on read sources and build both alert sets. */
export function studyFromSources(
  src: StudySources,
  split: number,
  seed: number,
  tree: Partial<TreeConfig> = {},
): StudyData {
  const detector = trainDetector(
    src.train,
    src.classNames,
    { split, seed, tree },
    src.test ?? undefined,
  );
  return {
    ...studyDataOf(detector, src.train, loadCatalogue(), src.test ?? undefined),
    rowsSkipped: src.rowsSkipped,
  };
}

/**
 * The study's view of a trained detector and the flows it split (the app trains policies on it).
 * With `testMatrix` (a detector trained with a separate test source) the test rows index it.
 */
export function studyDataOf(
  detector: TrainedDetector,
  matrix: FlowMatrix,
  catalogue: Catalogue = loadCatalogue(),
  testMatrix?: FlowMatrix,
): StudyData {
  const missing = detector.classNames.filter((c) => !catalogue.ranked[c]);
  if (missing.length)
    throw new Error(`the mitigation catalogue has no ranked actions for ${missing.join(', ')}`);
  return {
    detector,
    catalogue,
    rewards: rewardTable(catalogue, detector.classNames),
    best: Int32Array.from(detector.classNames, (c) => bestAction(catalogue, c)),
    train: alertRows(detector, matrix, detector.train),
    test: alertRows(detector, testMatrix ?? matrix, detector.test),
    rowsSkipped: 0,
  };
}

/**
 * Seed the KG with one exploration pass over the training split: every training flow with a
 * seeded uniformly random action and its reward, as the first cycle of the replay buffer holds.
 */
export function warmUpKg(d: StudyData, seed: number): KnowledgeGraph {
  const kg = new KnowledgeGraph(d.catalogue);
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32;
  const A = d.catalogue.actions.length;
  const exps: Experience[] = [];
  const { train, detector } = d;
  for (let i = 0; i < train.size; i++) {
    const t = train.trueClass[i] ?? -1;
    const action = Math.floor(rand() * A);
    const trueName = t >= 0 ? (detector.classNames[t] ?? null) : null;
    exps.push({
      predictedClass: detector.classNames[train.predicted[i] ?? 0] ?? '?',
      trueClass: trueName,
      signature: train.signature[i] ?? 0,
      confidence: train.b[i] ?? 0.5,
      action,
      reward: trueName ? reward(d.catalogue, trueName, action) : 0,
    });
  }
  kg.update(exps);
  return kg;
}

/** Advice for every row of a split, with the advisor's real calls and memo hits apart. */
export interface RowAdvice {
  action: Int32Array;
  reward: Float32Array;
  dist: Float32Array;
  /** Real advisor calls and their total time. */
  calls: number;
  ms: number;
  /** Alerts answered from the memo, and the total time of those lookups. */
  cacheHits: number;
  cacheMs: number;
}

/** No advice for `size` rows (zeros, no calls). */
export function emptyAdvice(size: number, numActions: number): RowAdvice {
  return {
    action: new Int32Array(size),
    reward: new Float32Array(size),
    dist: new Float32Array(size * numActions),
    calls: 0,
    ms: 0,
    cacheHits: 0,
    cacheMs: 0,
  };
}

/**
 * Advice per alert, asked once per (predicted class, signature) pair. Returns the time of the real
 * advisor calls and, apart, of the memo hits that answered every other alert.
 */
export async function adviseRows(
  rows: AlertRows,
  d: StudyData,
  advisor: Advisor,
  signal?: AbortSignal,
): Promise<RowAdvice> {
  const A = d.catalogue.actions.length;
  const out = emptyAdvice(rows.size, A);
  const memo = new Map<string, { action: number; reward: number; dist: Float32Array }>();
  const prior = d.detector.options.prior;
  for (let i = 0; i < rows.size; i++) {
    const p = rows.predicted[i] ?? 0;
    const sig = rows.signature[i] ?? 0;
    const t0 = performance.now();
    const key = `${p}:${sig}`;
    let adv = memo.get(key);
    const hit = adv !== undefined;
    if (!adv) {
      const a = await advisor.advise(
        {
          predictedClass: d.detector.classNames[p] ?? '?',
          signature: sig,
          signatureText: d.detector.signatures.find((s) => s.leaf === sig)?.text ?? '',
          confidence: betaSummary(rows.c[i] ?? 0, rows.n[i] ?? 0, prior),
        },
        signal,
      );
      adv = { action: a.action, reward: a.reward, dist: a.distribution };
      memo.set(key, adv);
    }
    out.action[i] = adv.action;
    out.reward[i] = adv.reward;
    out.dist.set(adv.dist.subarray(0, A), i * A);
    const ms = performance.now() - t0;
    if (hit) {
      out.cacheHits++;
      out.cacheMs += ms;
    } else {
      out.calls++;
      out.ms += ms;
    }
  }
  return out;
}

/** The learners' view of a split, with advice when given. */
export function toAlertSet(
  rows: AlertRows,
  d: StudyData,
  advice?: { action: Int32Array; reward: Float32Array; dist: Float32Array },
): AlertSet {
  return {
    ...rows,
    rewardTable: d.rewards,
    numActions: d.catalogue.actions.length,
    ...(advice
      ? { adviceAction: advice.action, adviceReward: advice.reward, adviceDist: advice.dist }
      : {}),
  };
}
