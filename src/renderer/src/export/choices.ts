/** What the Export menu offers and how its outcome reads. */
import type { AuditFilter, ExportResult, RequestArgs } from '../../../shared/contract';
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

/** The Audit screen's entries: the audit rows its filter shows, every page of them. */
export const AUDIT_EXPORT_CHOICES: readonly ExportChoice[] = [
  { key: 'audit-csv', label: 'Audit rows matching the filter (CSV)', what: 'audit', format: 'csv' },
  {
    key: 'audit-json',
    label: 'Audit rows matching the filter (JSON)',
    what: 'audit',
    format: 'json',
  },
];

/**
 * The `export.decisions` arguments of a choice: decisions scoped to the shown dataset (every
 * dataset's without one), the audit log to the shown filter (all of it without one).
 */
export function exportArgs(
  c: ExportChoice,
  scope: { datasetId?: number; auditFilter?: AuditFilter },
): RequestArgs<'export.decisions'> {
  if (c.what === 'decisions')
    return scope.datasetId === undefined
      ? { what: c.what, format: c.format }
      : { what: c.what, format: c.format, datasetId: scope.datasetId };
  return scope.auditFilter === undefined
    ? { what: c.what, format: c.format }
    : { what: c.what, format: c.format, audit: scope.auditFilter };
}

/** "Wrote 12 rows to /data/exports/…". */
export function wroteText(r: Pick<ExportResult, 'rows' | 'path'>): string {
  return `Wrote ${formatInt(r.rows)} row${r.rows === 1 ? '' : 's'} to ${r.path}`;
}
