/** Transport tests of the headless host: token, Host / Origin checks and response headers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../src/main/runtime/security';
import { api, raw, startTestHost, type TestHost } from './server-http-helpers';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.host.close();
});

describe('token', () => {
  it('is 32 random bytes in hex and appears in the URL', () => {
    expect(t.host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(t.host.url).toBe(`http://127.0.0.1:${t.host.port}/?token=${t.host.token}`);
  });

  it('refuses an API request without a token with 401', async () => {
    const r = await raw(t.host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
    expect(t.service.calls).toHaveLength(0);
  });

  it('refuses a wrong token with 401', async () => {
    const r = await api(t, 'app.info', {}, { Authorization: `Bearer ${'0'.repeat(64)}` });
    expect(r.status).toBe(401);
    const short = await api(t, 'app.info', {}, { Authorization: 'Bearer x' });
    expect(short.status).toBe(401);
    expect(t.service.calls).toHaveLength(0);
  });

  it('does not accept the token in the query for fetch requests', async () => {
    const r = await raw(t.host.port, {
      method: 'POST',
      path: `/api/app.info?token=${t.host.token}`,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
  });

  it('accepts the right token', async () => {
    const r = await api(t, 'app.info', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { host: 'headless' } });
  });

  it('compares tokens by value', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
  });
});

describe('same-origin checks', () => {
  it('refuses a cross-site Origin even with the token', async () => {
    const r = await api(t, 'app.info', {}, { Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(t.service.calls).toHaveLength(0);
  });

  it('refuses the same host on another port', async () => {
    const r = await api(t, 'app.info', {}, { Origin: `http://127.0.0.1:${t.host.port + 1}` });
    expect(r.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await api(t, 'app.info', {}, { Host: `attacker.example:${t.host.port}` });
    expect(r.status).toBe(403);
    const page = await raw(t.host.port, { path: '/', headers: { Host: 'attacker.example' } });
    expect(page.status).toBe(403);
  });

  it('accepts its own origin under both loopback names', async () => {
    for (const name of ['127.0.0.1', 'localhost']) {
      const origin = `http://${name}:${t.host.port}`;
      const r = await api(t, 'app.info', {}, { Origin: origin, Host: `${name}:${t.host.port}` });
      expect(r.status).toBe(200);
    }
  });
});

describe('response headers', () => {
  it('sends a strict CSP and the hardening headers on pages and API replies', async () => {
    for (const r of [await raw(t.host.port, { path: '/' }), await api(t, 'app.info', {})]) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(
        `connect-src 'self' ws://127.0.0.1:${t.host.port} ws://localhost:${t.host.port}`,
      );
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
