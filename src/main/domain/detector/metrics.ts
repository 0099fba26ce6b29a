/** Detector quality: per-class metrics, confusion matrix, and per-signature match counts. */
import type { DecisionTree } from './tree';

/** Precision, recall and F1 of one class, with its support (true rows) in the evaluated set. */
export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Evaluation of predictions against true classes. */
export interface EvalReport {
  classes: string[];
  perClass: Record<string, ClassScore>;
  /** Mean F1 over the classes with support > 0 in the evaluated rows. */
  macroF1: number;
  accuracy: number;
  /** confusion[true][predicted], over labelled rows. */
  confusion: number[][];
}

/**
 * Scores predictions over the labelled rows (true class -1 is skipped). Precision is 0 for a class
 * never predicted, recall is 0 for a class with no support, and F1 is 0 when both are 0.
 */
export function evaluate(
  trueClasses: Int16Array,
  predicted: Int16Array,
  classNames: readonly string[],
): EvalReport {
  const C = classNames.length;
  if (predicted.length !== trueClasses.length)
    throw new RangeError('trueClasses and predicted differ in length');
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let total = 0;
  let correct = 0;
  for (let i = 0; i < trueClasses.length; i++) {
    const t = trueClasses[i]!;
    if (t < 0) continue;
    const p = predicted[i]!;
    if (t >= C || p < 0 || p >= C)
      throw new RangeError(`row ${i}: class ${t} or prediction ${p} outside 0..${C - 1}`);
    confusion[t]![p]!++;
    total++;
    if (t === p) correct++;
  }
  const perClass: Record<string, ClassScore> = {};
  let f1Sum = 0;
  let present = 0;
  classNames.forEach((name, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const predictedCount = confusion.reduce((s, row) => s + row[c]!, 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[name] = { precision, recall, f1, support };
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  });
  return {
    classes: [...classNames],
    perClass,
    macroF1: present > 0 ? f1Sum / present : 0,
    accuracy: total > 0 ? correct / total : 0,
    confusion,
  };
}

/**
 * Per leaf: n = labelled flows it matched, c = those whose true class is the leaf's class. Only
 * labelled rows count toward either, since an unlabelled match is neither right nor wrong and
 * would drag the Beta posterior down. rowIndex limits the count to those rows (e.g. the test split).
 */
export function signatureCounts(
  tree: DecisionTree,
  features: Float32Array,
  rows: number,
  trueClasses: Int16Array,
  rowIndex?: Uint32Array,
): { n: Uint32Array; c: Uint32Array } {
  if (trueClasses.length < rows) throw new RangeError('trueClasses shorter than rows');
  const n = new Uint32Array(tree.leafCount);
  const c = new Uint32Array(tree.leafCount);
  const count = (r: number): void => {
    const t = trueClasses[r]!;
    if (t < 0) return;
    const leaf = tree.predictLeaf(features, r);
    n[leaf]!++;
    if (tree.classOfLeaf(leaf) === t) c[leaf]!++;
  };
  if (rowIndex) {
    for (let i = 0; i < rowIndex.length; i++) {
      const r = rowIndex[i]!;
      if (r >= rows) throw new RangeError(`rowIndex[${i}] = ${r} is not a row`);
      count(r);
    }
  } else {
    for (let r = 0; r < rows; r++) count(r);
  }
  return { n, c };
}
