/**
 * Opening the database file: a writer creates it private (0600 in a 0700 folder it creates) and
 * in WAL mode; a reader opens it read-only, without the process lock, and only when its schema is
 * the one this Rampart writes.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import type { SqlDatabase } from './sql/database';

/** How a Store opens its file. */
export interface OpenOptions {
  /**
   * Open read-only: no process lock, no migrations, writes fail. For commands that only read, so
   * they work while `rampart serve` or the app holds the database. Default false.
   */
  readonly?: boolean;
}

/** Files SQLite keeps beside a WAL database; they take the database file's permissions. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Open (a writer creates) the SQLite file at path. */
export function openDatabaseFile(path: string, opts: OpenOptions): Database.Database {
  if (path === ':memory:') return new Database(path);
  if (opts.readonly) {
    if (!existsSync(path)) throw new Error(`no database at ${path}`);
    return new Database(path, { readonly: true, fileMustExist: true });
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  makePrivate(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return db;
}

/**
 * Create the database file 0600 before SQLite does (it would use 0644 less the umask), and take
 * group and other access away from an existing one and its side files. Only chmod and an
 * exclusive create: nothing here opens an existing database file.
 */
function makePrivate(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (const p of [path, ...SIDE_FILES.map((s) => path + s)]) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) chmodSync(p, st.mode & 0o700);
  }
}

/**
 * A read-only opener cannot migrate: it refuses a database whose schema is not exactly the one
 * this Rampart writes, naming what to do.
 */
export function checkSchema(db: SqlDatabase, path: string): void {
  const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  let version: number | null;
  try {
    version = (
      db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }
    ).v;
  } catch {
    throw new Error(`${path} is not a Rampart database`);
  }
  if (version !== null && version > newest)
    throw new Error(
      `database schema version ${version} is newer than this Rampart (${newest}); upgrade Rampart`,
    );
  if (version !== newest)
    throw new Error(
      `database schema version ${version ?? 0} is older than this Rampart (${newest}); ` +
        'open it once with a command that writes (rampart serve or rampart ingest) to upgrade it',
    );
}
