/**
 * The check a training set passes before its detector may score anything else: it must hold
 * Benign flows (else every flow it ever sees is called an attack), and each class it has must
 * have at least MIN_CLASS_ROWS labelled rows. A detector that fails is stored as "needs
 * confirmation" and scores no feed and no re-score until an analyst confirms it.
 */
import { TRAFFIC_CLASSES } from '../../../shared/classes';

const BENIGN = TRAFFIC_CLASSES[0];

/**
 * Fewest labelled rows a class needs. With the default 70/30 split, 30 rows leave about 9 held-out
 * flows for the class's precision and recall (one flow moves them by 11 points), and about 21 to
 * grow its leaves from; below that the class's report and signatures are noise, not evidence.
 */
export const MIN_CLASS_ROWS = 30;

/** What the check found, as stored with the detector. */
export interface TrainingCheck {
  /** The minimum it checked against. */
  minRows: number;
  /** Labelled rows per class present in the training set. */
  rowsByClass: Record<string, number>;
  /** Classes a safe detector must have and this set lacks (Benign). */
  missing: string[];
  /** Present classes with fewer than minRows rows. */
  thin: string[];
}

/** Check a training set's labelled rows per class (classes with 0 rows may be left out). */
export function checkTrainingSet(rowsByClass: Record<string, number>): TrainingCheck {
  const present = Object.fromEntries(Object.entries(rowsByClass).filter(([, n]) => n > 0));
  return {
    minRows: MIN_CLASS_ROWS,
    rowsByClass: present,
    missing: (present[BENIGN] ?? 0) > 0 ? [] : [BENIGN],
    thin: Object.entries(present)
      .filter(([, n]) => n < MIN_CLASS_ROWS)
      .map(([c]) => c),
  };
}

/** Labelled rows per class name of `classes` (class indices, -1 unlabelled) over `rows` of them. */
export function rowsByClass(
  classes: ArrayLike<number>,
  rows: number,
  classNames: readonly string[],
): Record<string, number> {
  const counts = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    const c = classes[r] ?? -1;
    if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return Object.fromEntries(
    [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, n]) => [classNames[c] ?? `#${c}`, n]),
  );
}

/** Whether the check found a problem. */
export function failsCheck(check: TrainingCheck): boolean {
  return check.missing.length > 0 || check.thin.length > 0;
}

/**
 * The analyst-facing warning for a failed check (null when it passed), naming the missing and
 * thin classes: the same sentence in the console, the job's note, the headless API and the CLI;
 * once confirmed (`confirmedBy`), the same facts as what the analyst accepted.
 */
export function checkWarning(
  check: TrainingCheck,
  detectorId: number | null,
  confirmedBy?: string,
): string | null {
  if (!failsCheck(check)) return null;
  const who = detectorId === null ? 'this detector' : `detector #${detectorId}`;
  const parts: string[] = [];
  if (check.missing.length > 0)
    parts.push(
      `it was trained without ${check.missing.join(', ')} flows, so it calls every flow an attack`,
    );
  if (check.thin.length > 0)
    parts.push(
      `${check.thin.map((c) => `${c} has ${check.rowsByClass[c] ?? 0}`).join(', ')} labelled rows (fewer than ${check.minRows})`,
    );
  if (confirmedBy !== undefined)
    return `${who} was confirmed by ${confirmedBy} although ${parts.join('; ')}.`;
  return `${who} needs confirmation: ${parts.join('; ')}. It scores no live feed and no re-score until an analyst confirms it or picks another detector.`;
}
