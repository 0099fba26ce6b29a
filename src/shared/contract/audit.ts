/** The audit log's integrity (`audit.verify`): whether its hash chain is intact. */
import { noArgs } from './common';

/** Argument schemas of the audit requests. */
export const auditRequests = {
  'audit.verify': noArgs,
} as const;

/** The result of walking the audit log's hash chain. */
export interface AuditChainState {
  /** True when every row, and the recorded head, match. */
  intact: boolean;
  /** Rows checked and found good (before the first bad one). */
  rows: number;
  /** The last good row's id and hash (the head, when intact); null for an empty log. */
  head: { id: number; hash: string } | null;
  /** The first row that does not match and why; null when intact. */
  problem: {
    /** Id of that row (for 'truncated', the first missing id; 0 when the head record is gone). */
    row: number;
    reason:
      | 'gap in ids'
      | 'prev-hash mismatch'
      | 'content hash mismatch'
      | 'past head'
      | 'truncated'
      | 'head mismatch';
    detail: string;
  } | null;
}

/** Result types of the audit requests. */
export interface AuditResults {
  'audit.verify': AuditChainState;
}
