/** IPC registration driven through a fake IpcMainLike (no Electron): channels, envelopes, events. */
import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNEL,
  forwardEvents,
  registerIpc,
  requestChannel,
  type IpcInvokeEventLike,
  type IpcMainLike,
} from '../../src/main/transports/electron/ipc';
import { appOrigin, isAppUrl } from '../../src/main/transports/electron/policy';
import { REQUEST_NAMES } from '../../src/shared/contract';
import { createTransportDouble } from './server-transport-double';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/** A fake ipcMain that records handlers and lets a test invoke them like a renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(
    channel: string,
    args: unknown,
    url = 'file:///app/out/renderer/index.html',
  ): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h({ senderFrame: { url } }, args));
  }
}

describe('registerIpc', () => {
  it('registers exactly one channel per contract request', () => {
    const ipc = new FakeIpcMain();
    registerIpc(ipc, createTransportDouble().handlers);
    expect([...ipc.handlers.keys()].sort()).toEqual(
      REQUEST_NAMES.map((n) => `rampart:${n}`).sort(),
    );
    for (const name of REQUEST_NAMES)
      expect(ipc.handlers.has(requestChannel(name)), name).toBe(true);
  });

  it('routes every request to its handler with validated arguments', async () => {
    const ipc = new FakeIpcMain();
    const svc = createTransportDouble();
    registerIpc(ipc, svc.handlers);
    const args: Record<string, unknown> = {
      'datasets.loadPaths': { paths: ['/a.csv'] },
      'jobs.cancel': { jobId: 'j' },
      'datasets.reclassify': { datasetId: 1 },
      'datasets.resume': { datasetId: 1 },
      'datasets.delete': { datasetId: 1 },
      'datasets.rescore': { datasetId: 1, detectorId: 2 },
      'detector.confirm': { detectorId: 2 },
      'feed.switchDetector': { feedId: 'f', detectorId: 2 },
      'alerts.query': { datasetId: 1 },
      'signatures.get': { id: 2 },
      'alerts.detail': { id: 3 },
      'alerts.decide': { alertIds: [3], decision: 'approve' },
      'alerts.queue': {},
      'alerts.decideGroup': {
        group: { signatureId: 2, src: '10.0.0.1', dst: '10.0.0.2', dstPort: 80 },
        decision: 'approve',
      },
      'advisor.setModel': { path: null },
      'advisor.setPrompt': { prompt: 'paper' },
      'training.start': { datasetId: 1, method: 'ppo' },
      'training.control': { runId: 'r', action: 'stop' },
      'training.study': { datasetId: 1 },
      'training.studyControl': { studyId: 's', action: 'stop' },
      'feed.start': { kind: 'tcp' },
      'feed.stop': { feedId: 'f' },
      'export.decisions': { what: 'audit', format: 'csv' },
      'autoApprove.set': { thresholds: {} },
      'incidents.list': { datasetId: 1 },
      'incidents.get': { datasetId: 1, incidentId: 'i' },
      'incidents.decide': { datasetId: 1, incidentId: 'i', decision: 'approve' },
      'incidents.report': { datasetId: 1, incidentId: 'i' },
      'incidents.answer': {
        datasetId: 1,
        incidentId: 'i',
        step: 1,
        answers: { 'q-login-success': 'yes' },
      },
    };
    for (const name of REQUEST_NAMES) await ipc.invoke(requestChannel(name), args[name] ?? {});
    expect(svc.calls.map((c) => c.name)).toEqual(REQUEST_NAMES);
    expect(svc.calls.find((c) => c.name === 'datasets.loadDemo')?.args).toEqual({
      rows: 20_000,
      seed: 1,
    });
  });

  it('answers in the API envelope: result, invalid request, internal error', async () => {
    const ipc = new FakeIpcMain();
    registerIpc(ipc, createTransportDouble().handlers);
    expect(await ipc.invoke('rampart:jobs.cancel', { jobId: 'j' })).toEqual({
      ok: true,
      result: { cancelled: true },
    });
    const bad = (await ipc.invoke('rampart:signatures.get', { id: 'x' })) as {
      ok: boolean;
      code: string;
      error: string;
    };
    expect(bad).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(bad.error).toContain('id');
    expect(await ipc.invoke('rampart:detector.report', {})).toEqual({
      ok: false,
      error: 'no detector in the transport double',
      code: 'internal',
    });
  });

  it('refuses senders that are not the app’s own page', async () => {
    const ipc = new FakeIpcMain();
    const svc = createTransportDouble();
    const origin = appOrigin('/app/out/renderer', undefined);
    registerIpc(ipc, svc.handlers, { isTrustedSender: (url) => isAppUrl(origin, url) });
    const ok = await ipc.invoke('rampart:app.info', {});
    expect(ok).toMatchObject({ ok: true });
    const evil = await ipc.invoke('rampart:app.info', {}, 'https://evil.example/');
    expect(evil).toMatchObject({ ok: false, code: 'invalid_request' });
    const otherFile = await ipc.invoke('rampart:app.info', {}, 'file:///etc/passwd');
    expect(otherFile).toMatchObject({ ok: false });
    expect(svc.calls).toHaveLength(1);
  });

  it('removes its handlers on dispose', () => {
    const ipc = new FakeIpcMain();
    const dispose = registerIpc(ipc, createTransportDouble().handlers);
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends every event on rampart:event as {event, payload} until unsubscribed', () => {
    const svc = createTransportDouble();
    const sent: { channel: string; message: unknown }[] = [];
    const stop = forwardEvents(svc.events, (channel, message) => sent.push({ channel, message }));
    svc.events.emit('datasets.changed', {});
    stop();
    svc.events.emit('datasets.changed', {});
    expect(sent).toEqual([
      { channel: EVENT_CHANNEL, message: { event: 'datasets.changed', payload: {} } },
    ]);
  });
});

describe('app origin policy', () => {
  it('trusts the renderer folder and the dev server only', () => {
    const o = appOrigin('/app/out/renderer', 'http://localhost:5173/');
    expect(isAppUrl(o, 'file:///app/out/renderer/index.html')).toBe(true);
    expect(isAppUrl(o, 'file:///app/out/renderer-evil/index.html')).toBe(false);
    expect(isAppUrl(o, 'http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isAppUrl(o, 'ws://localhost:5173/')).toBe(true);
    expect(isAppUrl(o, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(appOrigin('/app/out/renderer', undefined), 'http://localhost:5173/')).toBe(
      false,
    );
  });
});
