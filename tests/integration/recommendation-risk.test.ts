/**
 * The risk each stored recommendation carries (issue 12, items 3 and 5), through the real app
 * service on a real SQLite file: a labelled demo load trains its policy and recommends; every
 * recommendation has its posterior risk, expected reward with interval and "needs review" flag;
 * signatures' N never exceeds the labelled flows they matched; and analysts labelling a
 * signature's flows as another class raise that signature's risk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { bestAction, loadCatalogue, rewardTable } from '../../src/main/domain/catalogue/catalogue';
import type { AlertRow, RequestArgs, RequestName } from '../../src/shared/contract';
import { callService, loadPaths } from '../helpers/service';

let dir: string;
let svc: AppService;
let datasetId: number;
const catalogue = loadCatalogue();

const call = <K extends RequestName>(name: K, args: RequestArgs<K>) => callService(svc, name, args);

/** Read-only rows from the service's database. */
function all<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(svc.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-risk-'));
  await writeDemoCsv(join(dir, 'labelled.csv'), { rows: 6000, seed: 11, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 2 },
  });
  const fin = await loadPaths(svc, [join(dir, 'labelled.csv')]);
  expect(fin).toMatchObject({ ok: true, error: null });
  datasetId = fin.datasetId!;
}, 180_000);

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RiskRow {
  alert_id: number;
  conf_mean: number;
  action: number;
  p_wrong: number | null;
  expected_reward: number | null;
  reward_lo: number | null;
  reward_hi: number | null;
  evidence: number | null;
  needs_review: number | null;
  review_reasons: string | null;
}

describe('risk of stored recommendations', () => {
  it('stores, for every recommendation, a risk in range that agrees with its alert’s B', () => {
    const recs = all<RiskRow>(
      `SELECT r.alert_id, a.conf_mean, r.action, r.p_wrong, r.expected_reward, r.reward_lo,
         r.reward_hi, r.evidence, r.needs_review, r.review_reasons
       FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?`,
      datasetId,
    );
    expect(recs.length).toBeGreaterThan(5000);
    const classNames = JSON.parse(
      all<{ class_names: string }>('SELECT class_names FROM datasets WHERE id = ?', datasetId)[0]!
        .class_names,
    ) as string[];
    const table = rewardTable(catalogue, classNames);
    const lo = Math.min(...table);
    const hi = Math.max(...table);
    let flagged = 0;
    for (const r of recs) {
      expect(r.p_wrong).not.toBeNull();
      expect(r.p_wrong!).toBeGreaterThanOrEqual(0);
      expect(r.p_wrong!).toBeLessThanOrEqual(1);
      expect(r.reward_lo!).toBeGreaterThanOrEqual(lo - 1e-9);
      expect(r.reward_hi!).toBeLessThanOrEqual(hi + 1e-9);
      expect(r.reward_lo!).toBeLessThanOrEqual(r.expected_reward! + 1e-9);
      expect(r.expected_reward!).toBeLessThanOrEqual(r.reward_hi! + 1e-9);
      const reasons = JSON.parse(r.review_reasons!) as string[];
      expect(r.needs_review === 1).toBe(reasons.length > 0);
      if (r.needs_review === 1) flagged++;
      // The posterior rests on the very flows B counted at decision time: B = (C + 1) / (N + 2)
      // with N = the evidence, so (N + 2)·B − 1 is a whole C between 0 and N.
      const c = (r.evidence! + 2) * r.conf_mean - 1;
      expect(Math.abs(c - Math.round(c))).toBeLessThan(1e-6);
      expect(Math.round(c)).toBeGreaterThanOrEqual(0);
      expect(Math.round(c)).toBeLessThanOrEqual(r.evidence!);
    }
    // Some recommendations are uncertain enough to flag, most are not.
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(recs.length);
  });

  it('shows risk in the queue and the detail, sorts by it and filters by needs-review', async () => {
    const byRisk = await call('alerts.query', { datasetId, sort: 'risk', desc: true, limit: 300 });
    const risks = byRisk.rows.map((r) => r.recommendation!.risk!.pWrong);
    for (let i = 1; i < risks.length; i++) expect(risks[i]!).toBeLessThanOrEqual(risks[i - 1]!);
    const all = await call('alerts.query', { datasetId, limit: 1 });
    const flagged = await call('alerts.query', { datasetId, needsReview: true, limit: 1000 });
    const clear = await call('alerts.query', { datasetId, needsReview: false, limit: 1 });
    expect(flagged.total).toBeGreaterThan(0);
    expect(flagged.total + clear.total).toBe(all.total);
    for (const r of flagged.rows) {
      expect(r.recommendation!.risk!.needsReview).toBe(true);
      expect(r.recommendation!.risk!.reasons.length).toBeGreaterThan(0);
    }
    const risky = await call('alerts.query', { datasetId, minRisk: 0.5, limit: 1000 });
    for (const r of risky.rows) expect(r.recommendation!.risk!.pWrong).toBeGreaterThanOrEqual(0.5);
    const top = byRisk.rows[0]!;
    const d = (await call('alerts.detail', { id: top.id }))!;
    expect(d.recommendation!.risk).toEqual(top.recommendation!.risk);
  });

  it('never counts more flows for a signature than it matched with a label', () => {
    const sigs = all<{ id: number; n: number; c: number; class_name: string; tc: string | null }>(
      `SELECT s.id, s.n, s.c, s.class_name, s.true_counts AS tc FROM signatures s
       JOIN detectors d ON d.id = s.detector_id WHERE d.dataset_id = ?`,
      datasetId,
    );
    const labelled = new Map(
      all<{ signature_id: number; n: number }>(
        `SELECT a.signature_id, COUNT(*) AS n FROM alerts a JOIN flows f ON f.id = a.flow_id
         WHERE a.dataset_id = ? AND f.true_class IS NOT NULL GROUP BY a.signature_id`,
        datasetId,
      ).map((r) => [r.signature_id, r.n]),
    );
    const classNames = JSON.parse(
      all<{ class_names: string }>('SELECT class_names FROM datasets WHERE id = ?', datasetId)[0]!
        .class_names,
    ) as string[];
    expect(sigs.length).toBeGreaterThan(10);
    for (const s of sigs) {
      expect(s.n).toBeLessThanOrEqual(labelled.get(s.id) ?? 0);
      if (s.tc === null) continue;
      const tc = JSON.parse(s.tc) as number[];
      expect(tc.reduce((a, b) => a + b, 0)).toBe(s.n);
      expect(tc[classNames.indexOf(s.class_name)]).toBe(s.c);
    }
  });

  it('names the signature in the KG evidence by the id the detail shows, and counts episodes', async () => {
    // The detail once said "Signature #169, N 1,874" while its evidence said "signature 52 … 7740
    // of 7740": the tree leaf, and training episodes called flows.
    const page = (await call('alerts.query', { datasetId, limit: 200 })).rows;
    let checked = 0;
    for (const r of page.filter((x, i) => i % 20 === 0)) {
      const d = (await call('alerts.detail', { id: r.id }))!;
      const sig = d.recommendation!.evidence.find((e) => e.kind === 'signature-confidence');
      if (!sig) continue;
      expect(sig.text).toMatch(new RegExp(`^signature #${d.signature.id} predicts `));
      expect(sig.text).toMatch(/labelled episodes \(\d+ episodes recorded\)$/);
      for (const e of d.recommendation!.evidence) expect(e.text).not.toMatch(/\bflows\b/);
      // The risk rests on flows, never more than the signature's N.
      expect(d.recommendation!.risk!.evidence).toBeLessThanOrEqual(d.signature.n);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('measures each flow’s novelty against its signature from the stored leaf ranges', () => {
    const stored = all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM detectors WHERE dataset_id = ? AND leaf_bounds IS NOT NULL`,
      datasetId,
    );
    expect(stored[0]!.n).toBe(1);
    const nov = all<{ novelty: number | null }>(
      `SELECT r.novelty FROM recommendations r JOIN alerts a ON a.id = r.alert_id
       WHERE a.dataset_id = ?`,
      datasetId,
    );
    expect(nov.every((r) => r.novelty !== null && r.novelty >= 0 && r.novelty <= 1)).toBe(true);
  });

  it('raises a signature’s risk as analysts label its flows as another class', async () => {
    // A signature whose pending test-split alerts the load counted as right.
    const page = (await call('alerts.query', { datasetId, status: 'pending', limit: 1000 })).rows;
    const test = new Set(
      all<{ id: number }>(
        `SELECT id FROM alerts WHERE dataset_id = ? AND split = 'test'`,
        datasetId,
      ).map((r) => r.id),
    );
    const bySig = new Map<number, AlertRow[]>();
    for (const r of page)
      if (r.predictedClass !== 'Benign' && r.trueClass === r.predictedClass && test.has(r.id))
        bySig.set(r.signatureId, [...(bySig.get(r.signatureId) ?? []), r]);
    const [sigId, alerts] = [...bySig].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(alerts.length).toBeGreaterThanOrEqual(12);
    const sibling = alerts.at(-1)!;
    const riskOf = async () => (await call('alerts.detail', { id: sibling.id }))!.recommendation!;
    // Approving one right alert changes no count; it re-recommends the siblings on the
    // signature's counts as they stand, the baseline.
    await call('alerts.decide', { alertIds: [alerts[0]!.id], decision: 'approve' });
    const before = await riskOf();
    const sigBefore = (await call('signatures.get', { id: sigId }))!;
    // Ten of its flows were really Benign, say the analysts.
    const relabelled = alerts.slice(1, 11).map((r) => r.id);
    await call('alerts.decide', {
      alertIds: relabelled,
      decision: 'override',
      action: bestAction(catalogue, 'Benign'),
      trueClass: 'Benign',
    });
    const sigAfter = (await call('signatures.get', { id: sigId }))!;
    expect(sigAfter.n).toBe(sigBefore.n);
    expect(sigAfter.c).toBe(sigBefore.c - 10);
    const after = await riskOf();
    expect(after.createdAt > before.createdAt).toBe(true);
    // The same action is now more likely wrong: ten more of the signature's labelled flows are
    // Benign, for which an attack's mitigation is not the right action.
    expect(after.action).toBe(before.action);
    expect(after.risk!.pWrong).toBeGreaterThan(before.risk!.pWrong);
    expect(after.risk!.evidence).toBe(before.risk!.evidence);
  }, 60_000);
});
