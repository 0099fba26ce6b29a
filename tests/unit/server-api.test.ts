/** Transport tests of `POST /api/<request>`: validation, routing and the reply envelope. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES } from '../../src/main/transports/server/api';
import { api, raw, startTestHost, type TestHost } from './server-http-helpers';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.host.close();
});

describe('POST /api/<request>', () => {
  it('validates, fills defaults and routes to the handler', async () => {
    const r = await api(t, 'alerts.query', { datasetId: 3 });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, result: { total: 0, rows: [] } });
    expect(t.service.calls).toEqual([
      {
        name: 'alerts.query',
        args: { datasetId: 3, offset: 0, limit: 200, sort: 'id', desc: false },
      },
    ]);
  });

  it('answers invalid arguments with 400 and the schema message', async () => {
    const r = await api(t, 'alerts.query', { datasetId: -1, limit: 5000 });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body) as { ok: boolean; error: string; code: string };
    expect(body.ok).toBe(false);
    expect(body.code).toBe('invalid_request');
    expect(body.error).toContain('invalid request alerts.query');
    expect(body.error).toContain('datasetId');
    expect(body.error).toContain('limit');
    expect(t.service.calls).toHaveLength(0);
  });

  it('refuses unknown arguments (strict schemas)', async () => {
    const r = await api(t, 'app.info', { extra: 1 });
    expect(r.status).toBe(400);
  });

  it('answers an unknown request with 400', async () => {
    for (const name of ['no.such', 'constructor', '__proto__', 'upload%zz']) {
      const r = await api(t, name, {});
      expect(r.status, name).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: 'invalid_request' });
    }
  });

  it('answers a failing handler with 500 and its message', async () => {
    const r = await api(t, 'detector.report', {});
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: 'no detector in the transport double',
      code: 'internal',
    });
  });

  it('treats an empty body as no arguments', async () => {
    const r = await raw(t.host.port, {
      method: 'POST',
      path: '/api/datasets.list',
      headers: { Authorization: `Bearer ${t.host.token}`, 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(200);
  });

  it('refuses malformed JSON, other content types, other methods and oversized bodies', async () => {
    const auth = { Authorization: `Bearer ${t.host.token}` };
    const bad = await raw(t.host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    const text = await raw(t.host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const get = await raw(t.host.port, { path: '/api/app.info', headers: auth });
    expect(get.status).toBe(405);
    const big = await raw(t.host.port, {
      method: 'POST',
      path: '/api/datasets.loadPaths',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: ['x'.repeat(MAX_JSON_BYTES)] }),
    });
    expect(big.status).toBe(413);
    expect(t.service.calls).toHaveLength(0);
  });

  it('answers a plain GET of /events with 426', async () => {
    const r = await raw(t.host.port, { path: '/events' });
    expect(r.status).toBe(426);
  });
});
