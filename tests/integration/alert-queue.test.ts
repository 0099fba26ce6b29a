/**
 * The aggregated queue on real CICIDS2017 flows (FTP-Patator among benign, behind the lab's NAT):
 * groups by signature × source × destination × service, benign hidden, NAT aliases folded, one
 * decision per group audited per alert, and the flow record and related flows of an alert.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { callService, loadPaths } from '../helpers/service';

const SAMPLE = resolve(__dirname, '../../../shared/data/cicids2017/improved-rnd5000');
const FILES = ['FTP-Patator_3972.csv', 'BENIGN_5000.csv'].map((f) => join(SAMPLE, f));
const present = FILES.every((f) => existsSync(f));
if (!present) console.warn('alert-queue: skipped, needs ../shared/data (CICIDS2017 sample)');

let dir: string;
let svc: AppService;
let datasetId: number;

beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'rampart-queue-'));
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
  });
  const fin = await loadPaths(svc, FILES);
  expect(fin.ok).toBe(true);
  datasetId = fin.datasetId!;
}, 300_000);
afterAll(async () => {
  if (!present) return;
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!present)('aggregated queue (real SQLite, real CICIDS2017 flows)', () => {
  it('groups every alert once, hides benign by default and folds the NAT alias', async () => {
    const all = await callService(svc, 'alerts.queue', { hideBenign: false, limit: 1000 });
    const flat = await callService(svc, 'alerts.query', { limit: 1 });
    // Every alert is in exactly one group.
    expect(all.alerts).toBe(flat.total);
    let summed = 0;
    for (let offset = 0; offset < all.total; offset += 1000) {
      const page = await callService(svc, 'alerts.queue', {
        hideBenign: false,
        offset,
        limit: 1000,
      });
      summed += page.rows.reduce((n, g) => n + g.alerts, 0);
    }
    expect(summed).toBe(all.alerts);
    const hidden = await callService(svc, 'alerts.queue', { limit: 1000 });
    const benign = await callService(svc, 'alerts.query', { predictedClass: 'Benign', limit: 1 });
    expect(hidden.hiddenBenign).toBe(benign.total);
    expect(hidden.alerts).toBe(flat.total - benign.total);
    expect(hidden.rows.every((g) => g.predictedClass !== 'Benign')).toBe(true);
    // Far fewer decisions than alerts: the attack alerts collapse into a few groups.
    expect(hidden.total).toBeLessThan(hidden.alerts / 10);
    // The attacker is shown as the entity, with the firewall's inside address folded into it.
    const ftp = hidden.rows.find((g) => g.predictedClass === 'FTP-Patator')!;
    expect(ftp.src).toEqual({ address: '205.174.165.73', aliases: ['172.16.0.1'] });
    expect(ftp.dstPort).toBe(21);
    expect(ftp.datasetIds).toEqual([datasetId]);
    expect(ftp.firstSeen).not.toBeNull();
    expect(ftp.lastSeen! >= ftp.firstSeen!).toBe(true);
    // Either address finds it.
    for (const text of ['172.16.0.1', '205.174.165.73']) {
      const found = await callService(svc, 'alerts.queue', { text, limit: 1000 });
      expect(found.rows.map((g) => g.key)).toContain(ftp.key);
    }
    // Sorted: groups with pending alerts by highest risk first.
    const risks = hidden.rows.map((g) => g.maxRisk ?? -1);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
  });

  it('expands a group to its flows and shows each flow record and its related flows', async () => {
    const { rows } = await callService(svc, 'alerts.queue', { limit: 1000 });
    const g = rows.find((r) => r.predictedClass === 'FTP-Patator')!;
    const flows = await callService(svc, 'alerts.query', {
      signatureId: g.signatureId,
      src: g.src!.address,
      dst: g.dst!.address,
      dstPort: g.dstPort!,
      limit: 1000,
    });
    expect(flows.total).toBe(g.alerts);
    const detail = (await callService(svc, 'alerts.detail', { id: flows.rows[0]!.id }))!;
    expect(detail.flow!.file).toMatch(/FTP-Patator_3972\.csv$|BENIGN_5000\.csv$/);
    expect(detail.flow!.line).toBeGreaterThan(1);
    expect(Object.keys(detail.flow!.features).length).toBeGreaterThan(40);
    expect(detail.flow!.features['Destination Port']).toBe(21);
    expect(detail.src).toEqual({ address: '205.174.165.73', aliases: ['172.16.0.1'] });
    // Related flows by source: the raw alias address finds the same flows as the entity.
    const bySrcEntity = await callService(svc, 'alerts.query', { src: '205.174.165.73', limit: 1 });
    const bySrcAlias = await callService(svc, 'alerts.query', { src: '172.16.0.1', limit: 1 });
    expect(bySrcAlias.total).toBe(bySrcEntity.total);
    expect(bySrcEntity.total).toBeGreaterThanOrEqual(g.alerts);
    // Event-time order is chronological.
    const byTime = await callService(svc, 'alerts.query', { sort: 'time', limit: 200 });
    const times = byTime.rows.map((r) => r.timeMs ?? -Infinity);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('decides a whole group with one request, audited per alert with the group recorded', async () => {
    const before = await callService(svc, 'alerts.queue', { limit: 1000 });
    const g = before.rows.find((r) => r.pending > 0 && r.topAction !== null)!;
    const res = await callService(svc, 'alerts.decideGroup', {
      group: {
        signatureId: g.signatureId,
        src: g.src!.address,
        dst: g.dst!.address,
        dstPort: g.dstPort,
      },
      decision: 'approve',
    });
    expect(res.decided).toBe(g.pending);
    expect(res.group).toBe(g.key);
    expect(res.auditIds).toHaveLength(g.pending);
    const after = await callService(svc, 'alerts.queue', { limit: 1000 });
    expect(after.rows.find((r) => r.key === g.key)!.pending).toBe(0);
    expect(after.pending).toBe(before.pending - g.pending);
    // A second decision on the same group has nothing pending left.
    await expect(
      callService(svc, 'alerts.decideGroup', {
        group: {
          signatureId: g.signatureId,
          src: g.src!.address,
          dst: g.dst!.address,
          dstPort: g.dstPort,
        },
        decision: 'approve',
      }),
    ).rejects.toThrow(/no pending alerts/);
  });
});
