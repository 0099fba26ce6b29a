/** What the Export menu offers and how its outcome reads. */
import type { ExportResult, RequestArgs } from '../../../shared/contract';
import { formatInt } from '../format';

/** One entry of the Export menu. */
export interface ExportChoice {
  /** Stable key, also the entry's `data-choice` (e.g. `decisions-csv`). */
  key: string;
  label: string;
  what: 'decisions' | 'audit';
  format: 'csv' | 'json';
}

/** The menu's entries, in order: this dataset's decisions, then the whole audit log. */
export const EXPORT_CHOICES: readonly ExportChoice[] = [
  {
    key: 'decisions-csv',
    label: 'Decisions of this dataset (CSV)',
    what: 'decisions',
    format: 'csv',
  },
  {
    key: 'decisions-json',
    label: 'Decisions of this dataset (JSON)',
    what: 'decisions',
    format: 'json',
  },
  { key: 'audit-csv', label: 'Audit log (CSV)', what: 'audit', format: 'csv' },
  { key: 'audit-json', label: 'Audit log (JSON)', what: 'audit', format: 'json' },
];

/** The `export.decisions` arguments of a choice; decisions are scoped to the shown dataset. */
export function exportArgs(c: ExportChoice, datasetId: number): RequestArgs<'export.decisions'> {
  return c.what === 'decisions'
    ? { what: c.what, format: c.format, datasetId }
    : { what: c.what, format: c.format };
}

/** "Wrote 12 rows to /data/exports/…". */
export function wroteText(r: Pick<ExportResult, 'rows' | 'path'>): string {
  return `Wrote ${formatInt(r.rows)} row${r.rows === 1 ? '' : 's'} to ${r.path}`;
}
