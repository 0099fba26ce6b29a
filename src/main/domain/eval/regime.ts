/**
 * The evaluation regime of a study: where the training and test flows come from, how strong the
 * detector is, how many seeds, and which class mix the weighted average uses.
 */
import type { AlertRows } from './alertSet';
import { loadPrevalence } from './metrics';

/**
 * Class mix of the weighted average. Each is a WEIGHTING of the per-class mean test rewards (no
 * flows are resampled):
 * - 'release': the full improved CICIDS2017 release's class counts (resources/prevalence.json
 *   'improved-cicids2017'; the weighting `rampart eval` has always used);
 * - 'paper': the paper's Table I counts of the original CICIDS2017 (set 'cicids2017-paper',
 *   ~80% Benign), the mix under which the paper's per-flow averages were taken;
 * - 'data': the test split's own class counts (equal to the plain per-flow mean).
 */
export type PrevalenceMix = 'release' | 'paper' | 'data';
export const PREVALENCE_MIXES: readonly PrevalenceMix[] = ['release', 'paper', 'data'];

const SETS: Record<Exclude<PrevalenceMix, 'data'>, string> = {
  release: 'improved-cicids2017',
  paper: 'cicids2017-paper',
};

/** Where a mix's weights come from, in words for the report. */
export function mixSource(mix: PrevalenceMix): string {
  return mix === 'data'
    ? "the test split's own class counts"
    : `resources/prevalence.json set '${SETS[mix]}'`;
}

/** The class weights of a mix; 'data' counts the labelled rows of `rows` per true class. */
export function prevalenceWeights(mix: PrevalenceMix, rows: AlertRows): Record<string, number> {
  if (mix !== 'data') return loadPrevalence(SETS[mix]);
  const out: Record<string, number> = {};
  for (let i = 0; i < rows.size; i++) {
    const name = rows.classNames[rows.trueClass[i] ?? -1];
    if (name !== undefined) out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

/** Mean of per-class values weighted by `weights`, over the classes present in both. */
export function weightedMean(
  perClass: Record<string, number>,
  weights: Record<string, number>,
): number {
  let sum = 0;
  let total = 0;
  for (const [name, v] of Object.entries(perClass)) {
    const w = weights[name] ?? 0;
    sum += w * v;
    total += w;
  }
  return total > 0 ? sum / total : 0;
}

/** The weighted average under every mix, so a report can show which average is which. */
export type MixAverages = Record<PrevalenceMix, number>;

/** Every mix's weighted average of per-class rewards on `rows`. */
export function mixAverages(perClass: Record<string, number>, rows: AlertRows): MixAverages {
  return {
    release: weightedMean(perClass, prevalenceWeights('release', rows)),
    paper: weightedMean(perClass, prevalenceWeights('paper', rows)),
    data: weightedMean(perClass, prevalenceWeights('data', rows)),
  };
}

/** The regime as report.json states it. */
export interface Regime {
  /** Training files (all of them train the detector when `test` is given). */
  train: string[];
  /** Separate test files (a change of data source), or null for a split of `train`. */
  test: string[] | null;
  /** Training fraction of the split (null with separate test files). */
  split: number | null;
  /** The mix avgRewardWeighted uses, and where its weights come from. */
  prevalence: PrevalenceMix;
  prevalenceSource: string;
  /** Number of seeds, and the seeds. */
  seeds: number;
  seedList: number[];
  /** Detector tree limits (null: the detector's defaults). */
  maxDepth: number | null;
  minLeaf: number | null;
  /** λ at the start of the KG methods' training (it anneals to lambdaEnd). */
  lambdaStart: number;
  lambdaEnd: number;
  /** Rows the loader skipped in all the files read (labels outside the classes, broken rows). */
  rowsSkipped: number;
  /** Test-source labelled rows of classes the training source does not name (unscored). */
  testClassesDropped: Record<string, number>;
  /** Classes with test flows but no training flow: the detector can never predict them. */
  classesNotInTrain: Record<string, number>;
}
