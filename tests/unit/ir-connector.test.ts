import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONNECTOR,
  loadConnectorConfig,
  runConnector,
  type ConnectorConfig,
} from '../../src/main/app/incidentDesk/connector';
import { EnforcementError } from '../../src/main/domain/ir/grounded/enforce';

const ATTACKER = '205.174.165.73';
const block = { verb: 'block-endpoint', target: ATTACKER };
const ctx = { incidentId: 'INC-42' };
const on = (templates: ConnectorConfig['templates'], timeoutMs = 15_000): ConnectorConfig => ({
  enabled: true,
  timeoutMs,
  templates,
});

const dir = mkdtempSync(join(tmpdir(), 'rampart-connector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runConnector', () => {
  it('is off by default: nothing runs', async () => {
    expect(DEFAULT_CONNECTOR.enabled).toBe(false);
    const cfg = { ...DEFAULT_CONNECTOR, templates: { 'block-endpoint': ['/bin/echo', 'x'] } };
    const r = await runConnector(cfg, block, ctx);
    expect(r.ran).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.reason).toMatch(/disabled/);
  });

  it('runs nothing for a verb without a template', async () => {
    const r = await runConnector(on({}), block, ctx);
    expect(r).toMatchObject({ ran: false, argv: [] });
    expect(r.reason).toMatch(/no template/);
  });

  it('runs the template with the validated address, without a shell', async () => {
    const r = await runConnector(
      on({ 'block-endpoint': ['/bin/echo', 'block', '{address}'] }),
      block,
      ctx,
    );
    expect(r).toEqual({
      ran: true,
      argv: ['/bin/echo', 'block', ATTACKER],
      exitCode: 0,
      stdout: `block ${ATTACKER}\n`,
      stderr: '',
    });
  });

  it('fills service and incident placeholders; shell syntax in a template stays literal', async () => {
    const cfg = on({
      'deploy-ips-rule': ['/bin/echo', '{incident}', '{host}', '{port}/{proto}', '$(id)'],
    });
    const r = await runConnector(
      cfg,
      { verb: 'deploy-ips-rule', target: '192.168.10.50:21/tcp' },
      ctx,
    );
    expect(r.stdout).toBe('INC-42 192.168.10.50 21/tcp $(id)\n');
  });

  it('reports a non-zero exit code', async () => {
    const r = await runConnector(on({ 'block-endpoint': ['/bin/false'] }), block, ctx);
    expect(r).toMatchObject({ ran: true, exitCode: 1 });
  });

  it('stops a program that runs past the timeout', async () => {
    const r = await runConnector(on({ 'block-endpoint': ['/bin/sleep', '5'] }, 200), block, ctx);
    expect(r).toMatchObject({ ran: true, exitCode: null });
    expect(r.reason).toMatch(/timed out/);
  });

  it('refuses a relative argv[0] (it would be looked up on PATH)', async () => {
    const r = await runConnector(on({ 'block-endpoint': ['echo', '{address}'] }), block, ctx);
    expect(r.ran).toBe(false);
    expect(r.reason).toMatch(/absolute/);
    const p = await runConnector(on({ 'block-endpoint': ['{address}'] }), block, ctx);
    expect(p.ran).toBe(false);
  });

  it('throws before anything runs for an invalid address or a placeholder without a value', async () => {
    const marker = join(dir, 'ran');
    const cfg = on({
      'block-endpoint': ['/usr/bin/touch', marker, '{address}'],
      'isolate-host': ['/usr/bin/touch', marker, '{port}'],
    });
    for (const target of ['1.2.3.4; rm -rf /', '$(id)', '300.1.1.1'])
      await expect(runConnector(cfg, { verb: 'block-endpoint', target }, ctx)).rejects.toThrow(
        EnforcementError,
      );
    await expect(
      runConnector(cfg, { verb: 'isolate-host', target: '10.0.0.5' }, ctx),
    ).rejects.toThrow(/\{port\}/);
    await expect(runConnector(cfg, block, { incidentId: 'a b' })).rejects.toThrow(EnforcementError);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('loadConnectorConfig', () => {
  it('a missing file gives the default', () => {
    expect(loadConnectorConfig(join(dir, 'absent.json'))).toEqual(DEFAULT_CONNECTOR);
  });

  it('reads a valid file, defaults filled in', () => {
    const f = join(dir, 'ok.json');
    writeFileSync(
      f,
      JSON.stringify({
        enabled: true,
        templates: { 'block-endpoint': ['/bin/echo', '{address}'] },
      }),
    );
    expect(loadConnectorConfig(f)).toEqual({
      enabled: true,
      timeoutMs: 15_000,
      templates: { 'block-endpoint': ['/bin/echo', '{address}'] },
    });
  });

  it('bad JSON throws naming the file', () => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, '{ "enabled": tru');
    expect(() => loadConnectorConfig(f)).toThrow(`connector config ${f}: not JSON`);
  });

  it.each([
    [{ enabled: 'yes' }, /enabled/],
    [{ templates: { 'block-endpoint': ['echo', '{address}'] } }, /absolute path/],
    [{ templates: { 'block-endpoint': ['/bin/echo', '{addr}'] } }, /unknown placeholder \{addr\}/],
    [{ templates: { 'format-disk': ['/bin/echo'] } }, /not a catalogue verb/],
    [{ enabled: true, shell: true }, /shell/],
  ])('schema errors name the file and the reason: %j', (content, why) => {
    const f = join(dir, 'schema.json');
    writeFileSync(f, JSON.stringify(content));
    expect(() => loadConnectorConfig(f)).toThrow(f);
    expect(() => loadConnectorConfig(f)).toThrow(why);
  });
});
