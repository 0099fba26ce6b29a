/**
 * Electron entry: a thin shell around the plain-Node core. It starts the core, registers one IPC
 * channel per contract request, forwards events to the window and keeps the window locked down.
 */
import { BrowserWindow, app, dialog, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPostgresUrl } from './store/sql/database';
import { createAppService } from './app/service';
import type { AppService } from './app/types';
import { startE2eHost } from './transports/electron/e2eHost';
import { forwardEvents, registerIpc } from './transports/electron/ipc';
import { appOrigin, isAppUrl } from './transports/electron/policy';
import { databasePath, shellSettings } from './transports/electron/settings';
import { createMainWindow, hardenSessions } from './transports/electron/window';
import type { HeadlessHost } from './transports/server';

// This bundle lives in out/main; its siblings are out/preload and out/renderer.
const outDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rendererDir = join(outDir, 'renderer');
const devUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const origin = appOrigin(rendererDir, devUrl ?? undefined);

const settings = shellSettings(process.env);
// Tests (and users who want a separate profile) point userData elsewhere; it must be set before ready.
if (settings.userData) app.setPath('userData', settings.userData);

let service: AppService | null = null;
/** The e2e specs' HTTP host (RAMPART_E2E_HOST=1 only). */
let e2eHost: HeadlessHost | null = null;
let quitting = false;

function openWindow(svc: AppService): void {
  const win = createMainWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    devUrl,
    indexHtml: join(rendererDir, 'index.html'),
  });
  const stop = forwardEvents(svc.events, (channel, message) => {
    if (!win.isDestroyed()) win.webContents.send(channel, message);
  });
  win.on('closed', stop);
}

/** Close the e2e host first (no request may reach a closing core), then the core itself. */
async function shutdown(svc: AppService, host: HeadlessHost | null): Promise<void> {
  await host
    ?.close()
    .catch((err: unknown) => console.error('rampart: closing the e2e host failed:', err));
  await svc.close();
}

async function start(): Promise<void> {
  app.enableSandbox();
  await app.whenReady();
  hardenSessions(origin);
  const dbPath = databasePath(settings, app.getPath('userData'));
  service = await createAppService({
    dbPath,
    // A PostgreSQL database (RAMPART_DB=postgres://…) keeps this machine's files in userData.
    dataDir: isPostgresUrl(dbPath) ? app.getPath('userData') : undefined,
    host: 'electron',
    seedDemo: settings.seedDemo,
  });
  const svc = service;
  registerIpc(ipcMain, svc.handlers, { isTrustedSender: (url) => isAppUrl(origin, url) });
  openWindow(svc);
  if (settings.e2eHost) e2eHost = await startE2eHost(svc);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(svc);
  });
}

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same SQLite file; hand over to the first one instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    // Close the core (cancel jobs, close the database) before the process goes away.
    if (quitting || !service) return;
    event.preventDefault();
    quitting = true;
    const svc = service;
    const host = e2eHost;
    service = null;
    e2eHost = null;
    shutdown(svc, host)
      .catch((err: unknown) => console.error('rampart: closing the core failed:', err))
      .finally(() => app.quit());
  });
  start().catch((err: unknown) => {
    console.error('rampart: failed to start:', err);
    // Say why in a window too (another Rampart holding the database names its pid).
    dialog.showErrorBox(
      'Rampart could not start',
      err instanceof Error ? err.message : String(err),
    );
    app.exit(1);
  });
}
