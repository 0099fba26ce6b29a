/** Where the CLI and the headless host keep their database by default. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $RAMPART_DB, else $XDG_DATA_HOME/rampart/rampart.sqlite (~/.local/share/rampart/…). */
export function defaultDbPath(): string {
  if (process.env.RAMPART_DB) return process.env.RAMPART_DB;
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'rampart', 'rampart.sqlite');
}
