/**
 * The electron target: the binary (where it exists), and the app launched with its e2e host so
 * specs set data up over HTTP while the window talks IPC to the same core.
 */
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';
import { waitForConsoleUrl, writeAnalysts, type ConsoleServer } from './server';

/** How long the app may take to print its e2e host's URL and show a ready window. */
const START_TIMEOUT_MS = 60_000;
/** How long quitting may take (it closes the core) before the process is killed. */
const QUIT_TIMEOUT_MS = 15_000;

/** Path of the Electron binary, or why there is none. */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package's main export is the binary's path; it throws when the download never happened.
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `electron resolves to ${String(path)}, which does not exist` };
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

/** The message every electron-project test is skipped with where the binary is missing. */
export function electronSkipMessage(missing: string): string {
  return `Electron binary not installed, skipping the Electron project: ${missing}`;
}

/** The running app. */
export interface ConsoleApp {
  app: ElectronApplication;
  /** Its e2e host, shaped like the web target's server; `stop()` quits the app and removes `dir`. */
  server: ConsoleServer;
  /** The console window. */
  window: Page;
  /** The window's own index page (the built renderer), where every test starts. */
  indexUrl: string;
}

/**
 * Launch the app on a fresh profile and database in a temp folder, with RAMPART_E2E_HOST=1 and no
 * demo dataset (as the web target's `serve --no-demo`); resolves once its window is ready.
 */
export async function launchConsoleApp(executablePath: string): Promise<ConsoleApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-electron-'));
  const profile = join(dir, 'profile');
  mkdirSync(profile);
  const tokens = writeAnalysts(dir);
  const app = await _electron.launch({
    executablePath,
    args: [ROOT],
    cwd: ROOT,
    env: {
      ...process.env,
      RAMPART_E2E_HOST: '1',
      RAMPART_USER_DATA: profile,
      RAMPART_DB: join(dir, 'rampart.sqlite'),
      RAMPART_NO_DEMO: '1',
    },
  });
  const stop = (): Promise<void> => quit(app, dir);
  try {
    // The app's main module only runs once launch() has connected, and prints after it is ready
    // and has opened the database, so the line cannot go by before this listens.
    const url = await waitForConsoleUrl(app.process(), 'the Electron app', START_TIMEOUT_MS);
    const window = await app.firstWindow();
    await window.getByTestId('app-ready').waitFor({ state: 'attached', timeout: START_TIMEOUT_MS });
    return { app, server: { url, dir, tokens, stop }, window, indexUrl: window.url() };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The window back on its index page: a fresh renderer for the next test, on the same core. */
export async function freshWindow(running: ConsoleApp): Promise<Page> {
  await running.window.goto(running.indexUrl);
  return running.window;
}

/** Quit the app (it closes its e2e host and core first), killing it if that hangs; remove `dir`. */
async function quit(app: ElectronApplication, dir: string): Promise<void> {
  const child = app.process();
  const timer = setTimeout(() => child.kill('SIGKILL'), QUIT_TIMEOUT_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}
