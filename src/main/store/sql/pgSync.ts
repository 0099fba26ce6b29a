/**
 * PostgreSQL behind the store's synchronous connection interface. The store's repositories, the
 * app's use cases and their tests call the store synchronously (better-sqlite3's model); rather
 * than fork every caller into an async twin, this runs node-postgres in a worker thread and blocks
 * the calling thread on a shared flag (Atomics.wait) until the reply is there — the technique of
 * the maintained `synckit` package, done here directly because the store needs one long-lived
 * connection per database (a transaction's statements must share it), which synckit's one-shot
 * calls do not give.
 *
 * Writers are serialised as SQLite serialises them: every top-level transaction first takes one
 * transaction-scoped advisory lock. So read-modify-write code (the audit chain's head, a
 * signature's counts, a decision's current state) stays correct with several processes writing,
 * and a transaction commits whole or not at all, as on SQLite. Readers never wait for it.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../runtime/spawnWorker';
import type { RunResult, SqlDatabase, SqlStatement } from './database';
import { redactUrl } from './database';
import { DdlTranslator, toPostgres, type PgStatement } from './dialect';

/** The advisory lock every writing transaction holds (an arbitrary constant: "RAMPART"). */
export const WRITER_LOCK_KEY = 0x52414d50;

/** A query that has not answered after this long fails (a lost server, a deadlock). */
const QUERY_TIMEOUT_MS = 10 * 60_000;

interface Reply {
  ok: boolean;
  rows: unknown[];
  rowCount: number;
  message?: string;
  code?: string | null;
  detail?: string;
}

/** An error PostgreSQL reported (or the connection's), with its SQLSTATE code. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/** Buffers come back from the thread as Uint8Array; the store reads bytea as Buffer. */
function buffers<T>(row: T): T {
  if (Array.isArray(row)) {
    for (let i = 0; i < row.length; i++) {
      const v: unknown = row[i];
      if (v instanceof Uint8Array) row[i] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  } else if (row && typeof row === 'object') {
    const r = row as Record<string, unknown>;
    for (const k in r) {
      const v = r[k];
      if (v instanceof Uint8Array) r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return row;
}

/** Whether v is an object literal (named parameters), not a value such as a Buffer. */
function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A PostgreSQL database, synchronously (see the file comment). */
export class PgSyncDatabase implements SqlDatabase {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag: Int32Array;
  readonly #ddl = new DdlTranslator();
  readonly #translated = new Map<string, PgStatement>();
  #idTables: Set<string> | null = null;
  #depth = 0;
  #open = true;
  /** The last request's number (replies carry it back). */
  #seq = 0;
  /** Only ever waited on, to pause 1 ms while a reply's message is on its way. */
  readonly #pause = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    readonly url: string,
    applicationName = 'rampart',
  ) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = spawnWorker('pgWorker', {
      workerData: { url, port: port2, flag: this.#flag, applicationName },
      transferList: [port2],
    });
    if (!worker) throw new Error('the PostgreSQL worker thread (pgWorker) is not built');
    worker.unref();
    this.#worker = worker;
    this.query('SELECT 1'); // fail here, naming the server, when it cannot be reached
  }

  get open(): boolean {
    return this.#open;
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  /** Run one statement (PostgreSQL's own dialect) and wait for its rows. */
  query(text: string, values: readonly unknown[] = [], array = false): Reply {
    if (!this.#open) throw new PgError('the database connection is not open', null);
    const id = ++this.#seq;
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage({ id, text, values, array });
    const started = Date.now();
    while (Atomics.wait(this.#flag, 0, 0, 60_000) === 'timed-out') {
      if (Date.now() - started > QUERY_TIMEOUT_MS)
        throw new PgError(`no answer from ${redactUrl(this.url)} in 10 minutes`, null);
    }
    const reply = this.#replyTo(id, text, started);
    if (!reply.ok) {
      const where = reply.code ? '' : ` (${redactUrl(this.url)})`;
      throw new PgError(
        `${reply.message ?? 'query failed'}${where}`,
        reply.code ?? null,
        reply.detail,
      );
    }
    return reply;
  }

  /**
   * The reply to request `id`. Every reply names its request, so one left behind by a request
   * that gave up (a timeout) is skipped, never taken for a later query's answer; a reply whose
   * flag came before the message is waited for.
   */
  #replyTo(id: number, text: string, started: number): Reply {
    for (;;) {
      const m = receiveMessageOnPort(this.#port)?.message as (Reply & { id: number }) | undefined;
      if (m?.id === id) return m;
      if (m) {
        console.error(`rampart: skipped a stale PostgreSQL reply (request ${m.id}, now ${id})`);
        continue;
      }
      if (Date.now() - started > QUERY_TIMEOUT_MS)
        throw new PgError(`no answer from ${redactUrl(this.url)} to: ${text.slice(0, 80)}`, null);
      Atomics.wait(this.#pause, 0, 0, 1);
    }
  }

  /** The tables with an `id` column: an INSERT into one returns the new id. */
  #tablesWithId(): Set<string> {
    if (!this.#idTables) {
      const r = this.query(
        `SELECT table_name FROM information_schema.columns
         WHERE column_name = 'id' AND table_schema = current_schema()`,
      );
      this.#idTables = new Set((r.rows as { table_name: string }[]).map((x) => x.table_name));
    }
    return this.#idTables;
  }

  /** The PostgreSQL form of one of the store's statements (translated once). */
  translate(sql: string): PgStatement {
    let t = this.#translated.get(sql);
    if (!t) this.#translated.set(sql, (t = toPostgres(sql, this.#tablesWithId())));
    return t;
  }

  prepare(sql: string): SqlStatement {
    return new PgPrepared(this, sql);
  }

  /** Run a script: DDL (a migration) is translated; it may hold several statements. */
  exec(sql: string): this {
    this.query(this.#ddl.translate(sql));
    this.#idTables = null;
    this.#translated.clear();
    return this;
  }

  /**
   * `writerLock: false` (the store's append-only writes) skips the advisory lock: only for
   * transactions whose every write is an insert guarded by a unique key or an in-place increment.
   */
  transaction<T>(fn: () => T, opts: { writerLock?: boolean } = {}): () => T {
    return (): T => {
      const depth = this.#depth;
      if (depth === 0) {
        this.query('BEGIN');
        try {
          if (opts.writerLock ?? true)
            this.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]);
        } catch (err) {
          this.#rollback('ROLLBACK');
          throw err;
        }
      } else this.query(`SAVEPOINT s${depth}`);
      this.#depth = depth + 1;
      try {
        const value = fn();
        this.query(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT s${depth}`);
        return value;
      } catch (err) {
        this.#rollback(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT s${depth}`);
        throw err;
      } finally {
        this.#depth = depth;
      }
    };
  }

  /** Undo after a failure; a lost connection has undone it already. */
  #rollback(sql: string): void {
    try {
      this.query(sql);
    } catch {
      // The connection is gone (its transaction with it) or the server refused: nothing to undo.
    }
  }

  /** SQLite's pragmas have no PostgreSQL meaning; settings live in the server's configuration. */
  pragma(): undefined {
    return undefined;
  }

  close(): void {
    if (!this.#open) return;
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage({ id: ++this.#seq, close: true });
    Atomics.wait(this.#flag, 0, 0, 5_000);
    this.#open = false;
    this.#port.close();
    void this.#worker.terminate();
  }
}

/**
 * `rows` cut into multi-row statements of at most `per` rows. An upsert (ON CONFLICT … DO UPDATE)
 * also starts a new statement where a conflict key would repeat: PostgreSQL refuses to update one
 * row twice in a statement, where SQLite's row-by-row runs let the last row win. A key column not
 * bound to a plain parameter sends one row per statement.
 */
function batches(
  text: string,
  tuple: string,
  rows: readonly unknown[][],
  per: number,
): unknown[][][] {
  const conflict = /\bON\s+CONFLICT\s*\(([^)]*)\)\s*DO\s+UPDATE\b/i.exec(text);
  let keyOf: ((row: unknown[]) => string) | null = null;
  if (conflict) {
    const names = (s: string) => s.split(',').map((c) => c.trim().toLowerCase());
    const columns = names(/^\s*INSERT\s+INTO\s+\w+\s*\(([^)]*)\)/i.exec(text)?.[1] ?? '');
    const values = tuple
      .slice(1, -1)
      .split(',')
      .map((v) => v.trim());
    const params = names(conflict[1]!).map((c) =>
      /^\$(\d+)$/.exec(values[columns.indexOf(c)] ?? ''),
    );
    if (params.every((m) => m)) {
      const at = params.map((m) => Number(m![1]) - 1);
      keyOf = (row) => JSON.stringify(at.map((i) => row[i]));
    } else per = 1;
  }
  const out: unknown[][][] = [];
  let part: unknown[][] = [];
  let keys = new Set<string>();
  for (const row of rows) {
    const key = keyOf?.(row);
    if (part.length >= per || (key !== undefined && keys.has(key))) {
      out.push(part);
      part = [];
      keys = new Set();
    }
    part.push(row);
    if (key !== undefined) keys.add(key);
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** A statement of a PgSyncDatabase, with better-sqlite3's calling conventions. */
export class PgPrepared implements SqlStatement {
  #pluck = false;
  #raw = false;

  constructor(
    private readonly db: PgSyncDatabase,
    private readonly sql: string,
  ) {}

  pluck(toggle = true): this {
    this.#pluck = toggle;
    return this;
  }

  raw(toggle = true): this {
    this.#raw = toggle;
    return this;
  }

  /** Bind as better-sqlite3 does: one plain object binds @names, else the values in order. */
  #values(stmt: PgStatement, params: unknown[]): unknown[] {
    if (stmt.names) {
      const obj = (params[0] ?? {}) as Record<string, unknown>;
      return stmt.names.map((n) => {
        if (!(n in obj)) throw new RangeError(`Missing named parameter "${n}"`);
        return obj[n];
      });
    }
    // A plain object binds names only: better-sqlite3 ignores it on a statement without any (a
    // composed query whose filter added none still gets the filter's empty parameter object).
    return params.flatMap((p) => (Array.isArray(p) ? p : isPlainObject(p) ? [] : [p]));
  }

  #rows(params: unknown[]): unknown[] {
    const stmt = this.db.translate(this.sql);
    const array = this.#pluck || this.#raw;
    const r = this.db.query(stmt.text, this.#values(stmt, params), array);
    const rows = r.rows.map(buffers);
    return this.#pluck ? rows.map((row) => (row as unknown[])[0]) : rows;
  }

  run(...params: unknown[]): RunResult {
    const stmt = this.db.translate(this.sql);
    const r = this.db.query(stmt.text, this.#values(stmt, params));
    const last = r.rows.at(-1) as { id?: unknown } | undefined;
    const id = typeof last?.id === 'number' ? last.id : 0;
    return { changes: r.rowCount, lastInsertRowid: id };
  }

  /**
   * Run this INSERT once per row of `rows`, as multi-row INSERTs (one round trip per 2,000 rows
   * rather than per row). The new ids come back in row order: identity values are drawn row by
   * row in VALUES order, so sorting the returned ids restores it. `ids` is empty when the
   * statement returns no id or skipped rows (an upsert's WHERE).
   */
  runMany(rows: readonly unknown[][]): { changes: number; ids: number[] } {
    const stmt = this.db.translate(this.sql);
    if (stmt.names) throw new Error(`runMany needs positional parameters: ${this.sql}`);
    const m = /\bVALUES\s*\(/i.exec(stmt.text);
    if (!m) throw new Error(`runMany needs an INSERT … VALUES: ${this.sql}`);
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = open;
    for (; close < stmt.text.length; close++) {
      const ch = stmt.text[close];
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) break;
    }
    const tuple = stmt.text.slice(open, close + 1);
    const k = (tuple.match(/\$\d+/g) ?? []).reduce((mx, p) => Math.max(mx, Number(p.slice(1))), 0);
    const head = stmt.text.slice(0, open);
    const tail = stmt.text.slice(close + 1);
    const per = Math.max(1, Math.min(2000, Math.floor(60_000 / Math.max(1, k))));
    let changes = 0;
    const ids: number[] = [];
    let complete = true;
    for (const part of batches(stmt.text, tuple, rows, per)) {
      const tuples = part.map((_r, i) =>
        tuple.replace(/\$(\d+)/g, (_x, n: string) => `$${Number(n) + i * k}`),
      );
      const r = this.db.query(head + tuples.join(', ') + tail, part.flat());
      changes += r.rowCount;
      const got = (r.rows as { id?: unknown }[]).map((x) => Number(x.id)).filter(Number.isFinite);
      if (got.length !== part.length) complete = false;
      ids.push(...got.sort((a, b) => a - b));
    }
    return { changes, ids: complete ? ids : [] };
  }

  get(...params: unknown[]): unknown {
    return this.#rows(params)[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.#rows(params);
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.#rows(params)[Symbol.iterator]();
  }
}
