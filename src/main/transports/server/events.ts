/** `GET /events`: a WebSocket that forwards every EventHub event as JSON `{event, payload}`. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../../app/hub/dispatch';

/**
 * Past this many unsent bytes a client is slow: progress events are dropped for it (the next one
 * supersedes them anyway) while job.finished and datasets.changed are always queued.
 */
const SLOW_CLIENT_BYTES = 1024 * 1024;
/** Ping interval; a client that misses a whole interval is considered gone. */
const HEARTBEAT_MS = 30_000;

/** The WebSocket side of the host. */
export interface EventSocket {
  /** Complete an HTTP upgrade that has already passed the token and origin checks. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Number of connected clients (for tests and diagnostics). */
  clientCount(): number;
  /** Close every client and stop forwarding. */
  close(): Promise<void>;
}

/** Start forwarding `hub`'s events to WebSocket clients. */
export function createEventSocket(hub: EventHub): EventSocket {
  // Clients only listen; a tiny payload cap keeps a misbehaving one from costing memory.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => {}); // nothing to receive; ignore rather than error
    ws.on('error', () => ws.terminate());
  });

  const unsubscribe = hub.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (event === 'job.progress' && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(text);
    }
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    clientCount: () => wss.clients.size,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      return new Promise<void>((resolve) => {
        // Clients that do not answer the close handshake promptly are cut off.
        const t = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000);
        t.unref();
        wss.close(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
