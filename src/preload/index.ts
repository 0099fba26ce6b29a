/**
 * Preload (sandboxed, CommonJS): exposes `window.rampart` with one named function per contract
 * request, an event subscription and a file-path lookup. No ipcRenderer or Node API leaks out.
 * The names and channels come from src/shared/names.ts, which is bundled in (it has no zod); a
 * sandboxed preload can require nothing but 'electron' at run time.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { RampartApi } from '../shared/contract';
import {
  EVENT_CHANNEL,
  REQUEST_NAMES,
  isApiReply,
  requestChannel,
  type EventMessage,
  type RequestName,
} from '../shared/names';
// The bridge's shape is declared once, for the renderer, next to this file.
import type { RampartBridge } from './index.d';

async function invoke(name: RequestName, args: unknown): Promise<unknown> {
  const reply: unknown = await ipcRenderer.invoke(requestChannel(name), args ?? {});
  if (!isApiReply(reply)) throw new Error(`malformed reply to ${name}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

const request = Object.fromEntries(
  REQUEST_NAMES.map((name) => [name, (args: unknown) => invoke(name, args)]),
) as unknown as RampartApi;

const bridge: RampartBridge = {
  request,
  onEvent(listener) {
    // The IpcRendererEvent (which holds the sender) is dropped; the page sees only the message.
    const handler = (_event: unknown, message: EventMessage): void => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  // Electron no longer gives File objects a .path; the sandboxed page asks the preload for it.
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('rampart', bridge);
