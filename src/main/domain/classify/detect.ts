/** Train the decision-tree detector on a seeded stratified split and evaluate it on the rest. */
import {
  DEFAULT_BETA_PRIOR,
  DEFAULT_TREE_CONFIG,
  evaluate,
  extractSignatures,
  signatureCounts,
  stratifiedSplit,
  trainTree,
  type BetaPrior,
  type DecisionTree,
  type EvalReport,
  type SignatureDef,
  type TreeConfig,
} from '../detector';
import { FEATURES } from '../ingest/schema';
import type { FlowMatrix } from './flowMatrix';

/** How the detector is trained; every field has a default. */
export interface DetectOptions {
  /** Fraction of labelled rows in the training split (default 0.7, the paper's). */
  split: number;
  /** Seed of the stratified split and the tree (default 1). */
  seed: number;
  /** Tree hyper-parameters (default DEFAULT_TREE_CONFIG). */
  tree: Partial<TreeConfig>;
  /** Beta prior of the signature confidence (default α = β = 1). */
  prior: BetaPrior;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  split: 0.7,
  seed: 1,
  tree: {},
  prior: DEFAULT_BETA_PRIOR,
};

/** A trained detector with its split, evaluation and signatures. */
export interface TrainedDetector {
  tree: DecisionTree;
  classNames: string[];
  /** Row indices (into the matrix) of the training and test splits. */
  train: Uint32Array;
  test: Uint32Array;
  /** Evaluation on the test split (or on the separate test matrix). */
  report: EvalReport;
  signatures: SignatureDef[];
  /** Per leaf: labelled training flows matched (N) and classified correctly (C). */
  n: Uint32Array;
  c: Uint32Array;
  trainMs: number;
  options: DetectOptions;
}

/**
 * Train on a split of `matrix` (or on all of it when `testMatrix` is given) and evaluate on the
 * held-out rows. Only labelled rows take part. Throws when fewer than two classes are present.
 */
export function trainDetector(
  matrix: FlowMatrix,
  classNames: readonly string[],
  options: Partial<DetectOptions> = {},
  testMatrix?: FlowMatrix,
): TrainedDetector {
  const opts: DetectOptions = { ...DEFAULT_DETECT_OPTIONS, ...options };
  const labelled = labelledIndex(matrix);
  const present = new Set(Array.from(labelled, (r) => matrix.classes[r]));
  if (present.size < 2) {
    throw new Error(
      `cannot train a detector: need labelled flows of at least two classes, found ${present.size}`,
    );
  }
  let train: Uint32Array;
  let test: Uint32Array;
  if (testMatrix) {
    train = labelled;
    test = labelledIndex(testMatrix);
  } else {
    ({ train, test } = labelledSplit(matrix, opts.split, opts.seed));
  }
  const data = {
    rows: matrix.rows,
    features: matrix.featureView,
    classes: matrix.classView,
    classCount: classNames.length,
  };
  const t0 = performance.now();
  const tree = trainTree(data, train, { ...DEFAULT_TREE_CONFIG, ...opts.tree, seed: opts.seed });
  const trainMs = performance.now() - t0;
  const evalOn = testMatrix ?? matrix;
  const report = evaluateRows(tree, evalOn, test, classNames);
  const { n, c } = signatureCounts(tree, matrix.featureView, matrix.rows, matrix.classView, train);
  const signatures = extractSignatures(tree, FEATURES);
  return {
    tree,
    classNames: [...classNames],
    train,
    test,
    report,
    signatures,
    n,
    c,
    trainMs,
    options: opts,
  };
}

/**
 * The seeded stratified train/test split of a matrix's labelled rows (matrix row indices), exactly
 * as trainDetector makes it: the same rows in the same order with the same split and seed give
 * the same split, so a stored detector's split can be rebuilt from its stored options.
 */
export function labelledSplit(
  matrix: FlowMatrix,
  split: number,
  seed: number,
): { train: Uint32Array; test: Uint32Array } {
  const labelled = labelledIndex(matrix);
  const sub = new Int16Array(labelled.length);
  labelled.forEach((r, i) => (sub[i] = matrix.classes[r] ?? -1));
  const s = stratifiedSplit(sub, split, seed);
  return {
    train: s.train.map((i) => labelled[i] ?? 0),
    test: s.test.map((i) => labelled[i] ?? 0),
  };
}

/** Evaluate the tree on the given rows of a matrix. */
export function evaluateRows(
  tree: DecisionTree,
  m: FlowMatrix,
  rows: Uint32Array,
  classNames: readonly string[],
): EvalReport {
  const { predicted } = classifyMatrix(tree, m);
  const t = new Int16Array(rows.length);
  const p = new Int16Array(rows.length);
  rows.forEach((r, i) => {
    t[i] = m.classes[r] ?? -1;
    p[i] = predicted[r] ?? -1;
  });
  return evaluate(t, p, classNames);
}

/** Leaf and predicted class of every row of a matrix. */
export function classifyMatrix(
  tree: DecisionTree,
  m: FlowMatrix,
): { leaves: Int32Array; predicted: Int16Array } {
  const leaves = new Int32Array(m.rows);
  const predicted = new Int16Array(m.rows);
  tree.predictBatch(m.featureView, m.rows, leaves, predicted);
  return { leaves, predicted };
}

function labelledIndex(m: FlowMatrix): Uint32Array {
  const out = new Uint32Array(m.labelledRows());
  let k = 0;
  for (let i = 0; i < m.rows; i++) if ((m.classes[i] ?? -1) >= 0) out[k++] = i;
  return out;
}
