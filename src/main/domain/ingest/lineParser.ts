/**
 * One CSV line at a time against a known header: the file loader's row logic (numbers, header
 * aliases, label normalisation and the reasons of diagnoseRow) for sources that deliver rows
 * piecemeal, such as live feeds. Rows go into a caller-owned BatchBuilder.
 */
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import type { BatchBuilder } from './batch';
import { loadClassMap, type ClassMap } from './classMap';
import { diagnoseRow } from './diagnose';
import { KEY, MIN_FEATURE_COLUMNS, planColumns, type ColumnPlan } from './headers';
import { normaliseLabel } from './labels';
import { LabelTable } from './labelTable';
import { RowParser } from './rowParser';
import { FEATURE_COUNT } from './schema';
import type { SkipReason } from './types';

/** A parsed line's outcome: stored in the batch, or why not. */
export type LineVerdict = { ok: true } | { ok: false; reason: SkipReason; detail: string };

/** Labels shared by every LineParser of one consumer (so label decisions are cached once). */
export interface LineLabels {
  table: LabelTable;
  /** Class names that FlowBatch.classes indexes: the eight paper classes, then extras. */
  classNames: string[];
}

/** Build the label table of a line consumer; `extraClasses` as in ReadOptions. */
export function lineLabels(
  extraClasses: readonly string[] = [],
  classMap: ClassMap = loadClassMap(),
): LineLabels {
  const extras = extraClasses.filter(
    (c, i, all) => !(TRAFFIC_CLASSES as readonly string[]).includes(c) && all.indexOf(c) === i,
  );
  const classNames = [...TRAFFIC_CLASSES, ...extras];
  return { table: new LabelTable(classMap, classNames, extras), classNames };
}

/** Why a header line is not CICFlowMeter's, in the file loader's words; null when it is. */
export function headerProblem(plan: ColumnPlan, text: string): string | null {
  if (text.trim() === '') return 'not a CICFlowMeter CSV (the header line is blank)';
  if (plan.format !== 'unknown') return null;
  const sep = [';', '\t'].find((c) => planColumns(text.split(c)).format !== 'unknown');
  const why =
    sep === undefined
      ? `${plan.featureCount} of ${plan.columns} header cells are flow features, at least ${MIN_FEATURE_COLUMNS} needed`
      : `its separator is ${JSON.stringify(sep)}; only comma-separated files are read`;
  return `not a CICFlowMeter CSV (${why})`;
}

const utf8 = new TextDecoder('utf-8');

/** Parses data lines of one header. */
export class LineParser {
  private readonly parser: RowParser;
  /** The same columns with the label ignored, for rows whose label is a placeholder. */
  private readonly unlabelled: { plan: ColumnPlan; parser: RowParser } | null;
  private readonly placeholders: ReadonlySet<string>;

  private constructor(
    readonly plan: ColumnPlan,
    private readonly labels: LineLabels,
    placeholders: readonly string[],
  ) {
    this.parser = new RowParser(plan, labels.table);
    this.placeholders = new Set(placeholders.map((p) => normaliseLabel(p).toLowerCase()));
    if (plan.labelColumn >= 0 && this.placeholders.size > 0) {
      const keyOf = plan.keyOf.slice();
      keyOf[plan.labelColumn] = KEY.none;
      const bare: ColumnPlan = { ...plan, keyOf, labelColumn: -1 };
      this.unlabelled = { plan: bare, parser: new RowParser(bare, labels.table) };
    } else {
      this.unlabelled = null;
    }
  }

  /**
   * A parser for the header cells, or the reason they are not a CICFlowMeter header.
   * `placeholders`: label texts that mean "not labelled" (e.g. CICFlowMeter's `NeedManualLabel`);
   * a row carrying one is stored unlabelled instead of being skipped as unknown-label. Default none.
   */
  static fromHeader(
    cells: readonly string[],
    labels: LineLabels,
    placeholders: readonly string[] = [],
  ): LineParser | { error: string } {
    const plan = planColumns(cells);
    const problem = headerProblem(plan, cells.join(','));
    return problem === null ? new LineParser(plan, labels, placeholders) : { error: problem };
  }

  /**
   * Parses bytes [start, end) of `b` (one line, no line break) into row `batch.count`; the batch
   * advances only when the row is stored. `line` is recorded as the row's line number.
   */
  parse(batch: BatchBuilder, b: Buffer, start: number, end: number, line: number): LineVerdict {
    if (this.parser.parse(batch, b, start, end, line)) return OK;
    clearRow(batch, batch.count);
    let plan = this.plan;
    if (this.unlabelled !== null && this.isPlaceholder(b, start, end)) {
      if (this.unlabelled.parser.parse(batch, b, start, end, line)) return OK;
      clearRow(batch, batch.count);
      plan = this.unlabelled.plan;
    }
    const text = utf8.decode(b.subarray(start, end));
    try {
      const v = diagnoseRow(plan, this.labels.table, text, false);
      return { ok: false, reason: v.reason, detail: v.detail };
    } catch (err) {
      // diagnoseRow throws only when it finds nothing wrong: a parser disagreement, not bad input.
      return { ok: false, reason: 'non-numeric', detail: (err as Error).message };
    }
  }

  /** Whether the line's label cell is one of the placeholders. */
  private isPlaceholder(b: Buffer, start: number, end: number): boolean {
    let p = start;
    for (let c = 0; c < this.plan.labelColumn; c++) {
      const comma = b.indexOf(44, p);
      if (comma < 0 || comma >= end) return false;
      p = comma + 1;
    }
    let q = b.indexOf(44, p);
    if (q < 0 || q > end) q = end;
    const raw = utf8.decode(b.subarray(p, q)).replace(/^"(.*)"$/, '$1');
    return this.placeholders.has(normaliseLabel(raw).toLowerCase());
  }
}

const OK: LineVerdict = { ok: true };

/**
 * Resets row `row` of a batch to "nothing known", undoing what a rejected parse wrote, so the next
 * row (possibly of another header) does not inherit its cells.
 */
export function clearRow(batch: BatchBuilder, row: number): void {
  if (row >= batch.capacity) return;
  batch.features.fill(NaN, row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT);
  batch.lines[row] = 0;
  batch.labels[row] = null;
  batch.classes[row] = -1;
  batch.srcIp[row] = null;
  batch.dstIp[row] = null;
  batch.srcPort[row] = -1;
  batch.dstPort[row] = -1;
  batch.protocol[row] = -1;
  batch.timestamps[row] = null;
  batch.timeMs[row] = NaN;
}
