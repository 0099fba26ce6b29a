/** Where the CLI and the headless host keep their database by default. */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl } from '../../store/sql/database';

/** $RAMPART_DB (a file or a postgres:// URL), else $XDG_DATA_HOME/rampart/rampart.sqlite. */
export function defaultDbPath(): string {
  if (process.env.RAMPART_DB) return process.env.RAMPART_DB;
  return join(userDataDir(), 'rampart.sqlite');
}

/** This machine's Rampart folder: $XDG_DATA_HOME/rampart (~/.local/share/rampart). */
export function userDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'rampart');
}

/**
 * Where a database's local files (models, exports, analysts.json, connector.json) live: beside a
 * SQLite file; for a PostgreSQL database, `--data-dir`, else this machine's Rampart folder.
 */
export function dataDirFor(db: string, explicit?: string): string {
  if (explicit) return resolve(explicit);
  return isPostgresUrl(db) ? userDataDir() : dirname(resolve(db));
}
