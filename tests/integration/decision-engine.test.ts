/**
 * The decision engine inside the app service, end to end on a real SQLite file: a labelled load
 * trains PPO-KG-PT in a worker and recommends for every alert; decisions are audited, update the
 * signature counts and the KG, and refresh the pending alerts' recommendations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { loadCatalogue, reward } from '../../src/main/domain/catalogue/catalogue';
import { writeTinyGguf } from '../helpers/tinyGguf';
import {
  InvalidRequestError,
  type AlertRow,
  type LoadFinished,
  type RequestArgs,
  type RequestName,
} from '../../src/shared/contract';
import { callService, loadPaths, countRows, TESTER } from '../helpers/service';

let dir: string;
let svc: AppService;
let datasetId: number;
const catalogue = loadCatalogue();

const load = (paths: string[]): Promise<LoadFinished> => loadPaths(svc, paths);

const call = <K extends RequestName>(name: K, args: RequestArgs<K>) => callService(svc, name, args);

async function rows(q: {
  datasetId: number;
  limit?: number;
  offset?: number;
}): Promise<AlertRow[]> {
  return (await call('alerts.query', q)).rows;
}

const count = (sql: string, ...params: unknown[]): number => countRows(svc, sql, ...params);

/** An alert's split ('train', 'test' or null), read from the store. */
const splitOf = (id: number): 'train' | 'test' | null =>
  count(`SELECT COUNT(*) AS n FROM alerts WHERE id = ? AND split = 'test'`, id) === 1
    ? 'test'
    : count(`SELECT COUNT(*) AS n FROM alerts WHERE id = ? AND split = 'train'`, id) === 1
      ? 'train'
      : null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-engine-'));
  await writeDemoCsv(join(dir, 'labelled.csv'), { rows: 6000, seed: 11, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 3 },
  });
  const fin = await load([join(dir, 'labelled.csv')]);
  expect(fin).toMatchObject({ ok: true, error: null });
  datasetId = fin.datasetId!;
}, 180_000);

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recommendations after a labelled load', () => {
  it('gives every alert a recommendation from the KG advisor and a PPO-KG-PT policy', async () => {
    const alerts = count('SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?', datasetId);
    const recs = count(
      `SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id
       WHERE a.dataset_id = ?`,
      datasetId,
    );
    expect(alerts).toBeGreaterThan(5000);
    expect(recs).toBe(alerts);
    const summary = await call('kg.summary', {});
    expect(summary.policy).toMatchObject({ method: 'ppo-kg-pt', backend: expect.any(String) });
    expect(summary.version).toBeGreaterThan(1);
    expect(summary.nodes).toBeGreaterThan(20);
  });

  it('recommends the right action for most labelled alerts (mean reward near the maximum of 5)', async () => {
    const page = await rows({ datasetId, limit: 1000 });
    let sum = 0;
    let labelled = 0;
    for (const r of page) {
      if (!r.trueClass || !r.recommendation) continue;
      sum += reward(catalogue, r.trueClass, r.recommendation.action);
      labelled++;
    }
    expect(labelled).toBeGreaterThan(900);
    // Random choice over 15 actions averages about -3.7; a trained policy is near 5.
    expect(sum / labelled).toBeGreaterThan(4);
  });

  it('shows the detail fixed at decision time: distribution, evidence and versions', async () => {
    const [first] = await rows({ datasetId, limit: 1 });
    const d = (await call('alerts.detail', { id: first!.id }))!;
    const rec = d.recommendation!;
    expect(rec.policyProbs).toHaveLength(catalogue.actions.length);
    expect(rec.policyProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(rec.adviceProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Math.max(...rec.policyProbs)).toBeCloseTo(rec.probability, 6);
    expect(rec.policyProbs.indexOf(Math.max(...rec.policyProbs))).toBe(rec.action);
    expect(rec).toMatchObject({ advisor: 'kg', advisorModel: null, method: 'ppo-kg-pt' });
    expect(rec.kgVersion).toBeGreaterThan(0);
    expect(rec.evidence.some((e) => e.kind === 'action-reward')).toBe(true);
    expect(d.signature.id).toBe(first!.signatureId);
    expect(d.decisions).toEqual([]);
    expect(await call('alerts.detail', { id: 99_999_999 })).toBeNull();
  });
});

describe('analyst decisions', () => {
  it('approves: audit row, decision, status, signature counts and a new KG version', async () => {
    // A test-split flow the load already counted towards N/C with its stored label (its true class
    // is the prediction): approving it says nothing new, so N and C stay (a flow counts once).
    const page = await rows({ datasetId, limit: 200, offset: 10 });
    const a = page.find(
      (r) => r.trueClass === r.predictedClass && splitOf(r.id) === 'test' && r.status === 'pending',
    );
    expect(a).toBeDefined();
    const before = (await call('signatures.get', { id: a!.signatureId }))!;
    const kgBefore = (await call('kg.summary', {})).version!;
    const auditBefore = count('SELECT COUNT(*) AS n FROM audit');
    const r = await call('alerts.decide', {
      alertIds: [a!.id],
      decision: 'approve',
      note: 'looks right',
    });
    expect(r).toMatchObject({ decided: 1, missing: [] });
    expect(r.kgVersion).toBe(kgBefore + 1);
    expect(count('SELECT COUNT(*) AS n FROM audit')).toBe(auditBefore + 1);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM audit WHERE id = ? AND subject = ?`,
        r.auditIds[0],
        `alert:${a!.id}`,
      ),
    ).toBe(1);
    const d = (await call('alerts.detail', { id: a!.id }))!;
    expect(d.alert.status).toBe('approved');
    expect(d.decisions).toHaveLength(1);
    expect(d.decisions[0]).toMatchObject({
      kind: 'approve',
      action: d.recommendation!.action,
      recommended: d.recommendation!.action,
      trueClass: a!.predictedClass,
      note: 'looks right',
      auditId: r.auditIds[0],
    });
    const after = (await call('signatures.get', { id: a!.signatureId }))!;
    expect(after.n).toBe(before.n);
    expect(after.c).toBe(before.c);
  });

  it('overrides with a false-positive disposition: counts, fixed recommendation, refreshed pending alerts', async () => {
    const page = await rows({ datasetId, limit: 200, offset: 100 });
    // A test-split flow the load counted as right: the analyst's "really Benign" moves that count.
    const target = page.find(
      (r) =>
        r.predictedClass !== 'Benign' &&
        r.trueClass === r.predictedClass &&
        splitOf(r.id) === 'test' &&
        page.some((s) => s.signatureId === r.signatureId && s.id !== r.id),
    )!;
    const sibling = page.find((r) => r.signatureId === target.signatureId && r.id !== target.id);
    expect(sibling).toBeDefined();
    const fixed = (await call('alerts.detail', { id: target.id }))!.recommendation!;
    const siblingBefore = (await call('alerts.detail', { id: sibling!.id }))!.recommendation!;
    const before = (await call('signatures.get', { id: target.signatureId }))!;
    const changed: number[][] = [];
    const off = svc.events.subscribe((e, p) => {
      if (e === 'alerts.changed') changed.push((p as { alertIds: number[] }).alertIds);
    });
    await new Promise((res) => setTimeout(res, 5)); // distinct created_at for the refresh
    const r = await call('alerts.decide', {
      alertIds: [target.id],
      decision: 'override',
      action: 0,
      trueClass: 'Benign',
      note: 'scanner we run ourselves',
    });
    off();
    expect(r.decided).toBe(1);
    const after = (await call('signatures.get', { id: target.signatureId }))!;
    expect(after.n).toBe(before.n);
    expect(after.c).toBe(before.c - 1);
    const d = (await call('alerts.detail', { id: target.id }))!;
    expect(d.alert.status).toBe('overridden');
    expect(d.decisions.at(-1)).toMatchObject({ kind: 'override', action: 0, trueClass: 'Benign' });
    // The decided alert keeps what it was decided on; its pending sibling was re-recommended.
    expect(d.recommendation!.createdAt).toBe(fixed.createdAt);
    const sib = (await call('alerts.detail', { id: sibling!.id }))!.recommendation!;
    expect(sib.createdAt > siblingBefore.createdAt).toBe(true);
    expect(sib.kgVersion).toBeGreaterThan(siblingBefore.kgVersion);
    expect(changed.flat()).toContain(target.id);
    expect(changed.flat()).toContain(sibling!.id);
    // The KG now records the misclassification the analyst reported.
    expect(
      sib.evidence.some((e) => e.kind === 'misclassification' && e.text.includes('Benign')),
    ).toBe(true);
  });

  it('bulk-approves with one note and reports missing alerts', async () => {
    const page = await rows({ datasetId, limit: 3, offset: 400 });
    const ids = page.map((r) => r.id);
    const r = await call('alerts.decide', {
      alertIds: [...ids, 88_888_888],
      decision: 'approve',
      note: 'batch',
    });
    expect(r).toMatchObject({ decided: 3, missing: [88_888_888] });
    expect(r.auditIds).toHaveLength(3);
    const approved = await call('alerts.query', {
      datasetId,
      status: 'approved',
      limit: 100,
      offset: 0,
      sort: 'id',
      desc: false,
    });
    for (const id of ids) expect(approved.rows.map((x) => x.id)).toContain(id);
  });

  it('refuses bad decisions before writing anything', async () => {
    const [a] = await rows({ datasetId, limit: 1, offset: 600 });
    const audit = count('SELECT COUNT(*) AS n FROM audit');
    await expect(
      dispatch(svc.handlers, 'alerts.decide', { alertIds: [a!.id], decision: 'override' }, TESTER),
    ).rejects.toThrow(/override needs the action/);
    await expect(
      call('alerts.decide', {
        alertIds: [a!.id],
        decision: 'approve',
        trueClass: 'Martian',
        note: '',
      }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(
      call('alerts.decide', {
        alertIds: [a!.id],
        decision: 'override',
        action: 40,
        note: '',
      }),
    ).rejects.toThrow(/not in the catalogue/);
    expect(count('SELECT COUNT(*) AS n FROM audit')).toBe(audit);
    expect((await call('alerts.detail', { id: a!.id }))!.alert.status).toBe('pending');
  });
});

describe('later loads and the advisor', () => {
  it('recommends for an unlabelled load with the stored policy (no retraining)', async () => {
    const policyBefore = (await call('kg.summary', {})).policy!.id;
    const src = join(dir, 'labelled.csv');
    const unlabelled = join(dir, 'unlabelled.csv');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const lines = readFileSync(src, 'utf8').trimEnd().split('\n').slice(0, 501);
    const header = lines[0]!.split(',');
    const labelCol = header.findIndex((h) => h.trim().toLowerCase() === 'label');
    const drop = (l: string) =>
      l
        .split(',')
        .filter((_, i) => i !== labelCol)
        .join(',');
    writeFileSync(unlabelled, lines.map(drop).join('\n') + '\n');
    const fin = await load([unlabelled]);
    expect(fin).toMatchObject({ ok: true, error: null, rowsStored: 500 });
    const page = await rows({ datasetId: fin.datasetId!, limit: 500 });
    expect(page.every((r) => r.recommendation !== null && r.trueClass === null)).toBe(true);
    const d = (await call('alerts.detail', { id: page[0]!.id }))!;
    expect(d.recommendation!.policyId).toBe(policyBefore);
    // An analyst's label on a flow nobody had labelled is a new labelled flow: N grows by one.
    const before = (await call('signatures.get', { id: page[0]!.signatureId }))!;
    await call('alerts.decide', { alertIds: [page[0]!.id], decision: 'approve' });
    const after = (await call('signatures.get', { id: page[0]!.signatureId }))!;
    expect(after.n).toBe(before.n + 1);
    expect(after.c).toBe(before.c + 1);
  });

  it('reports the KG advisor with no model, refuses a missing file and loads a real GGUF', async () => {
    const s = await call('advisor.status', {});
    expect(s).toMatchObject({ active: 'kg', model: { status: 'none' } });
    expect(s.download.state).toBe('idle');
    await expect(call('advisor.setModel', { path: join(dir, 'missing.gguf') })).rejects.toThrow(
      /not a readable file/,
    );
    const gguf = join(dir, 'tiny.gguf');
    await writeTinyGguf(gguf, { seed: 3 });
    const loaded = await call('advisor.setModel', { path: gguf });
    expect(loaded.active).toBe('llm');
    expect(loaded.model).toMatchObject({ status: 'loaded', path: gguf });
    const none = await call('advisor.setModel', { path: null });
    expect(none).toMatchObject({ active: 'kg', model: { status: 'none' } });
  }, 60_000);
});
