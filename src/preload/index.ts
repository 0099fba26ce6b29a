/**
 * Preload (sandboxed, CommonJS): exposes `window.rampart` with one named function per contract
 * request, an event subscription and a file-path lookup. No ipcRenderer or Node API leaks out.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EventName, EventPayloads, RampartApi, RequestName } from '../shared/contract';

/**
 * Every request name, as a record so the compiler fails when the contract gains or loses one. The
 * contract's REQUEST_NAMES cannot be imported at run time here: it pulls in zod, and a sandboxed
 * preload can only require 'electron'. A unit test checks this list against REQUEST_NAMES.
 */
const REQUESTS: Record<RequestName, true> = {
  'app.info': true,
  'datasets.list': true,
  'datasets.loadDemo': true,
  'datasets.loadPaths': true,
  'jobs.cancel': true,
  'alerts.query': true,
  'alerts.detail': true,
  'alerts.decide': true,
  'advisor.status': true,
  'advisor.setModel': true,
  'advisor.download': true,
  'kg.summary': true,
  'kg.graph': true,
  'training.start': true,
  'training.control': true,
  'training.status': true,
  'feed.start': true,
  'feed.stop': true,
  'feed.list': true,
  'alerts.groups': true,
  'export.decisions': true,
  'incidents.list': true,
  'incidents.get': true,
  'incidents.decide': true,
  'incidents.report': true,
  'autoApprove.get': true,
  'autoApprove.set': true,
  'detector.report': true,
  'signatures.get': true,
};

// Keep in step with src/main/transports/electron/ipc.ts (the preload cannot import main's code either).
const REQUEST_CHANNEL_PREFIX = 'rampart:';
const EVENT_CHANNEL = 'rampart:event';

/** One event as delivered to `onEvent` listeners. */
type RampartEvent = { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName];

/** The reply envelope the main process answers with. */
type Reply = { ok: true; result: unknown } | { ok: false; error: string; code: string };

/** What `window.rampart` holds; mirrored for the renderer in index.d.ts. */
interface RampartBridge {
  request: RampartApi;
  onEvent(listener: (message: RampartEvent) => void): () => void;
  pathForFile(file: File): string;
}

function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

async function invoke(name: RequestName, args: unknown): Promise<unknown> {
  const reply: unknown = await ipcRenderer.invoke(REQUEST_CHANNEL_PREFIX + name, args ?? {});
  if (!isReply(reply)) throw new Error(`malformed reply to ${name}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

const request = Object.fromEntries(
  (Object.keys(REQUESTS) as RequestName[]).map((name) => [
    name,
    (args: unknown) => invoke(name, args),
  ]),
) as unknown as RampartApi;

const bridge: RampartBridge = {
  request,
  onEvent(listener) {
    // The IpcRendererEvent (which holds the sender) is dropped; the page sees only the message.
    const handler = (_event: unknown, message: RampartEvent): void => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  // Electron no longer gives File objects a .path; the sandboxed page asks the preload for it.
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('rampart', bridge);
