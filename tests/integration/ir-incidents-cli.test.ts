/**
 * `rampart incidents` in process: alert files (the hand-written fixtures) and a stored dataset
 * (synthetic demo flows loaded through the real app service into a temporary SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { callService, loadPaths } from '../helpers/service';
import { runCli as cli } from '../helpers/cli';
import type { PlannedIncident } from '../../src/main/transports/cli/incidentPlans';

const fixtures = resolve(__dirname, '../fixtures/ir');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-ir-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart incidents', () => {
  it('groups Snort and EVE files (auto-detected) and lists bad lines with file:line', async () => {
    const files = ['esorics-style.txt', 'eve.jsonl', 'snort-fast.txt'].map((f) =>
      join(fixtures, f),
    );
    const r = await cli(['incidents', ...files, '--year', '2017', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.input.files.map((f: { format: string }) => f.format)).toEqual([
      'snort',
      'suricata',
      'snort',
    ]);
    expect(j.input.skipped).toBe(2 + 6 + 3);
    expect(j.input.files[1].issues[0]).toEqual({
      where: `${files[1]}:4`,
      reason: 'alert event without alert.signature',
    });
    expect(j.report.gateways).toEqual(['10.0.2.10']);
    const pivot = j.incidents.find((i: { sources: string[] }) => i.sources[0] === '10.0.2.20');
    expect(pivot).toMatchObject({ family: 'exploit', targets: ['10.0.2.21'], alertCount: 1 });
    expect(pivot.chainedFrom).toHaveLength(1);
    const attacker = j.incidents.find(
      (i: { sources: string[] }) => i.sources[0] === '205.174.165.73',
    );
    expect(attacker).toMatchObject({ family: 'brute-force', targets: ['192.168.10.50'] });
  });

  it('prints a table without --json and honours --format and --gap-min', async () => {
    const file = join(fixtures, 'esorics-style.txt');
    const r = await cli(['incidents', file, '--format', 'snort', '--gap-min', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('esorics-style.txt:13: malformed Snort fast-alert line');
    expect(r.out).toMatch(/brute-force\s+10\.0\.1\.11\s+10\.0\.2\.20,10\.0\.2\.21/);
    expect(r.out).toMatch(/exploit\s+10\.0\.2\.20\s+10\.0\.2\.21 .* inc-[0-9a-f]{12}/);
    const forced = await cli(['incidents', file, '--format', 'suricata', '--json']);
    expect(forced.code).toBe(1); // every line is bad JSON: no alerts
    expect(JSON.parse(forced.out).input.skipped).toBe(14);
  });

  it('refuses bad command lines with exit 2', async () => {
    expect((await cli(['incidents'])).code).toBe(2);
    expect((await cli(['incidents', 'x.txt', '--format', 'pcap'])).code).toBe(2);
    expect((await cli(['incidents', join(dir, 'missing.txt')])).code).toBe(2);
    expect(
      (await cli(['incidents', '--dataset', '1', '--db', join(dir, 'none.sqlite')])).code,
    ).toBe(2);
  });

  it('--dataset N --db FILE groups a stored dataset’s flow alerts', async () => {
    const csv = join(dir, 'demo.csv');
    await writeDemoCsv(csv, { rows: 1500, seed: 7, mix: 'balanced' });
    const dbPath = join(dir, 'db.sqlite');
    const svc = await createAppService({ dbPath, host: 'headless', seedDemo: false });
    let datasetId: number | null = null;
    let decided: { id: string; action: string } | null = null;
    try {
      const fin = await loadPaths(svc, [csv]);
      expect(fin.ok).toBe(true);
      datasetId = fin.datasetId;
      // One approved step, so --plan must start from the stored decision.
      const list = await callService(svc, 'incidents.list', { datasetId: datasetId! });
      const attack = list.find((i) => !i.falsePositive)!;
      const d = await callService(svc, 'incidents.decide', {
        datasetId: datasetId!,
        incidentId: attack.id,
        decision: 'approve',
      });
      const a = d.history[0]!.action!;
      decided = { id: attack.id, action: `${a.verb} ${a.target}` };
    } finally {
      await svc.close();
    }
    const r = await cli(['incidents', '--dataset', String(datasetId), '--db', dbPath, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.input.files[0].format).toBe('flow-alerts');
    expect(j.report.alertsIn).toBe(j.input.files[0].counts.alerts);
    expect(j.incidents.length).toBeGreaterThan(0);
    const total = j.incidents.reduce((n: number, i: { alertCount: number }) => n + i.alertCount, 0);
    expect(total).toBe(j.report.alertsUsed);
    expect(j.incidents.some((i: { falsePositive: boolean }) => i.falsePositive)).toBe(true);
    const missing = await cli(['incidents', '--dataset', '999', '--db', dbPath]);
    expect(missing.code).toBe(2);

    const planned = await cli([
      'incidents',
      '--dataset',
      String(datasetId),
      '--db',
      dbPath,
      '--plan',
      '--json',
    ]);
    expect(planned.code, planned.err).toBe(0);
    const plans = JSON.parse(planned.out).incidents as PlannedIncident[];
    expect(plans.length).toBe(
      j.incidents.filter((i: { falsePositive: boolean }) => !i.falsePositive).length,
    );
    for (const p of plans) {
      expect(p.entities.attackers.length).toBeGreaterThan(0);
      expect(p.hypotheses.length).toBeGreaterThanOrEqual(2);
      const own = new Set([
        ...p.entities.attackers.map((a) => a.address),
        ...p.entities.victims,
        ...p.entities.services,
        ...p.entities.externalPeers,
      ]);
      if (p.next?.target) expect(own).toContain(p.next.target);
      if (p.next) expect(p.next.expects).toMatch(/^expects /);
    }
    const after = plans.find((p) => p.id === decided!.id)!;
    expect(after.steps).toBe(1);
    expect(`${after.next?.verb} ${after.next?.target}`).not.toBe(decided!.action);
  });
});
