/**
 * `audit.list` and the exports on a real service and SQLite file: two analysts decide (one in
 * bulk), and the audit page filters by analyst, action, time range and alert (a bulk decision's
 * single row is found from each of its alerts), pages newest first and lists the log's analysts
 * and actions; the decisions export has its named columns (ATT&CK ids, overridden, disposition,
 * analyst, group) and the audit export follows the same filter. Group rows are checked on the
 * store itself (a group decision's detail carries its key).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { Store } from '../../src/main/store/store';
import type { AlertRow, RequestArgs, RequestName } from '../../src/shared/contract';
import { callService, loadPaths } from '../helpers/service';

let dir: string;
let svc: AppService;
let datasetId: number;
/** Alerts alice approved in one request, and the one bob overrode. */
let aliceIds: number[];
let bobId: number;
let bobRow: AlertRow;
let beforeDecisions: string;

const as = <K extends RequestName>(actor: string, name: K, args: RequestArgs<K>) =>
  callService(svc, name, args, { actor });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-audit-list-'));
  await writeDemoCsv(join(dir, 'a.csv'), { rows: 2000, seed: 4, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  const fin = await loadPaths(svc, [join(dir, 'a.csv')]);
  expect(fin).toMatchObject({ ok: true, error: null });
  datasetId = fin.datasetId!;
  const page = await as('alice', 'alerts.query', {
    datasetId,
    status: 'pending',
    limit: 50,
  });
  const attacks = page.rows.filter((r) => r.predictedClass !== 'Benign' && r.recommendation);
  expect(attacks.length).toBeGreaterThanOrEqual(4);
  aliceIds = attacks.slice(0, 3).map((r) => r.id);
  bobRow = attacks[3]!;
  bobId = bobRow.id;
  beforeDecisions = new Date(Date.now() - 1).toISOString();
  await as('alice', 'alerts.decide', { alertIds: aliceIds, decision: 'approve', note: 'bulk' });
  await as('bob', 'alerts.decide', {
    alertIds: [bobId],
    decision: 'override',
    action: 0,
    trueClass: 'Benign',
    note: 'noise',
  });
}, 180_000);

afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit.list', () => {
  it('shows one analyst’s rows only, newest first, and lists every analyst and action', async () => {
    const alice = await as('bob', 'audit.list', { actor: 'alice' });
    expect(alice.total).toBe(3);
    expect(alice.rows.map((r) => r.actor)).toEqual(['alice', 'alice', 'alice']);
    expect(alice.rows.map((r) => r.id)).toEqual(
      [...alice.rows.map((r) => r.id)].sort((a, b) => b - a),
    );
    expect(alice.rows.map((r) => r.subject).sort()).toEqual(
      aliceIds.map((id) => `alert:${id}`).sort(),
    );
    expect(alice.rows[0]).toMatchObject({ action: 'alert.approve', automatic: false });
    expect(alice.rows[0]!.detail).toMatchObject({ note: 'bulk' });
    expect(alice.actors).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(alice.actors).toEqual([...alice.actors].sort());
    expect(alice.actions).toEqual(expect.arrayContaining(['alert.approve', 'alert.override']));
    const all = await as('bob', 'audit.list', {});
    expect(all.total).toBeGreaterThan(4);
    expect(all.rows[0]).toMatchObject({ actor: 'bob', action: 'alert.override' });
  });

  it('filters by action, time range and alert, and pages', async () => {
    const overrides = await as('bob', 'audit.list', { action: 'alert.override' });
    expect(overrides.rows.map((r) => [r.actor, r.subject])).toEqual([['bob', `alert:${bobId}`]]);
    const since = await as('bob', 'audit.list', { from: beforeDecisions });
    expect(since.total).toBe(4);
    const until = await as('bob', 'audit.list', { to: beforeDecisions });
    expect(until.total + since.total).toBe((await as('bob', 'audit.list', {})).total);
    expect(until.rows.every((r) => r.at <= beforeDecisions)).toBe(true);
    // A zone offset means the same instant as its UTC form.
    const offset = beforeDecisions.replace('Z', '+00:00');
    expect((await as('bob', 'audit.list', { from: offset })).total).toBe(4);
    const one = await as('bob', 'audit.list', { alertId: aliceIds[1]! });
    expect(one.rows.map((r) => r.subject)).toEqual([`alert:${aliceIds[1]}`]);
    expect((await as('bob', 'audit.list', { alertId: aliceIds[1]!, actor: 'bob' })).total).toBe(0);
    const paged = await as('bob', 'audit.list', { actor: 'alice', offset: 1, limit: 1 });
    expect(paged.total).toBe(3);
    expect(paged.rows).toHaveLength(1);
    expect(paged.rows[0]!.id).toBe((await as('bob', 'audit.list', { actor: 'alice' })).rows[1]!.id);
  });

  it('refuses unknown fields, bad times and oversized pages', async () => {
    await expect(as('bob', 'audit.list', { sql: '1=1' } as never)).rejects.toThrow(/audit.list/);
    await expect(as('bob', 'audit.list', { from: 'yesterday' })).rejects.toThrow(/from/);
    await expect(as('bob', 'audit.list', { limit: 501 })).rejects.toThrow(/limit/);
    await expect(as('bob', 'audit.list', { alertId: 0 })).rejects.toThrow(/alertId/);
  });
});

describe('exports', () => {
  /** The header and rows of a CSV export (no quoted commas in the columns read here). */
  const csv = (path: string) => {
    const [header = '', ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const columns = header.split(',');
    return { columns, rows: lines.map((l) => l.split(',')) };
  };

  it('names the decisions’ columns and concludes each decision in words', async () => {
    const out = await as('bob', 'export.decisions', {
      what: 'decisions',
      format: 'csv',
      datasetId,
    });
    const { columns, rows } = csv(out.path);
    expect(columns).toEqual([
      'decision_id',
      'at',
      'analyst',
      'kind',
      'overridden',
      'disposition',
      'alert_id',
      'dataset_id',
      'flow_time',
      'src_ip',
      'src_port',
      'dst_ip',
      'dst_port',
      'predicted_class',
      'true_class',
      'confidence',
      'recommended_action_id',
      'decided_action_id',
      'group',
      'note',
      'audit_id',
    ]);
    const col = (row: string[], name: string) => row[columns.indexOf(name)];
    const bob = rows.find((r) => col(r, 'alert_id') === String(bobId))!;
    const info = await as('bob', 'app.info', {});
    expect(col(bob, 'analyst')).toBe('bob');
    expect(col(bob, 'overridden')).toBe('true');
    expect(col(bob, 'disposition')).toBe('false positive');
    expect(col(bob, 'decided_action_id')).toBe(info.actions[0]!.id);
    expect(col(bob, 'recommended_action_id')).toBe(info.actions[bobRow.recommendation!.action]!.id);
    expect(col(bob, 'group')).toBe('');
    for (const id of aliceIds) {
      const r = rows.find((x) => col(x, 'alert_id') === String(id))!;
      expect(col(r, 'overridden')).toBe('false');
      expect(col(r, 'disposition')).toBe('true positive');
      expect(col(r, 'decided_action_id')).toBe(col(r, 'recommended_action_id'));
      expect(col(r, 'decided_action_id')).toMatch(/^(M\d{4}|NA|NONE)$/);
    }
    const json = await as('bob', 'export.decisions', { what: 'decisions', format: 'json' });
    const parsed = JSON.parse(readFileSync(json.path, 'utf8')) as Record<string, unknown>[];
    const b = parsed.find((r) => r['alert_id'] === bobId)!;
    expect(b).toMatchObject({ overridden: true, group: null, disposition: 'false positive' });
    expect(b).not.toHaveProperty('recommended');
    expect(b).not.toHaveProperty('action');
  });

  it('exports the audit rows the filter selects', async () => {
    const out = await as('bob', 'export.decisions', {
      what: 'audit',
      format: 'json',
      audit: { actor: 'alice' },
    });
    expect(out.path).toMatch(/audit-[\dT-]+Z\.json$/);
    const rows = JSON.parse(readFileSync(out.path, 'utf8')) as { actor: string; id: number }[];
    expect(rows.map((r) => r.actor)).toEqual(['alice', 'alice', 'alice']);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
    const all = await as('bob', 'export.decisions', { what: 'audit', format: 'csv' });
    expect(all.rows).toBe((await as('bob', 'audit.list', {})).total);
    await expect(
      as('bob', 'export.decisions', { what: 'decisions', format: 'csv', audit: {} }),
    ).rejects.toThrow(/audit export only/);
  });
});

describe('a group decision', () => {
  it('is found by its group key, and its decisions export with the key', async () => {
    const queue = await as('carol', 'alerts.queue', { datasetId, limit: 1000 });
    const g = queue.rows.find(
      (r) => r.pending > 1 && r.unrecommended === 0 && r.src !== null && r.dst !== null,
    )!;
    expect(g).toBeDefined();
    const res = await as('carol', 'alerts.decideGroup', {
      group: {
        signatureId: g.signatureId,
        src: g.src!.address,
        dst: g.dst!.address,
        dstPort: g.dstPort,
        datasetId,
      },
      decision: 'approve',
      note: 'whole group',
    });
    expect(res.decided).toBe(g.pending);
    const rows = await as('carol', 'audit.list', { group: res.group });
    expect(rows.total).toBe(res.decided);
    expect(rows.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      [...res.auditIds].sort((a, b) => a - b),
    );
    expect(new Set(rows.rows.map((r) => r.actor))).toEqual(new Set(['carol']));
    expect((await as('carol', 'audit.list', { group: `${res.group} ` })).total).toBe(0);
    const out = await as('carol', 'export.decisions', {
      what: 'decisions',
      format: 'json',
      datasetId,
    });
    const decisions = JSON.parse(readFileSync(out.path, 'utf8')) as Record<string, unknown>[];
    const ofGroup = decisions.filter((d) => d['group'] === res.group);
    expect(ofGroup).toHaveLength(res.decided);
    expect(ofGroup.every((d) => d['analyst'] === 'carol' && d['overridden'] === false)).toBe(true);
  });
});

describe('audit.list on the store: groups and bulk details', () => {
  it('finds a group decision’s rows by its key and alerts listed in a detail', () => {
    const sdir = mkdtempSync(join(tmpdir(), 'rampart-audit-group-'));
    const store = Store.open(join(sdir, 'r.sqlite'));
    try {
      const key = 'sig:12|10.0.0.1|192.168.1.5:80';
      store.appendAudit({ actor: 'alice', action: 'note', subject: 'x:1', detail: { a: 1 } });
      const g = store.appendAudit({
        actor: 'alice',
        action: 'alert.group-approve',
        detail: { group: key, alertIds: [41, 42] },
      });
      store.appendAudit({ actor: 'bob', action: 'note', detail: { group: `${key}x` } });
      store.appendAudit({ actor: 'bob', action: 'note' });
      const about7 = store.appendAudit({ actor: 'bob', action: 'alert.note', subject: 'alert:7' });
      store.appendAudit({ actor: 'bob', action: 'alert.note', subject: 'alert:70' });
      const page = (f: Parameters<Store['audit']['list']>[0]) => store.audit.list(f);
      const q = { offset: 0, limit: 50 };
      expect(page({ ...q, group: key }).rows.map((r) => r.id)).toEqual([g]);
      expect(page({ ...q, alertId: 42 }).rows.map((r) => r.id)).toEqual([g]);
      expect(page({ ...q, alertId: 43 }).total).toBe(0);
      // A row about the alert by subject alone (no decision) counts; alert 70's does not.
      expect(page({ ...q, alertId: 7 }).rows.map((r) => r.id)).toEqual([about7]);
      // Filter text is bound, never SQL.
      expect(page({ ...q, actor: "alice' OR '1'='1" }).total).toBe(0);
      expect(page(q).rows.at(-1)?.detail).toEqual({ a: 1 });
      expect(page({ ...q, actor: 'bob', action: 'note' }).rows[0]?.detail).toBeNull();
    } finally {
      store.close();
      rmSync(sdir, { recursive: true, force: true });
    }
  });
});
