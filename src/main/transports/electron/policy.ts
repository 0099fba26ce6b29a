/** What the Electron shell trusts: its own pages only, under one CSP. Pure functions, testable without Electron. */
import { pathToFileURL } from 'node:url';

/** CSP of the app's own pages in Electron; the renderer talks to main over IPC only, so no sockets. */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The pages the shell may show: the built renderer folder, or the dev server during `electron-vite dev`. */
export interface AppOrigin {
  /** file:// URL of the renderer folder, with a trailing slash. */
  rendererDirUrl: string;
  /** The dev server's origin, when running under `electron-vite dev`. */
  devOrigin: string | null;
}

/** Build the app origin from the renderer folder and the optional dev server URL. */
export function appOrigin(rendererDir: string, devUrl: string | undefined): AppOrigin {
  const dirUrl = pathToFileURL(rendererDir).href;
  let devOrigin: string | null = null;
  if (devUrl) {
    try {
      devOrigin = new URL(devUrl).origin;
    } catch {
      devOrigin = null;
    }
  }
  return { rendererDirUrl: dirUrl.endsWith('/') ? dirUrl : dirUrl + '/', devOrigin };
}

/** True when `url` is one of the app's own pages (so it may use IPC and receive the CSP). */
export function isAppUrl(origin: AppOrigin, url: string): boolean {
  if (url.startsWith(origin.rendererDirUrl)) return true;
  if (!origin.devOrigin) return false;
  try {
    const u = new URL(url);
    if (u.origin === origin.devOrigin) return true;
    // The dev server's hot-reload socket: same host, ws scheme.
    return (
      (u.protocol === 'ws:' || u.protocol === 'wss:') && u.host === new URL(origin.devOrigin).host
    );
  } catch {
    return false;
  }
}
