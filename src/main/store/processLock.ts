/**
 * One writing process per database. The lock is a small SQLite file beside the database,
 * `<db>.lock`, on which the holder keeps a write transaction open (BEGIN IMMEDIATE: SQLite's
 * RESERVED lock, an OS-level byte-range lock) for as long as it runs. The OS drops that lock when
 * the process dies, kill -9 included, so a crashed holder never leaves a stale lock behind (unlike
 * a pid file or mkdir-style lock, which has to guess staleness from a pid or an mtime). A RESERVED
 * lock still lets others read, so a second process can read the holder's pid from the same file
 * and name it. The database file itself is never opened for this: another descriptor on it would
 * release SQLite's own locks on close (see ownFiles.ts).
 */
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { resolveWithoutOpening } from './ownFiles';

/** Raised when another process holds the database's lock. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dbPath: string,
    readonly holderPid: number | null,
    since: string | null,
  ) {
    const who =
      holderPid === null ? 'another process' : `another Rampart process (pid ${holderPid}`;
    const when = holderPid === null ? '' : since ? `, since ${since})` : ')';
    super(
      `${dbPath} is in use by ${who}${when}; one process writes a database at a time. ` +
        'Stop that process first, or use a read-only command.',
    );
  }
}

/** A held lock; release() once the database is closed. */
export interface ProcessLock {
  /** Path of the lock file. */
  readonly path: string;
  release(): void;
}

interface Held {
  db: Database.Database;
  refs: number;
}

/**
 * Locks held by this process, by resolved lock-file path. A second Store on the same file in the
 * same process shares the lock (SQLite itself coordinates connections inside one process); the
 * lock file is opened once, so no second descriptor on it is ever closed while it is held.
 */
const held = new Map<string, Held>();

const HOLDER_SQL = `CREATE TABLE IF NOT EXISTS holder (
  id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)`;

/** Path of a database's lock file. */
export function lockPathOf(dbPath: string): string {
  return `${resolve(dbPath)}.lock`;
}

/**
 * Take the database's process lock or throw DatabaseLockedError naming the holder's pid. Never
 * waits: a second process is told at once.
 */
export function acquireProcessLock(dbPath: string): ProcessLock {
  const path = lockPathOf(dbPath);
  const key = resolveWithoutOpening(path);
  const mine = held.get(key);
  if (mine) {
    mine.refs++;
    return handle(path, key);
  }
  createPrivate(path);
  const db = new Database(path, { timeout: 0 });
  try {
    if (!tryBegin(db)) throw lockedError(db, dbPath);
    db.exec(HOLDER_SQL);
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ?, ?)').run(
      process.pid,
      new Date().toISOString(),
    );
    db.exec('COMMIT');
    // Hold from here on. Another process that slipped in between COMMIT and BEGIN holds it now
    // (and has written its own pid): it wins and is named.
    if (!tryBegin(db)) throw lockedError(db, dbPath);
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw err;
  }
  held.set(key, { db, refs: 1 });
  return handle(path, key);
}

function handle(path: string, key: string): ProcessLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const h = held.get(key);
      if (!h || --h.refs > 0) return;
      held.delete(key);
      if (h.db.inTransaction) h.db.exec('ROLLBACK');
      h.db.close();
    },
  };
}

/** BEGIN IMMEDIATE; false when another connection holds the write lock. */
function tryBegin(db: Database.Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    throw err;
  }
}

/** The error naming the holder, read from the lock file (a RESERVED lock lets readers in). */
function lockedError(db: Database.Database, dbPath: string): DatabaseLockedError {
  let row: { pid: number; since: string } | undefined;
  try {
    db.pragma('busy_timeout = 500');
    row = db.prepare('SELECT pid, since FROM holder WHERE id = 1').get() as typeof row;
  } catch {
    row = undefined; // the holder is mid-way through writing its pid: name no pid
  }
  return new DatabaseLockedError(resolve(dbPath), row?.pid ?? null, row?.since ?? null);
}

/**
 * Create the lock file 0600 (in a 0700 folder when the folder is new) before SQLite does (it would
 * use 0644); an existing one is kept.
 */
function createPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
