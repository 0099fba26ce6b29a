/**
 * Calibration of the signature confidence B: does a flow whose signature says B = 0.8 get the
 * right class 80% of the time? A reliability table and the expected calibration error (ECE).
 */
import type { AlertRows } from './alertSet';

/** One bin of the reliability table: flows whose B fell in [lo, hi). */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  /** Mean B of the bin's flows (NaN-free: 0 when the bin is empty). */
  meanB: number;
  /** Share of the bin's flows the detector classified right (0 when the bin is empty). */
  accuracy: number;
  count: number;
}

/** Reliability of B over the labelled flows of a split. */
export interface CalibrationReport {
  bins: ReliabilityBin[];
  /** Σ_bins (count / flows) · |meanB − accuracy|: 0 is perfectly calibrated. */
  ece: number;
  /** The largest |meanB − accuracy| over non-empty bins. */
  mce: number;
  /** Labelled flows counted (unlabelled flows say nothing about whether B was right). */
  flows: number;
  meanB: number;
  accuracy: number;
}

/** Number of equal-width bins of the reliability table. */
export const CALIBRATION_BINS = 10;

/**
 * The reliability table of B (equal-width bins over [0, 1], the last one closed) against whether
 * each labelled flow's predicted class is its true class, and the ECE / MCE.
 */
export function calibrationReport(
  rows: Pick<AlertRows, 'size' | 'b' | 'predicted' | 'trueClass'>,
  binCount: number = CALIBRATION_BINS,
): CalibrationReport {
  if (!(Number.isInteger(binCount) && binCount >= 1))
    throw new RangeError(`binCount must be a positive integer, got ${binCount}`);
  const sumB = new Float64Array(binCount);
  const right = new Float64Array(binCount);
  const count = new Float64Array(binCount);
  let flows = 0;
  for (let i = 0; i < rows.size; i++) {
    const t = rows.trueClass[i] ?? -1;
    if (t < 0) continue;
    const b = rows.b[i] ?? 0;
    const k = Math.min(binCount - 1, Math.max(0, Math.floor(b * binCount)));
    sumB[k]! += b;
    count[k]!++;
    if (rows.predicted[i] === t) right[k]!++;
    flows++;
  }
  let ece = 0;
  let mce = 0;
  let allB = 0;
  let allRight = 0;
  const bins: ReliabilityBin[] = Array.from({ length: binCount }, (_, k) => {
    const n = count[k]!;
    const meanB = n > 0 ? sumB[k]! / n : 0;
    const accuracy = n > 0 ? right[k]! / n : 0;
    if (n > 0) {
      const gap = Math.abs(meanB - accuracy);
      ece += (n / flows) * gap;
      mce = Math.max(mce, gap);
    }
    allB += sumB[k]!;
    allRight += right[k]!;
    return { lo: k / binCount, hi: (k + 1) / binCount, meanB, accuracy, count: n };
  });
  return {
    bins,
    ece,
    mce,
    flows,
    meanB: flows > 0 ? allB / flows : 0,
    accuracy: flows > 0 ? allRight / flows : 0,
  };
}
