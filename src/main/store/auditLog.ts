/**
 * The audit log as a hash chain (migration 5). Each row stores the hash of the row before it
 * (`prev_hash`) and of its own content (`hash`); `audit_head` holds the last row's id and hash,
 * written in the same transaction as the row. {@link verifyAuditChain} walks the rows and names
 * the first one that does not match, so an edit the append-only triggers did not stop (a REPLACE
 * on a connection without recursive_triggers, a DELETE after DROP TRIGGER, a truncated tail) shows.
 */
import { createHash } from 'node:crypto';
import type { SqlDatabase } from './sql/database';
import type { AuditChainState, AuditFilter, AuditPage, AuditRow } from '../../shared/contract';
import type { Writes } from './changes';
import type { AuditEntry } from './records';
import type { Statements } from './statements';
import { nowIso } from './time';

/**
 * The WHERE clause of a filtered read of `audit a` (the `audit.list` page and the filtered
 * export): every filter is a bound parameter, NULL when not given. An alert's rows are those whose
 * subject it is, its decisions' rows (found through `decisions.audit_id`, so a bulk decision's row
 * counts for each of its alerts) and rows whose detail lists it under `alertIds`; a group's rows
 * carry its key as the detail's `group`. Detail that is not JSON is skipped, not an error. Each
 * parameter is cast where it is first read so PostgreSQL knows its type (SQLite ignores the cast).
 */
export const AUDIT_FILTER_WHERE = `
  WHERE (CAST(@actor AS TEXT) IS NULL OR a.actor = @actor)
    AND (CAST(@action AS TEXT) IS NULL OR a.action = @action)
    AND (CAST(@from AS TEXT) IS NULL OR a.at >= @from)
    AND (CAST(@to AS TEXT) IS NULL OR a.at <= @to)
    AND (CAST(@alertId AS INTEGER) IS NULL
      OR a.subject = 'alert:' || CAST(@alertId AS INTEGER)
      OR a.id IN (SELECT d.audit_id FROM decisions d WHERE d.alert_id = @alertId)
      OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(a.detail) THEN a.detail END,
                   '$.alertIds') j WHERE j.value = @alertId))
    AND (CAST(@group AS TEXT) IS NULL
      OR json_extract(CASE WHEN json_valid(a.detail) THEN a.detail END, '$.group') = @group)`;

/** The bound parameters of {@link AUDIT_FILTER_WHERE}: each filter, or null; times in UTC. */
export function auditFilterParams(f: AuditFilter): Record<string, string | number | null> {
  // Stored times are toISOString()'s UTC form, so a bound compared as text must be too.
  const utc = (t: string | undefined) => (t === undefined ? null : new Date(t).toISOString());
  return {
    actor: f.actor ?? null,
    action: f.action ?? null,
    from: utc(f.from),
    to: utc(f.to),
    alertId: f.alertId ?? null,
    group: f.group ?? null,
  };
}

/** The audit log's statements, by name. */
export const AUDIT_SQL = {
  listPage: `SELECT a.id, a.at, a.actor, a.action, a.subject, a.automatic, a.detail FROM audit a
             ${AUDIT_FILTER_WHERE} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
  listCount: `SELECT COUNT(*) AS n FROM audit a ${AUDIT_FILTER_WHERE}`,
  actors: `SELECT DISTINCT actor FROM audit ORDER BY actor`,
  actions: `SELECT DISTINCT action FROM audit ORDER BY action`,
  insertAudit: `INSERT INTO audit (id, at, actor, action, subject, automatic, detail, prev_hash,
                  hash)
                VALUES (@id, @at, @actor, @action, @subject, @automatic, @detail, @prevHash,
                  @hash)`,
  head: `SELECT last_id AS id, hash FROM audit_head WHERE one = 1`,
  maxId: `SELECT IFNULL(MAX(id), 0) AS id FROM audit`,
  setHead: `UPDATE audit_head SET last_id = @id, hash = @hash WHERE one = 1`,
  chainRows: `SELECT id, at, actor, action, subject, automatic, detail, prev_hash, hash
              FROM audit ORDER BY id`,
  hashOf: `SELECT hash FROM audit WHERE id = ?`,
  // Migration 5 only (it drops the update trigger around them).
  chainLegacyRow: `UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?`,
  initHead: `INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?, ?)`,
} as const;

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns that a row's hash covers, as stored. */
export interface AuditContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** 0 or 1. */
  automatic: number;
  /** JSON text, or null. */
  detail: string | null;
}

/** A stored row with its chain columns (null in a row written around the store). */
export interface AuditChainRow extends AuditContent {
  prev_hash: string | null;
  hash: string | null;
}

/**
 * The canonical form a row's hash is taken over: the JSON array
 * `["rampart.audit.v1", id, at, actor, action, subject, automatic, detail, prev_hash]` as
 * JSON.stringify writes it (no spaces; subject and detail null or a string, detail being the stored
 * JSON text; automatic 0 or 1), encoded as UTF-8.
 */
export function canonicalAuditText(row: AuditContent, prevHash: string): string {
  return JSON.stringify([
    'rampart.audit.v1',
    row.id,
    row.at,
    row.actor,
    row.action,
    row.subject,
    row.automatic,
    row.detail,
    prevHash,
  ]);
}

/** SHA-256 (lowercase hex) of the row's canonical form. */
export function auditRowHash(row: AuditContent, prevHash: string): string {
  return createHash('sha256').update(canonicalAuditText(row, prevHash), 'utf8').digest('hex');
}

/** Where the chain's head is recorded: the last row's id and hash. */
export interface AuditHead {
  id: number;
  hash: string;
}

/**
 * Walk the rows in id order and name the first that does not match: a gap in the ids (a deleted
 * row), a prev_hash that is not the previous row's hash, a hash that is not its content's, a row
 * past the recorded head, or a log that ends before the head (a truncated tail).
 */
export function verifyAuditChain(
  rows: Iterable<AuditChainRow>,
  head: AuditHead | undefined,
): AuditChainState {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  let last: AuditHead | null = null;
  const broken = (row: number, reason: BreakReason, detail: string): AuditChainState => ({
    intact: false,
    rows: count,
    head: last,
    problem: { row, reason, detail },
  });
  if (!head) return broken(0, 'head mismatch', 'the recorded head (audit_head) is missing');
  for (const r of rows) {
    if (r.id !== expectedId)
      return broken(
        r.id,
        'gap in ids',
        r.id > expectedId
          ? `row ${expectedId}${r.id - 1 > expectedId ? `–${r.id - 1}` : ''} missing before row ${r.id}`
          : `row ${r.id} out of order`,
      );
    if (r.id > head.id)
      return broken(
        r.id,
        'past head',
        `the recorded head is row ${head.id}; row ${r.id} follows it`,
      );
    if (r.prev_hash !== prev)
      return broken(
        r.id,
        'prev-hash mismatch',
        `prev_hash ${short(r.prev_hash)} is not row ${r.id - 1}'s hash ${short(prev)}`,
      );
    const expected = auditRowHash(r, prev);
    if (r.hash !== expected)
      return broken(
        r.id,
        'content hash mismatch',
        `stored hash ${short(r.hash)}, content hashes to ${short(expected)}`,
      );
    prev = expected;
    last = { id: r.id, hash: expected };
    count++;
    expectedId++;
  }
  const lastId = last?.id ?? 0;
  if (lastId < head.id)
    return broken(
      lastId + 1,
      'truncated',
      `the recorded head is row ${head.id} but the log ends at row ${lastId}`,
    );
  if (head.hash !== prev)
    return broken(
      head.id,
      'head mismatch',
      `the recorded head hash ${short(head.hash)} is not row ${head.id}'s hash ${short(prev)}`,
    );
  return { intact: true, rows: count, head: last, problem: null };
}

type BreakReason = NonNullable<AuditChainState['problem']>['reason'];

function short(hash: string | null): string {
  return hash === null ? 'NULL' : hash.slice(0, 12);
}

/** Appends chained audit rows and verifies the chain. */
export class AuditLog {
  constructor(
    private readonly q: Statements<typeof AUDIT_SQL>,
    private readonly w: Writes,
  ) {}

  /**
   * Append one row chained to the recorded head; returns its id. The id follows both the head and
   * the highest stored id, so a tail deleted behind the store's back stays a visible gap instead of
   * being reused, and the head moves in the same transaction as the row.
   */
  append(e: AuditEntry): number {
    return this.w.transaction((ch) => {
      ch.touch('audit');
      const head = this.q.get('head').get() as AuditHead | undefined;
      const max = (this.q.get('maxId').get() as { id: number }).id;
      const row: AuditContent = {
        id: Math.max(head?.id ?? 0, max) + 1,
        at: nowIso(),
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        automatic: e.automatic ? 1 : 0,
        detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = auditRowHash(row, prevHash);
      this.q.get('insertAudit').run({ ...row, prevHash, hash });
      this.q.get('setHead').run({ id: row.id, hash });
      return row.id;
    });
  }

  /** The stored hash of row `id`, or null when there is no such row. */
  hashOf(id: number): string | null {
    const r = this.q.get('hashOf').get(id) as { hash: string | null } | undefined;
    return r?.hash ?? null;
  }

  /** One page of the rows `f` selects, newest first, with the log's actors and actions. */
  list(f: AuditFilter & { offset: number; limit: number }): AuditPage {
    const params = auditFilterParams(f);
    const rows = this.q
      .get('listPage')
      .all({ ...params, limit: f.limit, offset: f.offset }) as AuditContent[];
    return {
      total: (this.q.get('listCount').get(params) as { n: number }).n,
      rows: rows.map(toAuditRow),
      actors: this.q.get('actors').pluck().all() as string[],
      actions: this.q.get('actions').pluck().all() as string[],
    };
  }

  /** Walk the whole chain (see {@link verifyAuditChain}). */
  verify(): AuditChainState {
    const head = this.q.get('head').get() as AuditHead | undefined;
    return verifyAuditChain(
      this.q.get('chainRows').iterate() as IterableIterator<AuditChainRow>,
      head,
    );
  }
}

/** A stored row as the contract shows it: automatic as a boolean, detail parsed. */
export function toAuditRow(r: AuditContent): AuditRow {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    automatic: r.automatic === 1,
    detail: parseDetail(r.detail),
  };
}

function parseDetail(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // written around the store: shown as it is
  }
}

/**
 * Migration 5's data step: chain the rows written before it, in id order, from the genesis hash,
 * and record the head. Deterministic: the same rows give the same hashes on every upgrade.
 */
export function chainExistingAudit(db: SqlDatabase): void {
  const rows = db.prepare(AUDIT_SQL.chainRows).all() as AuditChainRow[];
  const update = db.prepare(AUDIT_SQL.chainLegacyRow);
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (const r of rows) {
    const hash = auditRowHash(r, prev);
    update.run(prev, hash, r.id);
    prev = hash;
    lastId = r.id;
  }
  db.prepare(AUDIT_SQL.initHead).run(lastId, prev);
}
