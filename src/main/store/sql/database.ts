/**
 * The part of a SQL connection the store uses, as better-sqlite3 defines it: both engines (the
 * embedded SQLite file and PostgreSQL through `PgSyncDatabase`) provide it, so every repository
 * runs unchanged on either.
 */

/** What a write statement reports. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement (better-sqlite3's Statement, the methods the store calls). */
export interface SqlStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Return only the first column of each row. */
  pluck(toggle?: boolean): this;
  /** Return rows as arrays. */
  raw(toggle?: boolean): this;
}

/** An open connection (better-sqlite3's Database, the methods the store calls). */
export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  /** Wrap fn in a transaction (a savepoint when one is open); returns the wrapped function. */
  transaction<T>(fn: () => T): () => T;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

/** Which engine a store runs on. */
export type EngineKind = 'sqlite' | 'postgres';

/** Whether a --db / RAMPART_DB value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A PostgreSQL URL with its password masked, for messages and stored results. */
export function redactUrl(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const u = new URL(target);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
