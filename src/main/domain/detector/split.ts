/** Seeded, stratified train/test split of row indices. */
import { mulberry32, shuffle } from '../random';

/**
 * Splits labelled rows per class: each class is shuffled with its own seeded stream and
 * round(n * trainFraction) of it goes to train, clamped so that a class with >= 2 rows lands in
 * both halves (a class with one row goes to train). Unlabelled rows (-1) are in neither half.
 * Both index lists are returned sorted ascending, which keeps later passes over the matrix sequential.
 */
export function stratifiedSplit(
  classes: Int16Array,
  trainFraction: number,
  seed: number,
): { train: Uint32Array; test: Uint32Array } {
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new RangeError(`trainFraction must be in (0, 1), got ${trainFraction}`);
  }
  const byClass = groupByClass(classes);
  let trainTotal = 0;
  let testTotal = 0;
  const plans = byClass.map((rows) => {
    const n = rows.length;
    const k = n < 2 ? n : Math.min(n - 1, Math.max(1, Math.round(n * trainFraction)));
    trainTotal += k;
    testTotal += n - k;
    return k;
  });
  const train = new Uint32Array(trainTotal);
  const test = new Uint32Array(testTotal);
  let ti = 0;
  let si = 0;
  byClass.forEach((rows, cls) => {
    // One stream per class so adding rows of one class does not reshuffle the others.
    shuffle(rows, mulberry32(seed * 7919 + cls));
    const k = plans[cls]!;
    train.set(rows.subarray(0, k), ti);
    test.set(rows.subarray(k), si);
    ti += k;
    si += rows.length - k;
  });
  return { train: train.sort(), test: test.sort() };
}

/** Row indices of each class, in row order; index = class. */
function groupByClass(classes: Int16Array): Uint32Array[] {
  let maxClass = -1;
  for (let i = 0; i < classes.length; i++) if (classes[i]! > maxClass) maxClass = classes[i]!;
  const counts = new Uint32Array(maxClass + 1);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c >= 0) counts[c]!++;
  }
  const groups = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(maxClass + 1);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c >= 0) groups[c]![fill[c]!++] = i;
  }
  return groups;
}
