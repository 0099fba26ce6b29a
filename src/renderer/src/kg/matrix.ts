/**
 * The misclassification matrix as the Graph screen lays it out (pure): one row per predicted
 * class, one column per true class, in the same order so the diagonal (predicted right) runs
 * corner to corner; each cell's text and the alert filter a click on it opens.
 */
import type { KgMatrixCell } from '../../../shared/contract';
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import type { KgFilter } from './filter';

/** The matrix: classes (rows and columns alike) and the cell of a predicted × actual pair. */
export interface MatrixGrid {
  classes: string[];
  cell(predicted: string, actual: string): KgMatrixCell | undefined;
}

/** Classes in the paper's order, then any others (e.g. Bot) alphabetically. */
function classOrder(a: string, b: string): number {
  const known = TRAFFIC_CLASSES as readonly string[];
  const ia = known.indexOf(a);
  const ib = known.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0 || ib >= 0) return ia >= 0 ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The grid of the non-empty cells `kg.graph` returns. */
export function matrixGrid(cells: readonly KgMatrixCell[]): MatrixGrid {
  const byPair = new Map(cells.map((c) => [`${c.predicted}\u0000${c.actual}`, c]));
  const classes = [...new Set(cells.flatMap((c) => [c.predicted, c.actual]))].sort(classOrder);
  return { classes, cell: (p, a) => byPair.get(`${p}\u0000${a}`) };
}

/** What a cell is, in words: "DoS predicted, Benign actual". */
export function cellLabel(c: Pick<KgMatrixCell, 'predicted' | 'actual'>): string {
  return `${c.predicted} predicted, ${c.actual} actual`;
}

/** "15%" / "4.2%" / "0.04%": the rate, with decimals only where it is small. */
export function rateText(rate: number): string {
  const p = 100 * rate;
  if (p >= 10) return `${p.toFixed(0)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${p.toFixed(2)}%`;
}

/** "B=0.93", or "B –" when no signature's confidence is known. */
export function confidenceText(b: number | null): string {
  return b === null ? 'B –' : `B=${b.toFixed(2)}`;
}

/** The Alerts filter of a cell: its signatures; null when the store knows none of them. */
export function cellFilter(c: KgMatrixCell): KgFilter | null {
  if (c.signatureIds.length === 0) return null;
  return { kind: 'signatures', signatureIds: c.signatureIds, label: cellLabel(c) };
}

/** How strongly to tint an off-diagonal cell: its rate on a square-root scale, 0..1. */
export function cellHeat(c: Pick<KgMatrixCell, 'predicted' | 'actual' | 'rate'>): number {
  if (c.predicted === c.actual) return 0;
  return Math.sqrt(Math.min(1, Math.max(0, c.rate)));
}
