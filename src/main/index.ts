/**
 * Electron entry: a thin shell around the plain-Node core. It starts the core, registers one IPC
 * channel per contract request, forwards events to the window and keeps the window locked down.
 */
import { BrowserWindow, app, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppService } from './app/service';
import type { AppService } from './app/types';
import { forwardEvents, registerIpc } from './electron/ipc';
import { appOrigin, isAppUrl } from './electron/policy';
import { createMainWindow, hardenSessions } from './electron/window';

// This bundle lives in out/main; its siblings are out/preload and out/renderer.
const outDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rendererDir = join(outDir, 'renderer');
const devUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const origin = appOrigin(rendererDir, devUrl ?? undefined);

// Tests (and users who want a separate profile) point userData elsewhere; it must be set before ready.
const userDataOverride = process.env['RAMPART_USER_DATA'];
if (userDataOverride) app.setPath('userData', userDataOverride);

let service: AppService | null = null;
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

async function start(): Promise<void> {
  app.enableSandbox();
  await app.whenReady();
  hardenSessions(origin);
  service = await createAppService({
    dbPath: join(app.getPath('userData'), 'rampart.sqlite'),
    host: 'electron',
  });
  const svc = service;
  registerIpc(ipcMain, svc.handlers, { isTrustedSender: (url) => isAppUrl(origin, url) });
  openWindow(svc);
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
    service = null;
    svc
      .close()
      .catch((err: unknown) => console.error('rampart: closing the core failed:', err))
      .finally(() => app.quit());
  });
  start().catch((err: unknown) => {
    console.error('rampart: failed to start:', err);
    app.exit(1);
  });
}
