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

/** Read the CSVs, train the detector on a seeded stratified split and build both alert sets. */
export async function prepareStudy(
  data: readonly string[],
  split: number,
  seed: number,
): Promise<StudyData> {
  const { matrix, report } = await collectFlows(data);
  if (report.rowsStored === 0) throw new Error(`no usable rows in ${data.join(', ')}`);
  const detector = trainDetector(matrix, report.classNames, { split, seed });
  return { ...studyDataOf(detector, matrix), rowsSkipped: report.rowsSkipped };
}

/** The study's view of a trained detector and the flows it split (the app trains policies on it). */
export function studyDataOf(
  detector: TrainedDetector,
  matrix: FlowMatrix,
  catalogue: Catalogue = loadCatalogue(),
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
    test: alertRows(detector, matrix, detector.test),
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

/** Advice per alert, asked once per (predicted class, signature) pair; returns the calls' time too. */
export async function adviseRows(
  rows: AlertRows,
  d: StudyData,
  advisor: Advisor,
  signal?: AbortSignal,
): Promise<{
  action: Int32Array;
  reward: Float32Array;
  dist: Float32Array;
  calls: number;
  ms: number;
}> {
  const A = d.catalogue.actions.length;
  const out = {
    action: new Int32Array(rows.size),
    reward: new Float32Array(rows.size),
    dist: new Float32Array(rows.size * A),
    calls: 0,
    ms: 0,
  };
  const memo = new Map<string, { action: number; reward: number; dist: Float32Array }>();
  const prior = d.detector.options.prior;
  for (let i = 0; i < rows.size; i++) {
    const p = rows.predicted[i] ?? 0;
    const sig = rows.signature[i] ?? 0;
    const key = `${p}:${sig}`;
    let adv = memo.get(key);
    if (!adv) {
      const t0 = performance.now();
      const a = await advisor.advise(
        {
          predictedClass: d.detector.classNames[p] ?? '?',
          signature: sig,
          signatureText: d.detector.signatures.find((s) => s.leaf === sig)?.text ?? '',
          confidence: betaSummary(rows.c[i] ?? 0, rows.n[i] ?? 0, prior),
        },
        signal,
      );
      out.ms += performance.now() - t0;
      out.calls++;
      adv = { action: a.action, reward: a.reward, dist: a.distribution };
      memo.set(key, adv);
    }
    out.action[i] = adv.action;
    out.reward[i] = adv.reward;
    out.dist.set(adv.dist.subarray(0, A), i * A);
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
