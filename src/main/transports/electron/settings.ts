/** What the Electron shell reads from its environment, parsed once. Pure, so it is tested without Electron. */
import { join } from 'node:path';

/** The shell's settings; each field names its variable and its default. */
export interface ShellSettings {
  /** RAMPART_USER_DATA: the profile folder. Default null: Electron's own userData folder. */
  userData: string | null;
  /** RAMPART_DB: the SQLite file. Default null: `rampart.sqlite` in the profile folder. */
  dbPath: string | null;
  /** RAMPART_NO_DEMO=1 skips loading the demo dataset into an empty database. Default true (load it). */
  seedDemo: boolean;
  /**
   * RAMPART_E2E_HOST=1 also serves the window's core over loopback HTTP (its own token, any free
   * port) and prints `Rampart console: <url>`, so end-to-end specs can set data up. Default false.
   */
  e2eHost: boolean;
}

/** The settings with nothing set. */
export const DEFAULT_SHELL_SETTINGS: ShellSettings = {
  userData: null,
  dbPath: null,
  seedDemo: true,
  e2eHost: false,
};

/** An empty value counts as unset; only the exact value `1` turns a switch on. */
function value(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name];
  return v === undefined || v === '' ? null : v;
}

/** Read the shell's settings from `env` (process.env in the app). */
export function shellSettings(env: NodeJS.ProcessEnv): ShellSettings {
  return {
    userData: value(env, 'RAMPART_USER_DATA') ?? DEFAULT_SHELL_SETTINGS.userData,
    dbPath: value(env, 'RAMPART_DB') ?? DEFAULT_SHELL_SETTINGS.dbPath,
    seedDemo: value(env, 'RAMPART_NO_DEMO') === '1' ? false : DEFAULT_SHELL_SETTINGS.seedDemo,
    e2eHost: value(env, 'RAMPART_E2E_HOST') === '1' ? true : DEFAULT_SHELL_SETTINGS.e2eHost,
  };
}

/** The database the app opens: RAMPART_DB, else `rampart.sqlite` in the (final) userData folder. */
export function databasePath(settings: ShellSettings, userDataDir: string): string {
  return settings.dbPath ?? join(userDataDir, 'rampart.sqlite');
}
