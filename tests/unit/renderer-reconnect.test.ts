import { describe, expect, it } from 'vitest';
import { onReconnect } from '../../src/renderer/src/api/reconnect';
import type { Connection, ConnectionStatus } from '../../src/renderer/src/api/types';

/** A connection whose status the test sets. */
function fakeConnection() {
  const listeners = new Set<(s: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  const connection: Connection = {
    status: () => status,
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ready: async () => {},
  };
  const set = (s: ConnectionStatus) => {
    status = s;
    for (const l of listeners) l(s);
  };
  return { connection, set, listeners };
}

describe('onReconnect', () => {
  it('fires once per return of the stream after a gap, not on the first open', () => {
    const c = fakeConnection();
    let calls = 0;
    const off = onReconnect(c.connection, () => calls++);
    c.set('open');
    expect(calls).toBe(0);
    c.set('reconnecting');
    c.set('reconnecting');
    c.set('open');
    expect(calls).toBe(1);
    c.set('open');
    expect(calls).toBe(1);
    c.set('reconnecting');
    c.set('open');
    expect(calls).toBe(2);
    off();
    expect(c.listeners.size).toBe(0);
    c.set('reconnecting');
    c.set('open');
    expect(calls).toBe(2);
  });
});
