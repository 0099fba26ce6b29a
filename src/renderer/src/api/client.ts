/** Pick the transport: the Electron bridge when the preload set one, else the headless host over HTTP. */
import { createElectronClient } from './electron';
import { createHttpClient } from './http';
import { takeToken } from './token';
import type { RampartClient } from './types';

/** The client, or null in a browser page opened without the access token. */
export function createClient(): RampartClient | null {
  if (window.rampart) return createElectronClient(window.rampart);
  const token = takeToken();
  return token ? createHttpClient(token) : null;
}
