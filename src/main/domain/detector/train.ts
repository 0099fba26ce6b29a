/** trainTree: checks the data, bins the training rows and grows the histogram CART. */
import { binFeatures } from './binning';
import { growTree } from './cart';
import type { TrainingData, TreeConfig } from './config';
import { featureCountOf, resolveConfig } from './config';
import { DecisionTree } from './tree';

/**
 * Trains on the rows listed in rowIndex; unlabelled rows (class -1) among them are skipped.
 * onProgress gets the number of nodes finished, at most every 100 ms and once at the end.
 */
export function trainTree(
  data: TrainingData,
  rowIndex: Uint32Array,
  config?: Partial<TreeConfig>,
  onProgress?: (nodesDone: number) => void,
): DecisionTree {
  const cfg = resolveConfig(config);
  const F = featureCountOf(data.features, data.rows);
  const { classes, classCount } = data;
  if (classes.length !== data.rows)
    throw new RangeError(`classes has ${classes.length} entries for ${data.rows} rows`);
  if (!Number.isInteger(classCount) || classCount < 1 || classCount > 65535) {
    throw new RangeError(`classCount must be in 1..65535, got ${classCount}`);
  }
  let labelled = 0;
  for (let i = 0; i < rowIndex.length; i++) {
    const r = rowIndex[i]!;
    if (r >= data.rows) throw new RangeError(`rowIndex[${i}] = ${r} is not a row`);
    const c = classes[r]!;
    if (c >= classCount)
      throw new RangeError(`row ${r} has class ${c} >= classCount ${classCount}`);
    if (c >= 0) labelled++;
  }
  if (labelled === 0) throw new RangeError('no labelled rows to train on');
  const rows = new Uint32Array(labelled);
  const y = new Uint16Array(labelled);
  for (let i = 0, k = 0; i < rowIndex.length; i++) {
    const r = rowIndex[i]!;
    const c = classes[r]!;
    if (c < 0) continue;
    rows[k] = r;
    y[k++] = c;
  }
  const binned = binFeatures(data.features, F, rows, cfg.maxBins, cfg.seed);
  return new DecisionTree(growTree(binned, y, classCount, F, cfg, onProgress));
}
