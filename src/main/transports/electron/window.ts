/** The main window and the lock-down of everything it could load, open or ask for. */
import { BrowserWindow, app, session, shell, type WebContents } from 'electron';
import { ELECTRON_CSP, isAppUrl, type AppOrigin } from './policy';

/** Apply the app-wide web policy once, before any window exists. */
export function hardenSessions(origin: AppOrigin): void {
  const ses = session.defaultSession;
  // The CSP header covers the app's own pages (the meta tag in index.html is a second layer).
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(origin, details.url))
      return callback({ responseHeaders: details.responseHeaders });
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [ELECTRON_CSP],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  // No remote content: any request leaving the app's own pages is cancelled. file:// outside the
  // renderer folder is refused too, so a compromised page cannot read local files.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(origin, details.url) || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => lockNavigation(contents, origin));
}

/** Refuse navigation away from the app, new windows and <webview>s for one WebContents. */
function lockNavigation(contents: WebContents, origin: AppOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(origin, url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(origin, url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation (https only) open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Options of {@link createMainWindow}. */
export interface MainWindowOptions {
  preloadPath: string;
  /** Dev server URL, or null to load the built renderer's index.html. */
  devUrl: string | null;
  indexHtml: string;
}

/** Create the console window with the secure defaults spelled out. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0d1117',
    title: 'Rampart',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (opts.devUrl) void win.loadURL(opts.devUrl);
  else void win.loadFile(opts.indexHtml);
  return win;
}
