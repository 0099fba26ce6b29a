/** The real Electron app, where its binary exists (it cannot be installed on the CI machines). */
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, electronSkipMessage } from '../support/electron';
import { ROOT, screenshotPath } from '../support/paths';

const bin = electronBinary();

/** The page's globals as the test reads them (this file compiles without the DOM library). */
type PageGlobals = {
  rampart?: { request: Record<string, (args: unknown) => Promise<{ host?: string }>> };
  require?: unknown;
  process?: unknown;
};

test.describe('electron', () => {
  test.skip('missing' in bin, electronSkipMessage('missing' in bin ? bin.missing : ''));

  test('opens a locked-down console window that reaches the core over IPC', async () => {
    if (!('path' in bin)) return;
    const userData = mkdtempSync(join(tmpdir(), 'rampart-electron-'));
    const app = await electron.launch({
      executablePath: bin.path,
      args: [ROOT],
      cwd: ROOT,
      // As a user starts it: no e2e host (the shared fixtures launch the app with one).
      env: { ...process.env, RAMPART_USER_DATA: userData, RAMPART_E2E_HOST: '0' },
    });
    let stdout = '';
    app.process().stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
      // The host would have announced itself right after the window opened.
      expect(stdout).not.toContain('Rampart console:');
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
