/** Transport tests of the static renderer files: index, MIME types and no way out of the folder. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../src/main/transports/server/static';
import { raw, startTestHost, type TestHost } from './server-http-helpers';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.host.close();
});

describe('static files', () => {
  it('serves index.html for / without a token', async () => {
    const r = await raw(t.host.port, { path: `/?token=${'f'.repeat(64)}` });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<title>t</title>');
  });

  it('serves assets with their MIME types', async () => {
    const js = await raw(t.host.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await raw(t.host.port, { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await raw(t.host.port, { path: '/nope.js' })).status).toBe(404);
    expect((await raw(t.host.port, { path: '/assets' })).status).toBe(404);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%00index.html',
      '/%zz',
    ];
    for (const path of attempts) {
      const r = await raw(t.host.port, { path });
      expect(r.status, path).not.toBe(200);
      expect(r.body, path).not.toContain('TOP-SECRET');
    }
  });

  it('refuses writes to static paths', async () => {
    expect((await raw(t.host.port, { method: 'POST', path: '/index.html' })).status).toBe(405);
  });

  it('resolves only paths inside the root', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticPath('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
    expect(resolveStaticPath('/srv/r', '/../r2/x')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/%2e%2e/r2/x')).toBeNull();
  });
});
