/** The Audit screen's filter form as `audit.list` arguments, and its rows in words (DOM-free). */
import type { AuditFilter, AuditRow } from '../../../shared/contract';

/** Rows per page of the Audit table. */
export const AUDIT_PAGE_SIZE = 50;

/** The filter form as typed: empty text means "any". */
export interface AuditForm {
  actor: string;
  action: string;
  /** `datetime-local` values (the analyst's local time), e.g. `2026-12-07T09:30`. */
  from: string;
  to: string;
  alertId: string;
  group: string;
}

/** A form that filters nothing. */
export const EMPTY_AUDIT_FORM: AuditForm = {
  actor: '',
  action: '',
  from: '',
  to: '',
  alertId: '',
  group: '',
};

/**
 * The filter a form asks for; fields left empty or not valid (an alert id that is not a positive
 * whole number, a time the browser cannot read) filter nothing. Times are local; `to` includes
 * its whole minute (or second, when seconds are given).
 */
export function auditFilterOf(f: AuditForm): AuditFilter {
  const out: AuditFilter = {};
  if (f.actor !== '') out.actor = f.actor;
  if (f.action !== '') out.action = f.action;
  const from = instantOf(f.from, false);
  if (from !== null) out.from = from;
  const to = instantOf(f.to, true);
  if (to !== null) out.to = to;
  const alertId = Number(f.alertId.trim());
  if (f.alertId.trim() !== '' && Number.isSafeInteger(alertId) && alertId > 0)
    out.alertId = alertId;
  const group = f.group.trim();
  if (group !== '') out.group = group;
  return out;
}

/** A local `datetime-local` value as UTC ISO-8601; `end`: the last millisecond it names. */
function instantOf(local: string, end: boolean): string | null {
  if (local === '') return null;
  const t = new Date(local).getTime();
  if (!Number.isFinite(t)) return null;
  // `YYYY-MM-DDTHH:mm` names a minute, `…:ss` a second.
  const span = local.length <= 16 ? 60_000 : 1000;
  return new Date(end ? t + span - 1 : t).toISOString();
}

/** "Rows 51–100 of 1,234", or "No rows match". */
export function rangeText(offset: number, shown: number, total: number): string {
  if (total === 0) return 'No rows match';
  const n = (x: number) => x.toLocaleString('en');
  return `Rows ${n(offset + 1)}–${n(offset + shown)} of ${n(total)}`;
}

/** Longest detail summary shown in the table (the full JSON is its tooltip). */
const MAX_SUMMARY = 200;

/**
 * A row's detail in a line: a decision's prediction and disposition, the actions recommended and
 * taken, its group and note; an automatic approval's confidence and threshold; anything else as
 * its top-level `key: value` pairs.
 */
export function detailSummary(row: Pick<AuditRow, 'detail'>): string {
  const d = row.detail;
  if (d === null || d === undefined) return '';
  if (typeof d !== 'object' || Array.isArray(d))
    return clip(typeof d === 'string' ? d : JSON.stringify(d));
  const o = d as Record<string, unknown>;
  const parts: string[] = [];
  const predicted = text(o['predictedClass']);
  const truth = text(o['trueClass']);
  if (predicted !== null)
    parts.push(
      truth === null || truth === predicted
        ? `predicted ${predicted}${truth === null ? '' : ' (confirmed)'}`
        : `predicted ${predicted}, actually ${truth}`,
    );
  const confidence = o['confidence'];
  const threshold = o['threshold'];
  if (typeof confidence === 'number' && typeof threshold === 'number')
    parts.push(`confidence ${confidence.toFixed(3)} ≥ ${threshold}`);
  const rec = o['recommended'];
  const recAction =
    rec && typeof rec === 'object' ? text((rec as Record<string, unknown>)['action']) : null;
  if (recAction !== null) parts.push(`recommended ${recAction}`);
  else if ('recommended' in o && rec === null) parts.push('nothing recommended');
  const decided = text(o['decided']);
  if (decided !== null) parts.push(`decided ${decided}`);
  const alertIds = o['alertIds'];
  if (Array.isArray(alertIds))
    parts.push(`${alertIds.length} alert${alertIds.length === 1 ? '' : 's'}`);
  const group = text(o['group']);
  if (group !== null) parts.push(`group ${group}`);
  const note = text(o['note']);
  if (note !== null && note !== '') parts.push(`“${note}”`);
  if (parts.length > 0) return clip(parts.join(' · '));
  return clip(
    Object.entries(o)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · '),
  );
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function clip(s: string): string {
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}
