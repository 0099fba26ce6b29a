/**
 * Incidents from real alerts outside the project (skipped, with a message, when absent): the
 * ESORICS'26 twin's Snort logs, and CICIDS2017 flows pushed through the real load → detector →
 * alerts pipeline of the app service and read back from SQLite.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import {
  flowAlertsToIr,
  groupIncidentsWithReport,
  parseAlertText,
} from '../../src/main/domain/ir/grouping';
import { flowAlertRows } from '../../src/main/app/incidentDesk/storeAlerts';
import { Store } from '../../src/main/store/store';
import type { LoadFinished } from '../../src/shared/contract';
import { callService } from '../helpers/service';

const shared = (p: string) => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const esorics = shared('incidents/esorics26');
const cicids = shared('cicids2017/improved-rnd5000');
if (!existsSync(esorics)) console.log(`ir-incidents: ${esorics} not found, skipping ESORICS tests`);
if (!existsSync(cicids)) console.log(`ir-incidents: ${cicids} not found, skipping CICIDS tests`);

/** The scenarios, each with the host its narrative says the attacker pivoted from. */
const SCENARIOS = [
  { logs: 'logs.txt', incident: 'incident.txt', pivot: '10.0.2.11', next: '10.0.2.13' },
  {
    logs: 'logs_four_servers_diverse.txt',
    incident: 'incident_four_servers_diverse.txt',
    pivot: '10.0.2.13',
    next: '10.0.2.11',
  },
  {
    logs: 'logs_5_servers_diverse.txt',
    incident: 'incident_5_servers_diverse.txt',
    pivot: '10.0.2.15',
    next: '10.0.2.12',
  },
] as const;

/** The addresses on the "IPs/hostnames targeted by the attack:" line of an incident file. */
function expectedTargets(incidentFile: string): string[] {
  const line = readFileSync(join(esorics, incidentFile), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('IPs/hostnames targeted by the attack:'));
  return (line?.match(/\d+\.\d+\.\d+\.\d+/g) ?? []).sort();
}

describe.skipIf(!existsSync(esorics))('ESORICS’26 Snort logs', () => {
  it.each(SCENARIOS)('$logs: one incident from 10.0.1.11 on the incident file’s targets', (s) => {
    const text = readFileSync(join(esorics, s.logs), 'utf8');
    const parsed = parseAlertText(text, s.logs);
    expect(parsed.counts.bad).toBe(0);
    expect(parsed.counts.alerts).toBeGreaterThan(50);
    expect(parsed.counts.notAnAlert).toBeGreaterThan(5); // the prose and "Stage N records" lines
    const { incidents, report } = groupIncidentsWithReport(parsed.alerts);
    expect(report.gateways).toEqual(['10.0.2.10']);
    expect(report.natCopies).toBeGreaterThan(0);
    expect(incidents).toHaveLength(1);
    const [main] = incidents;
    expect(main?.sources).toEqual(['10.0.1.11']);
    expect(main?.targets).toEqual(expectedTargets(s.incident));
    expect(main?.falsePositive).toBe(false);
    expect(main?.chainedFrom).toEqual([]);
    expect(main?.stages).toEqual(expect.arrayContaining(['brute-force', 'exploit']));
  });

  it.each(SCENARIOS)('$logs: the pivot host’s own alerts chain to the main incident', (s) => {
    const text = readFileSync(join(esorics, s.logs), 'utf8');
    const parsed = parseAlertText(text, s.logs);
    // The gateway sensor never sees server-to-server traffic: the only alerts with a server as
    // source are ICMP echo replies. The narrated lateral step is added as one alert line.
    const fromPivot = parsed.alerts.filter((a) => a.src === s.pivot);
    expect(fromPivot.every((a) => a.proto === 'ICMP')).toBe(true);
    const last = Math.max(...parsed.alerts.map((a) => a.time));
    const stamp = new Date(last + 60_000).toISOString().replace('T', ' ').replace('.', ',');
    const lateral = `${stamp.slice(0, 23)} [    INFO] Alert: [pri=1 cls=Web Application Attack] {TCP} ${s.pivot}:41000 -> ${s.next}:80 [1:1000005:2] Shellshock attack attempt`;
    const withLateral = parseAlertText(`${text}\n${lateral}\n`, s.logs);
    expect(withLateral.counts.alerts).toBe(parsed.counts.alerts + 1);
    const incidents = groupIncidentsWithReport(withLateral.alerts).incidents;
    expect(incidents.map((i) => [i.sources[0], i.targets, i.chainedFrom])).toEqual([
      ['10.0.1.11', expectedTargets(s.incident), []],
      [s.pivot, [s.next], [incidents[0]?.id]],
    ]);
  });
});

describe.skipIf(!existsSync(cicids))('CICIDS2017 flows through the detector', () => {
  let dir = '';
  let svc: AppService | undefined;
  afterAll(async () => {
    await svc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('groups the attacks into a few incidents per family with 172.16.0.1 folded', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-ir-'));
    svc = await createAppService({
      dbPath: join(dir, 'db.sqlite'),
      host: 'headless',
      seedDemo: false,
    });
    const paths = ['FTP-Patator_3972.csv', 'SSH-Patator_2961.csv', 'Botnet_736.csv'].map((f) =>
      join(cicids, f),
    );
    const running = svc;
    let jobId = '';
    const finished = new Promise<LoadFinished>((res) => {
      const off = running.events.subscribe((event, payload) => {
        const p = payload as LoadFinished;
        if (event === 'job.finished' && p.jobId === jobId) {
          off();
          res(p);
        }
      });
    });
    jobId = (await callService(svc, 'datasets.loadPaths', { paths, extraClasses: ['Bot'] })).jobId;
    const fin = await finished;
    expect(fin.ok).toBe(true);
    const store = Store.open(svc.dbPath);
    let alerts;
    try {
      alerts = flowAlertsToIr(flowAlertRows(store, fin.datasetId ?? 0));
    } finally {
      store.close();
    }
    expect(alerts.length).toBeGreaterThan(7000);
    const { incidents } = groupIncidentsWithReport(alerts);
    const attacks = incidents.filter((i) => !i.falsePositive);
    const perFamily = new Map<string, number>();
    for (const i of attacks) perFamily.set(i.family, (perFamily.get(i.family) ?? 0) + 1);
    console.log(
      'ir-incidents CICIDS:',
      attacks.map(
        (i) =>
          `${i.family} ${i.sources.join()}→${i.targets.length} hosts, ${i.alerts.length} alerts, chained ${i.chainedFrom.length}`,
      ),
    );
    // every brute-force incident comes from the external attacker, never from the firewall address
    const brute = attacks.filter((i) => i.family === 'brute-force');
    expect(brute.length).toBeGreaterThanOrEqual(1);
    expect(brute.length).toBeLessThanOrEqual(4);
    for (const i of brute) expect(i.sources).toEqual(['205.174.165.73']);
    expect(incidents.some((i) => i.sources.includes('172.16.0.1'))).toBe(false);
    const brutedAlerts = brute.reduce((n, i) => n + i.alerts.length, 0);
    expect(brutedAlerts).toBeGreaterThan(0.9 * (3972 + 2961));
    // the bots: one incident per infected host, all talking to 205.174.165.73, chained as one C2
    const bots = attacks.filter((i) => i.family === 'botnet');
    expect(bots.length).toBeGreaterThanOrEqual(2);
    expect(bots.length).toBeLessThanOrEqual(10);
    const root = bots[0]?.id;
    for (const b of bots.slice(1)) {
      expect(b.targets).toContain('205.174.165.73');
      expect(b.chainedFrom).toContain(root);
    }
    for (const [, n] of perFamily) expect(n).toBeLessThanOrEqual(15);
  });
});
