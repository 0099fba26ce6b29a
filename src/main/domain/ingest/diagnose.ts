/**
 * Names the reason a row was rejected by the fast path. Runs only on bad rows, so it favours
 * clarity over speed. Exactly one reason per row, in this order: repeated header, column count
 * (the cells cannot be trusted), label (the row is unwanted whatever its values), the first bad
 * feature cell in column order, negative Flow Duration. Non-finite cells (Infinity, NaN) are not
 * bad: the row parser keeps them.
 */
import { KEY, type ColumnPlan } from './headers';
import type { LabelInfo, LabelTable } from './labelTable';
import { FLOAT32_MAX, classifyCell, nonFiniteValue } from './numbers';
import { FEATURES, FLOW_DURATION } from './schema';
import type { SkipReason } from './types';

/** Why a row is skipped, and the label it carried when that could be read. */
export interface RowVerdict {
  reason: SkipReason;
  detail: string;
  label: LabelInfo | null;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Explains a rejected row. `endsFile` says the line is the last one and had no line break,
 * i.e. the file may have been cut mid-row. Counts the row's label in the label table.
 */
export function diagnoseRow(
  plan: ColumnPlan,
  labels: LabelTable,
  text: string,
  endsFile: boolean,
): RowVerdict {
  const cells = text.split(',');
  const n = cells.length;
  const m = plan.columns;
  if (n === m && cells.every((c, i) => c.trim().toLowerCase() === plan.names[i]!.toLowerCase())) {
    return verdict('repeated-header', 'the header line repeated mid-file');
  }
  if (n !== m) {
    return endsFile && n < m
      ? verdict('empty-cell', `truncated line: ${n} of ${m} cells (the file ends mid-row)`)
      : verdict('column-count', `${n} cells, the header has ${m}`);
  }
  const label = rowLabel(plan, labels, cells);
  if (label !== null && label.reason !== null) return verdict(label.reason, label.detail, label);
  let duration = NaN;
  for (let c = 0; c < m; c++) {
    const f = plan.featureOf[c]!;
    if (f < 0) continue;
    const cell = cells[c]!;
    // Trim spaces only, exactly as parseNumber does.
    const t = cell.replace(/^ +| +$/g, '');
    let v = DECIMAL.test(t) ? Number(t) : NaN;
    if (!(Math.abs(v) <= FLOAT32_MAX)) {
      const special = nonFiniteValue(cell);
      if (special === null) {
        const problem = classifyCell(cell);
        const what = problem === 'empty-cell' ? 'is empty' : `is ${JSON.stringify(cell)}`;
        return verdict(problem, `column ${c + 1} "${plan.names[c]}" ${what}`, label);
      }
      v = special;
    }
    if (f === FLOW_DURATION) duration = v;
  }
  if (duration < 0) {
    return verdict('negative-duration', `${FEATURES[FLOW_DURATION]} is ${duration}`, label);
  }
  throw new Error(`the row parser rejected a row that has no problem: ${text.slice(0, 200)}`);
}

/** The label decision of a row with the right cell count (null when the file is unlabelled). */
function rowLabel(plan: ColumnPlan, labels: LabelTable, cells: string[]): LabelInfo | null {
  if (plan.labelColumn < 0) return null;
  let info = labels.fromText(cells[plan.labelColumn]!);
  const attemptedColumn = plan.keyOf.indexOf(KEY.attempted);
  if (attemptedColumn >= 0 && /^\s*\d+(\.0*)?\s*$/.test(cells[attemptedColumn]!)) {
    info = labels.attempted(info);
  }
  info.count++;
  return info;
}

function verdict(reason: SkipReason, detail: string, label: LabelInfo | null = null): RowVerdict {
  return { reason, detail, label };
}
