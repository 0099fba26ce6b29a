/** The preload bridge, loaded against a fake `electron` module: names, channels, envelopes, events. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../../src/shared/contract';
import { EVENT_CHANNEL, requestChannel } from '../../src/main/transports/electron/ipc';

type Handler = (event: unknown, message: unknown) => void;

const fake = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  const invocations: { channel: string; args: unknown }[] = [];
  let nextReply: unknown = { ok: true, result: 'fine' };
  return {
    exposed,
    listeners,
    invocations,
    setReply: (r: unknown) => {
      nextReply = r;
    },
    electron: {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          exposed[key] = api;
        },
      },
      ipcRenderer: {
        invoke: async (channel: string, args: unknown) => {
          invocations.push({ channel, args });
          return nextReply;
        },
        on: (channel: string, h: (event: unknown, message: unknown) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)?.add(h);
        },
        removeListener: (channel: string, h: (event: unknown, message: unknown) => void) => {
          listeners.get(channel)?.delete(h);
        },
      },
      webUtils: { getPathForFile: () => '/picked/file.csv' },
    },
  };
});

vi.mock('electron', () => fake.electron);

interface Bridge {
  request: Record<string, (args: unknown) => Promise<unknown>>;
  onEvent(listener: (m: unknown) => void): () => void;
  pathForFile(file: unknown): string;
}
let bridge: Bridge;

beforeAll(async () => {
  await import('../../src/preload/index');
  bridge = fake.exposed['rampart'] as Bridge;
});

describe('preload bridge', () => {
  it('exposes only window.rampart', () => {
    expect(Object.keys(fake.exposed)).toEqual(['rampart']);
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'pathForFile', 'request']);
  });

  it('has one named function per contract request, calling its channel', async () => {
    expect(Object.keys(bridge.request).sort()).toEqual([...REQUEST_NAMES].sort());
    for (const name of REQUEST_NAMES) {
      await bridge.request[name]?.({ a: 1 });
      expect(fake.invocations.at(-1)).toEqual({ channel: requestChannel(name), args: { a: 1 } });
    }
  });

  it('unwraps the reply envelope and turns errors into rejections', async () => {
    fake.setReply({ ok: true, result: { cancelled: true } });
    await expect(bridge.request['jobs.cancel']?.({ jobId: 'j' })).resolves.toEqual({
      cancelled: true,
    });
    fake.setReply({
      ok: false,
      error: 'invalid request jobs.cancel: jobId: too small',
      code: 'invalid_request',
    });
    await expect(bridge.request['jobs.cancel']?.({ jobId: '' })).rejects.toThrow(
      'jobId: too small',
    );
    fake.setReply('garbage');
    await expect(bridge.request['app.info']?.({})).rejects.toThrow('malformed reply');
  });

  it('delivers events without the IPC event object and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.onEvent((m) => got.push(m));
    const hs = [...(fake.listeners.get(EVENT_CHANNEL) ?? [])] as Handler[];
    expect(hs).toHaveLength(1);
    hs[0]?.({ sender: 'secret' }, { event: 'datasets.changed', payload: {} });
    expect(got).toEqual([{ event: 'datasets.changed', payload: {} }]);
    off();
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('looks up a picked file’s path through webUtils', () => {
    expect(bridge.pathForFile({})).toBe('/picked/file.csv');
  });
});
