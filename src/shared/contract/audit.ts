/**
 * The audit log: its integrity (`audit.verify`, whether the hash chain is intact) and its rows,
 * filtered and paged (`audit.list`).
 */
import { z } from 'zod';
import { id, noArgs } from './common';

/** Longest filter text accepted (analyst names are at most 64; group keys are longer). */
const MAX_FILTER_TEXT = 512;

/** An ISO-8601 instant with a zone (`Z` or an offset), as the store writes `at`. */
const instant = z.iso.datetime({ offset: true });

/**
 * Which audit rows to show or export; every field narrows the rows, none given means all.
 * `from` and `to` are inclusive.
 */
export const auditFilter = z
  .object({
    /** The analyst (the row's actor), exactly. */
    actor: z.string().min(1).max(MAX_FILTER_TEXT).optional(),
    /** The action, exactly (e.g. `alert.approve`). */
    action: z.string().min(1).max(MAX_FILTER_TEXT).optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** Rows about this alert: its decisions (per-alert or bulk) and rows whose subject it is. */
    alertId: id.optional(),
    /** Rows of one group decision: the group key its audit detail carries. */
    group: z.string().min(1).max(MAX_FILTER_TEXT).optional(),
  })
  .strict();

/** A parsed {@link auditFilter}. */
export type AuditFilter = z.output<typeof auditFilter>;

/** Most rows one `audit.list` page holds. */
export const MAX_AUDIT_PAGE = 500;

/** Argument schemas of the audit requests. */
export const auditRequests = {
  'audit.verify': noArgs,
  'audit.list': auditFilter
    .extend({
      /** Rows to skip, newest first (default 0). */
      offset: z.number().int().min(0).default(0),
      /** Rows to return (default 50, at most {@link MAX_AUDIT_PAGE}). */
      limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
    })
    .strict(),
} as const;

/** One audit row as `audit.list` returns it. */
export interface AuditRow {
  id: number;
  /** ISO-8601 UTC time the row was written. */
  at: string;
  /** Who made the change: an analyst's name, or `rampart:…` for the console itself. */
  actor: string;
  action: string;
  /** What it changed, as `kind:id` (e.g. `alert:12`); null when nothing in particular. */
  subject: string | null;
  /** True for a change the console made by itself (auto-approval, a start-up load). */
  automatic: boolean;
  /** The stored detail JSON, parsed; null when none (or not JSON: then the raw text). */
  detail: unknown;
}

/** A page of the audit log, newest first, with the choices its filters offer. */
export interface AuditPage {
  /** Rows matching the filter (all pages). */
  total: number;
  rows: AuditRow[];
  /** Every actor in the log, sorted (not only the filtered rows'). */
  actors: string[];
  /** Every action in the log, sorted. */
  actions: string[];
}

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
  'audit.list': AuditPage;
}
