/** The real Electron app, where its binary exists (it cannot be installed on the CI machines). */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, screenshotPath } from '../support/paths';

/** Path of the Electron binary, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package's main export is the binary's path; it throws when the download never happened.
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `electron resolves to ${String(path)}, which does not exist` };
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

const bin = electronBinary();

/** The page's globals as the test reads them (this file compiles without the DOM library). */
type PageGlobals = {
  rampart?: { request: Record<string, (args: unknown) => Promise<{ host?: string }>> };
  require?: unknown;
  process?: unknown;
};

test.describe('electron', () => {
  test.skip(
    'missing' in bin,
    `Electron binary not installed, skipping the Electron project: ${'missing' in bin ? bin.missing : ''}`,
  );

  test('opens a locked-down console window that reaches the core over IPC', async () => {
    if (!('path' in bin)) return;
    const userData = mkdtempSync(join(tmpdir(), 'rampart-electron-'));
    const app = await electron.launch({
      executablePath: bin.path,
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, RAMPART_USER_DATA: userData },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
      // The page gets the named bridge and nothing of Node.
      const surface = await win.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return {
          bridge: typeof g.rampart?.request['app.info'],
          require: typeof g.require,
          process: typeof g.process,
        };
      });
      expect(surface).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });
      const info = await win.evaluate(() =>
        (globalThis as unknown as PageGlobals).rampart?.request['app.info']?.({}),
      );
      expect(info?.host).toBe('electron');
      await win.screenshot({ path: screenshotPath('electron-01-window') });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
