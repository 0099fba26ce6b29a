/**
 * The rows and matrices of a recovery run (see recovery.ts): picking test flows, the labelled
 * flows as KG experiences, and the other remedy — retraining the detector on the labels.
 */
import type { Catalogue } from '../catalogue/catalogue';
import type { Experience } from '../catalogue/types';
import { trainDetector } from '../classify/detect';
import { FlowMatrix } from '../classify/flowMatrix';
import type { TreeConfig } from '../detector';
import { FEATURE_COUNT } from '../ingest/schema';
import { KgAdvisor } from '../kg';
import { alertRows, type AlertRows } from './alertSet';
import { fitOracle, oracleActions } from './oracle';
import { adviseRows, studyDataOf, warmUpKg, type StudyData } from './prepare';

/** The retrained detector's actions on the remaining flows, and how it detects them. */
export interface RetrainedOnLabels {
  /** The remaining flows as the retrained detector sees them (same flows, same order). */
  rows: AlertRows;
  /** The KG advisor over the retrained detector's training flows (a warm-up KG). */
  kgActions: Int32Array;
  /** The retrained detector's per-signature oracle fitted on its training flows. */
  oracleActions: Int32Array;
  macroF1: number;
  signatures: number;
}

/** Rows `pos` (positions in `rows`) of an alert set, copied. */
export function pickRows(rows: AlertRows, pos: ArrayLike<number>): AlertRows {
  const take = <T extends Int16Array | Int32Array | Float32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(pos.length);
    for (let i = 0; i < pos.length; i++) out[i] = a[pos[i]!]!;
    return out;
  };
  return {
    classNames: rows.classNames,
    size: pos.length,
    predicted: take(rows.predicted),
    signature: take(rows.signature),
    n: take(rows.n),
    c: take(rows.c),
    b: take(rows.b),
    trueClass: take(rows.trueClass),
  };
}

/** Labelled flows as KG experiences: prediction, true class, signature, B, action, reward. */
export function experiences(d: StudyData, rows: AlertRows, actions: Int32Array): Experience[] {
  const A = d.catalogue.actions.length;
  return Array.from({ length: rows.size }, (_, i) => {
    const t = rows.trueClass[i]!;
    const action = actions[i]!;
    return {
      predictedClass: d.detector.classNames[rows.predicted[i]!] ?? '?',
      trueClass: d.detector.classNames[t] ?? null,
      signature: rows.signature[i]!,
      confidence: rows.b[i]!,
      action,
      reward: d.rewards[t * A + action] ?? 0,
    };
  });
}

/** Flows per true class name. */
export function byClass(rows: AlertRows): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < rows.size; i++) {
    const name = rows.classNames[rows.trueClass[i]!] ?? '?';
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

/** Matrix rows `rows` of `m` appended to `out`. */
export function appendRows(out: FlowMatrix, m: FlowMatrix, rows: ArrayLike<number>): void {
  const f = new Float32Array(rows.length * FEATURE_COUNT);
  const c = new Int16Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    f.set(m.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), i * FEATURE_COUNT);
    c[i] = m.classes[r]!;
  }
  out.append(f, c, rows.length);
}

/**
 * The other remedy: retrain the detector on every source flow plus the k labelled target flows,
 * then act on the remaining flows with the KG advisor over its training flows and with its
 * per-signature oracle fitted on them (the fair counterparts of the online KG advisor).
 */
export async function retrainOnLabels(
  i: {
    train: FlowMatrix;
    test: FlowMatrix;
    classNames: string[];
    /** Test-matrix row of each test position (the source detector's test split). */
    testRows: Uint32Array;
    /** The label order; its first k positions are the labelled flows. */
    order: Uint32Array;
    k: number;
    seed: number;
    tree: Partial<TreeConfig>;
    catalogue: Catalogue;
  },
  signal?: AbortSignal,
): Promise<RetrainedOnLabels> {
  const { train, test, order, k, seed } = i;
  const toMatrixRows = (pos: Uint32Array) => Uint32Array.from(pos, (p) => i.testRows[p]!);
  const trainM = new FlowMatrix();
  trainM.append(train.featureView, train.classView, train.rows);
  appendRows(trainM, test, toMatrixRows(order.subarray(0, k)));
  const testM = new FlowMatrix();
  appendRows(testM, test, toMatrixRows(order.subarray(k)));
  const dk = trainDetector(trainM, i.classNames, { seed, tree: i.tree }, testM);
  const data: StudyData = {
    ...studyDataOf(dk, trainM, i.catalogue),
    test: alertRows(dk, testM, dk.test),
  };
  const advice = await adviseRows(data.test, data, new KgAdvisor(warmUpKg(data, seed)), signal);
  const oracle = fitOracle(data.train, data.rewards, data.catalogue.actions.length);
  return {
    rows: data.test,
    kgActions: advice.action,
    oracleActions: oracleActions(oracle, data.test),
    macroF1: dk.report.macroF1,
    signatures: dk.signatures.length,
  };
}
