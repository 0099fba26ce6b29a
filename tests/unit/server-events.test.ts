/** Transport tests of `GET /events`: the WebSocket forwards every EventHub event and checks access. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { JobProgress } from '../../src/shared/contract';
import { startTestHost, type TestHost } from './server-http-helpers';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.host.close();
});

/** Open a socket; resolves when open, rejects with the refusal status. */
function connect(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.host.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const progress: JobProgress = {
  jobId: 'j1',
  phase: 'reading',
  rowsRead: 10,
  rowsSkipped: 1,
  bytesRead: 100,
  totalBytes: 1000,
  rowsPerSec: 5,
  fraction: 0.1,
  etaSec: 9,
};

describe('events WebSocket', () => {
  it('delivers every event as {event, payload}', async () => {
    const ws = await connect(`/events?token=${t.host.token}`);
    const got: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        got.push(JSON.parse(data.toString('utf8')));
        if (got.length === 2) resolve();
      });
    });
    t.service.events.emit('job.progress', progress);
    t.service.events.emit('datasets.changed', {});
    await done;
    expect(got).toEqual([
      { event: 'job.progress', payload: progress },
      { event: 'datasets.changed', payload: {} },
    ]);
    ws.close();
  });

  it('refuses a connection without or with a wrong token (401)', async () => {
    await expect(connect('/events')).rejects.toThrow('status 401');
    await expect(connect(`/events?token=${'a'.repeat(64)}`)).rejects.toThrow('status 401');
  });

  it('refuses a cross-site Origin (403) even with the token', async () => {
    await expect(
      connect(`/events?token=${t.host.token}`, { Origin: 'http://evil.example' }),
    ).rejects.toThrow('status 403');
  });

  it('accepts its own Origin', async () => {
    const ws = await connect(`/events?token=${t.host.token}`, {
      Origin: `http://localhost:${t.host.port}`,
    });
    ws.close();
  });

  it('refuses upgrades on other paths', async () => {
    await expect(connect(`/api/app.info?token=${t.host.token}`)).rejects.toThrow('status 404');
  });

  it('closes clients when the host closes', async () => {
    const ws = await connect(`/events?token=${t.host.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await t.host.close();
    expect(await closed).toBe(1001);
    t = await startTestHost(); // afterEach closes this one
  });
});
