/**
 * IPC registration, written against a minimal IpcMainLike so plain-Node tests can drive it without
 * Electron. One channel per contract request (`rampart:<name>`), replies in the same envelope as
 * the HTTP API; events go to the window on `rampart:event`.
 */
import {
  EVENT_CHANNEL,
  REQUEST_NAMES,
  requestChannel,
  type ApiReply,
  type EventMessage,
} from '../../../shared/names';
import {
  dispatch,
  type EventHub,
  type Handlers,
  type RequestContext,
} from '../../app/hub/dispatch';
import { osUserName } from '../../runtime/osUser';
import { replyFor } from '../server/reply';

// The channels are the preload's too, so they live in src/shared/names.ts.
export { EVENT_CHANNEL, REQUEST_CHANNEL_PREFIX, requestChannel } from '../../../shared/names';

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
  /** Who the window's requests are recorded as. Default: {@link ipcContext} (the OS user). */
  context?: RequestContext;
}

/** The context of every request from the desktop window: the signed-in OS user is the analyst. */
export function ipcContext(info?: () => { username: string }): RequestContext {
  return { actor: osUserName(info) };
}

/** Register one handler per contract request; returns a function that removes them all. */
export function registerIpc(
  ipc: IpcMainLike,
  handlers: Handlers,
  opts: RegisterIpcOptions = {},
): () => void {
  const channels: string[] = [];
  const ctx = opts.context ?? ipcContext();
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
      return replyFor(() => dispatch(handlers, name, args, ctx));
    });
    channels.push(channel);
  }
  return () => {
    for (const c of channels) ipc.removeHandler(c);
  };
}

/** Forward every event of `hub` through `send` (the window's webContents.send); returns the unsubscribe. */
export function forwardEvents(
  hub: EventHub,
  send: (channel: string, message: EventMessage) => void,
): () => void {
  return hub.subscribe((event, payload) => {
    send(EVENT_CHANNEL, { event, payload } as EventMessage);
  });
}
