/** Per-alert decision data (what the agent observes, and the truth) for a detector's splits. */
import { betaSummary, noveltyScore } from '../detector';
import type { TrainedDetector } from '../classify/detect';
import type { FlowMatrix } from '../classify/flowMatrix';
import type { AlertSet } from '../rl';
import { classifyMatrix } from '../classify/detect';

/**
 * The alerts of one split: the learners' AlertSet without the reward table and advice, plus each
 * flow's novelty against its signature (noveltyScore; optional so that sets built elsewhere,
 * e.g. picked subsets, need not carry it: absent means not measured, not "0").
 */
export type AlertRows = Pick<
  AlertSet,
  'size' | 'classNames' | 'predicted' | 'signature' | 'n' | 'c' | 'b' | 'trueClass'
> & { novelty?: Float32Array };

/**
 * Alerts for the given matrix rows, with each signature's N, C and B as the detector's
 * calibration rows left them (the agent sees the confidence the console would show; test flows do
 * not leak their own labels into their state), and each flow's novelty score (0 for every flow
 * when the detector has no leaf bounds).
 */
export function alertRows(d: TrainedDetector, m: FlowMatrix, rows: Uint32Array): AlertRows {
  const { leaves, predicted } = classifyMatrix(d.tree, m);
  const novelty = new Float32Array(rows.length);
  const out: AlertRows = {
    classNames: d.classNames,
    size: rows.length,
    predicted: new Int16Array(rows.length),
    signature: new Int32Array(rows.length),
    n: new Float32Array(rows.length),
    c: new Float32Array(rows.length),
    b: new Float32Array(rows.length),
    trueClass: new Int16Array(rows.length),
    novelty,
  };
  const F = d.tree.featureCount;
  const features = m.featureView;
  const bOfLeaf = Array.from(
    d.n,
    (n, leaf) => betaSummary(d.c[leaf] ?? 0, n, d.options.prior).mean,
  );
  rows.forEach((r, i) => {
    const leaf = leaves[r] ?? 0;
    out.predicted[i] = predicted[r] ?? 0;
    out.signature[i] = leaf;
    out.n[i] = d.n[leaf] ?? 0;
    out.c[i] = d.c[leaf] ?? 0;
    out.b[i] = bOfLeaf[leaf] ?? 0.5;
    out.trueClass[i] = m.classes[r] ?? -1;
    if (d.leafBounds)
      novelty[i] = noveltyScore(d.leafBounds, leaf, features.subarray(r * F, r * F + F)).score;
  });
  return out;
}
