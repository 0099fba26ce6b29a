/** What the Audit panel says about the audit log's hash chain (DOM-free, unit-tested). */
import type { AuditChainState } from '../../../shared/contract';

/** The one-line verdict: "Audit chain intact — N rows" or "Audit chain broken at row K: reason". */
export function chainText(s: AuditChainState): string {
  if (s.problem) return `Audit chain broken at row ${s.problem.row}: ${s.problem.reason}`;
  return `Audit chain intact — ${s.rows.toLocaleString('en')} ${s.rows === 1 ? 'row' : 'rows'}`;
}
