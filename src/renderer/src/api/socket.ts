/** The headless host's event stream: a WebSocket that reconnects with backoff when it drops. */
import type { Connection, ConnectionStatus } from './types';
import { isEventMessage, type ListenerRegistry } from './listeners';

/** First reconnect delay; doubles per failed attempt up to {@link MAX_DELAY_MS}. */
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** Connect to `url` and deliver every message to `registry`; returns the connection handle. */
export function openEventSocket(url: string, registry: ListenerRegistry): Connection {
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  const watchers = new Set<(s: ConnectionStatus) => void>();

  const setStatus = (s: ConnectionStatus): void => {
    if (s === status) return;
    status = s;
    for (const w of watchers) w(s);
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      attempt = 0;
      setStatus('open');
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      let msg: unknown;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      if (isEventMessage(msg)) registry.deliver(msg.event, msg.payload);
    };
    ws.onclose = () => {
      setStatus('reconnecting');
      // Jitter keeps several tabs from hammering a restarting host in step.
      const delay =
        Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      window.setTimeout(connect, delay);
    };
  };
  connect();

  const onChange = (listener: (s: ConnectionStatus) => void): (() => void) => {
    watchers.add(listener);
    return () => {
      watchers.delete(listener);
    };
  };

  return {
    status: () => status,
    onChange,
    ready(timeoutMs) {
      if (status === 'open') return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = window.setTimeout(done, timeoutMs);
        const off = onChange((s) => {
          if (s === 'open') done();
        });
        function done(): void {
          window.clearTimeout(timer);
          off();
          resolve();
        }
      });
    },
  };
}
