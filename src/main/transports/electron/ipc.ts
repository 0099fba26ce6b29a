/**
 * IPC registration, written against a minimal IpcMainLike so plain-Node tests can drive it without
 * Electron. One channel per contract request (`rampart:<name>`), replies in the same envelope as
 * the HTTP API; events go to the window on `rampart:event`.
 */
import {
  REQUEST_NAMES,
  type EventName,
  type EventPayloads,
  type RequestName,
} from '../../../shared/contract';
import { dispatch, type EventHub, type Handlers } from '../../app/hub/dispatch';
import { replyFor, type ApiReply } from '../server/reply';

/** Channel prefix of every request; the full channel is `rampart:<request name>`. */
export const REQUEST_CHANNEL_PREFIX = 'rampart:';
/** Channel the main process pushes events on. */
export const EVENT_CHANNEL = 'rampart:event';

/** Channel of one request. */
export function requestChannel(name: RequestName): string {
  return REQUEST_CHANNEL_PREFIX + name;
}

/** The part of an IpcMainInvokeEvent the registration looks at. */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
}

/** The part of Electron's ipcMain the registration needs. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

/** Options of {@link registerIpc}. */
export interface RegisterIpcOptions {
  /**
   * Whether a frame may call the API; default: any. The shell passes a check that only its own
   * page (file:// renderer or the dev server) qualifies, so a stray frame cannot drive the core.
   */
  isTrustedSender?: (url: string) => boolean;
}

/** Register one handler per contract request; returns a function that removes them all. */
export function registerIpc(
  ipc: IpcMainLike,
  handlers: Handlers,
  opts: RegisterIpcOptions = {},
): () => void {
  const channels: string[] = [];
  for (const name of REQUEST_NAMES) {
    const channel = requestChannel(name);
    ipc.handle(channel, async (event, args): Promise<ApiReply> => {
      const url = event.senderFrame?.url ?? '';
      if (opts.isTrustedSender && !opts.isTrustedSender(url)) {
        return {
          ok: false,
          error: `request ${name} refused from ${url || 'an unknown frame'}`,
          code: 'invalid_request',
        };
      }
      return replyFor(() => dispatch(handlers, name, args));
    });
    channels.push(channel);
  }
  return () => {
    for (const c of channels) ipc.removeHandler(c);
  };
}

/** One event as it travels to the renderer, the same shape as on the WebSocket. */
export type EventMessage = { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName];

/** Forward every event of `hub` through `send` (the window's webContents.send); returns the unsubscribe. */
export function forwardEvents(
  hub: EventHub,
  send: (channel: string, message: EventMessage) => void,
): () => void {
  return hub.subscribe((event, payload) => {
    send(EVENT_CHANNEL, { event, payload } as EventMessage);
  });
}
