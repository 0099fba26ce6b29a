/** The Electron shell's environment settings and its opt-in e2e host, without Electron. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startE2eHost } from '../../src/main/transports/electron/e2eHost';
import {
  DEFAULT_SHELL_SETTINGS,
  databasePath,
  shellSettings,
} from '../../src/main/transports/electron/settings';
import { consoleUrlLine } from '../../src/main/transports/server';
import { createTransportDouble } from './server-transport-double';

describe('shellSettings', () => {
  it('uses the defaults when nothing is set, and treats empty values as unset', () => {
    expect(shellSettings({})).toEqual(DEFAULT_SHELL_SETTINGS);
    expect(
      shellSettings({
        RAMPART_USER_DATA: '',
        RAMPART_DB: '',
        RAMPART_NO_DEMO: '',
        RAMPART_E2E_HOST: '',
      }),
    ).toEqual(DEFAULT_SHELL_SETTINGS);
    expect(DEFAULT_SHELL_SETTINGS).toEqual({
      userData: null,
      dbPath: null,
      seedDemo: true,
      e2eHost: false,
    });
  });

  it('reads the profile folder, the database and the switches', () => {
    expect(
      shellSettings({
        RAMPART_USER_DATA: '/tmp/profile',
        RAMPART_DB: '/tmp/e2e/rampart.sqlite',
        RAMPART_NO_DEMO: '1',
        RAMPART_E2E_HOST: '1',
      }),
    ).toEqual({
      userData: '/tmp/profile',
      dbPath: '/tmp/e2e/rampart.sqlite',
      seedDemo: false,
      e2eHost: true,
    });
  });

  it('opens the e2e host for exactly RAMPART_E2E_HOST=1 and nothing else', () => {
    for (const v of ['0', 'true', 'yes', ' 1', '1 ', 'on'])
      expect(shellSettings({ RAMPART_E2E_HOST: v }).e2eHost, v).toBe(false);
    expect(shellSettings({ RAMPART_E2E_HOST: '1' }).e2eHost).toBe(true);
  });
});

describe('databasePath', () => {
  it('is RAMPART_DB when set, else rampart.sqlite in the profile folder', () => {
    expect(databasePath(shellSettings({}), '/home/a/.config/rampart')).toBe(
      join('/home/a/.config/rampart', 'rampart.sqlite'),
    );
    expect(databasePath(shellSettings({ RAMPART_DB: '/tmp/x.sqlite' }), '/home/a')).toBe(
      '/tmp/x.sqlite',
    );
  });
});

describe('startE2eHost', () => {
  it('prints the serve line once and serves the same core over loopback with its token', async () => {
    const service = createTransportDouble();
    const lines: string[] = [];
    const host = await startE2eHost(service, (line) => lines.push(line));
    try {
      expect(lines).toEqual([consoleUrlLine(host.url)]);
      // What the e2e fixtures parse (tests/e2e/support) and what `rampart serve` prints.
      const m = /^Rampart console: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}))$/.exec(
        lines[0] ?? '',
      );
      expect(m).not.toBeNull();
      expect(Number(m?.[2])).toBe(host.port);
      expect(m?.[3]).toBe(host.token);

      const base = `http://127.0.0.1:${host.port}`;
      const ok = await fetch(`${base}/api/app.info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
        body: '{}',
      });
      expect(await ok.json()).toMatchObject({ ok: true, result: { version: '0.0.0-test' } });
      expect(service.calls.map((c) => c.name)).toEqual(['app.info']);
      const refused = await fetch(`${base}/api/app.info`, { method: 'POST', body: '{}' });
      expect(refused.status).toBe(401);
    } finally {
      await host.close();
    }
    await expect(fetch(`http://127.0.0.1:${host.port}/api/app.info`)).rejects.toThrow();
  });

  it('draws a new token and port on every start', async () => {
    const service = createTransportDouble();
    const a = await startE2eHost(service, () => {});
    const b = await startE2eHost(service, () => {});
    try {
      expect(a.token).not.toBe(b.token);
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
