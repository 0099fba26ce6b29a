/**
 * The audit log (filters, chain, tamper evidence), knowledge-graph snapshots, incidents, jobs,
 * dataset recovery and detector choice, with the same assertions on both engines. Tampering runs
 * under the store on the engine's own connection, as an attacker with database access would.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue, reward } from '../../src/main/domain/catalogue/catalogue';
import type { Experience } from '../../src/main/domain/catalogue/types';
import { KnowledgeGraph, toKgJson } from '../../src/main/domain/kg';
import { auditRowHash } from '../../src/main/store/auditLog';
import type { Store } from '../../src/main/store/store';
import { ENGINES, seed, useEngine, type Engine } from '../helpers/engines';

const cat = loadCatalogue();

function exps(n: number, pred: string, truth: string, sig: number, action: number): Experience[] {
  const r = reward(cat, truth, action);
  return Array.from({ length: n }, (_x, i) => ({
    predictedClass: pred,
    trueClass: truth,
    signature: sig,
    confidence: 0.5 + i / (2 * n),
    action,
    reward: r,
  }));
}

/** `DROP TRIGGER` in the engine's dialect (PostgreSQL names the table). */
function dropTrigger(engine: Engine, name: string, table: string): string {
  return engine.name === 'postgres' ? `DROP TRIGGER ${name} ON ${table}` : `DROP TRIGGER ${name}`;
}

/** Append `n` rows, varied as the audit filters need. */
function appendRows(s: Store, n: number): void {
  for (let i = 1; i <= n; i++)
    s.appendAudit({
      actor: i % 2 ? 'ana' : 'bo',
      action: i % 3 ? 'note' : 'alert.approve',
      subject: i % 3 ? `x:${i}` : `alert:${i}`,
      automatic: i === n,
      detail: i % 4 === 0 ? { alertIds: [100 + i, 7], group: `g${i}` } : { i },
    });
}

describe.each(ENGINES)('store on $name: audit, knowledge graphs, incidents, jobs', (engine) => {
  describe.skipIf(engine.unavailable !== null)('', () => {
    const ctx = useEngine(engine);

    it('appends audit rows and lists them by each filter, newest first', () => {
      const s = ctx.store;
      appendRows(s, 12);
      const page = s.audit.list({ offset: 0, limit: 5 });
      expect(page.total).toBe(12);
      expect(page.rows.map((r) => r.id)).toEqual([12, 11, 10, 9, 8]);
      expect(page.actors).toEqual(['ana', 'bo']);
      expect(page.actions).toEqual(['alert.approve', 'note']);
      expect(page.rows[0]).toMatchObject({
        actor: 'bo',
        action: 'alert.approve',
        subject: 'alert:12',
        automatic: true,
        detail: { alertIds: [112, 7], group: 'g12' },
      });
      expect(page.rows[1]).toMatchObject({ automatic: false, detail: { i: 11 } });
      const ids = (f: Parameters<Store['audit']['list']>[0]) =>
        s.audit.list(f).rows.map((r) => r.id);
      const all = { offset: 0, limit: 100 };
      expect(ids({ ...all, actor: 'bo' })).toEqual([12, 10, 8, 6, 4, 2]);
      expect(ids({ ...all, action: 'alert.approve' })).toEqual([12, 9, 6, 3]);
      expect(ids({ ...all, actor: 'ana', action: 'note' })).toEqual([11, 7, 5, 1]);
      // An alert's rows: its subject, and the rows whose detail lists it.
      expect(ids({ ...all, alertId: 9 })).toEqual([9]);
      expect(ids({ ...all, alertId: 7 })).toEqual([12, 8, 4]);
      expect(ids({ ...all, alertId: 108 })).toEqual([8]);
      expect(ids({ ...all, group: 'g4' })).toEqual([4]);
      expect(ids({ ...all, offset: 10 })).toEqual([2, 1]);
      expect(s.audit.list({ ...all, actor: 'nobody' })).toMatchObject({ total: 0, rows: [] });
      // Time bounds compare as stored (UTC ISO text).
      const at = (s.audit.list({ ...all }).rows.find((r) => r.id === 6)?.at ?? '') as string;
      expect(ids({ ...all, to: '2000-01-01T00:00:00Z' })).toEqual([]);
      expect(ids({ ...all, from: '2000-01-01T00:00:00Z' })).toHaveLength(12);
      expect(ids({ ...all, from: at, to: at })).toContain(6);
      // The export streams the same rows oldest first, filtered alike.
      expect([...s.reports.exportAudit({ alertId: 7 })].map((r) => r.id)).toEqual([4, 8, 12]);
      const exported = [...s.reports.exportAudit()];
      expect(exported).toHaveLength(12);
      expect(exported[0]).toEqual({
        id: 1,
        at: expect.any(String) as string,
        actor: 'ana',
        action: 'note',
        subject: 'x:1',
        automatic: 0,
        detail: '{"i":1}',
      });
    });

    it('keeps one intact chain, refuses updates and deletes, and names a rewritten row', async () => {
      const s = ctx.store;
      appendRows(s, 5);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 5, head: { id: 5 } });
      expect(s.audit.hashOf(3)).toMatch(/^[0-9a-f]{64}$/);
      expect(s.audit.hashOf(99)).toBeNull();
      await expect(
        engine.raw(ctx.target, `UPDATE audit SET actor = 'mallory' WHERE id = 2`),
      ).rejects.toThrow(/append-only/);
      await expect(engine.raw(ctx.target, 'DELETE FROM audit WHERE id = 2')).rejects.toThrow(
        /append-only/,
      );
      await expect(engine.raw(ctx.target, 'DELETE FROM audit_head')).rejects.toThrow(/kept/);
      // An id at or below the newest is a rewrite, refused.
      await expect(
        engine.raw(
          ctx.target,
          `INSERT INTO audit (id, at, actor, action, automatic) VALUES (5, 'x', 'm', 'note', 0)`,
        ),
      ).rejects.toThrow(/append-only/);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 5 });
      await engine.raw(ctx.target, dropTrigger(engine, 'audit_no_update', 'audit'));
      await engine.raw(ctx.target, `UPDATE audit SET actor = 'mallory' WHERE id = 2`);
      expect(s.audit.verify()).toMatchObject({
        intact: false,
        rows: 1,
        problem: { row: 2, reason: 'content hash mismatch' },
      });
    });

    it('names a deleted row’s gap, a truncated tail and a row appended around the store', async () => {
      const s = ctx.store;
      appendRows(s, 5);
      await engine.raw(ctx.target, dropTrigger(engine, 'audit_no_delete', 'audit'));
      await engine.raw(ctx.target, 'DELETE FROM audit WHERE id = 5');
      expect(s.audit.verify()).toMatchObject({
        intact: false,
        rows: 4,
        problem: { row: 5, reason: 'truncated' },
      });
      // The next row chains to the recorded head: the evidence stays.
      expect(s.appendAudit({ actor: 'a', action: 'note' })).toBe(6);
      expect(s.audit.verify()).toMatchObject({ problem: { row: 6, reason: 'gap in ids' } });
      await engine.raw(ctx.target, 'DELETE FROM audit WHERE id = 2');
      const state = s.audit.verify();
      expect(state).toMatchObject({ intact: false, rows: 1, problem: { row: 3 } });
      expect(state.problem!.detail).toMatch(/row 2 missing before row 3/);

      const other = await engine.create();
      const t = ctx.open(other);
      appendRows(t, 2);
      const last = (await engine.raw(other, 'SELECT hash FROM audit WHERE id = 2'))[0] as {
        hash: string;
      };
      const row = {
        id: 3,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'mallory',
        action: 'note',
        subject: null,
        automatic: 0,
        detail: null,
      };
      await engine.raw(
        other,
        `INSERT INTO audit (id, at, actor, action, subject, automatic, detail, prev_hash, hash)
         VALUES (3, '${row.at}', 'mallory', 'note', NULL, 0, NULL, '${last.hash}', '${auditRowHash(row, last.hash)}')`,
      );
      expect(t.audit.verify()).toMatchObject({
        intact: false,
        problem: { row: 3, reason: 'past head' },
      });
    });

    it('saves, loads, lists and prunes knowledge-graph snapshots', () => {
      const s = ctx.store;
      const seeded = seed(s, 6);
      expect(s.kgSnapshots.loadLatest(cat)).toBeUndefined();
      const kg = new KnowledgeGraph(cat);
      kg.update([...exps(30, 'Benign', 'DDoS', 3776, 0), ...exps(70, 'Benign', 'Benign', 3776, 0)]);
      const first = s.kgSnapshots.save(kg, seeded.detectorId);
      kg.update(exps(5, 'DoS', 'DoS', 2, 1));
      const second = s.kgSnapshots.save(kg);
      kg.update(exps(5, 'DoS', 'DoS', 2, 1));
      const third = s.kgSnapshots.save(kg);
      expect(first).toMatchObject({ version: 1, detector_id: seeded.detectorId });
      expect(s.kgSnapshots.loadLatest(cat)?.version).toBe(3);
      expect(toKgJson(s.kgSnapshots.loadLatest(cat, seeded.detectorId)!).version).toBe(1);
      expect(toKgJson(s.kgSnapshots.load(second.id, cat)!).version).toBe(2);
      expect(toKgJson(s.kgSnapshots.loadLatest(cat)!)).toEqual(toKgJson(kg));
      expect(s.kgSnapshots.load(9999, cat)).toBeUndefined();
      expect(s.kgSnapshots.list()).toEqual([third, second, first]);
      expect(s.kgSnapshots.ofDetector(seeded.detectorId)).toEqual({ latestId: first.id, count: 1 });
      expect(s.kgSnapshots.ofDetector(9999)).toEqual({ latestId: null, count: 0 });
      // A policy's snapshot and each detector's newest survive pruning to one.
      const policy = s.engine.insertPolicy({
        detectorId: seeded.detectorId,
        datasetId: null,
        method: 'PPO',
        backend: 'fused',
        episodes: 1,
        seconds: 0,
        kgSnapshotId: second.id,
        checkpoint: '{}',
      });
      expect(s.kgSnapshots.pruneUnused(0)).toBe(0);
      expect(s.kgSnapshots.list().map((x) => x.id)).toEqual([third.id, second.id, first.id]);
      expect(s.engine.policyHeader({ id: policy })?.kg_snapshot_id).toBe(second.id);
      expect(s.kgSnapshots.prune(1)).toBe(2);
      expect(s.kgSnapshots.list().map((x) => x.id)).toEqual([third.id]);
      // The policy's reference was cleared with the snapshot (ON DELETE SET NULL).
      expect(s.engine.policyHeader({ id: policy })?.kg_snapshot_id).toBeNull();
    });

    it('records incident steps and observations with their audit rows', () => {
      const s = ctx.store;
      const ds = s.createDataset('ir', [], false, []);
      const step = (n: number, decision: 'approve' | 'edit' | 'reject') => ({
        step: n,
        decision,
        actor: 'ana',
        note: `n${n}`,
        recommended: { verb: 'block', target: '10.0.0.1' },
        action:
          decision === 'reject' ? null : { verb: 'block', target: '10.0.0.1', params: { ttl: 60 } },
        feedback: '',
        expected: 'e',
        stages: [true, false, false, false, false, false],
        prediction: n === 1 ? null : { stages: [1, 0] },
        afterAlertId: n === 1 ? null : 42,
      });
      const a = s.incidents.record(ds, 'inc-b', step(1, 'approve'));
      const b = s.incidents.record(ds, 'inc-a', step(1, 'reject'));
      const c = s.incidents.record(ds, 'inc-b', step(2, 'edit'));
      expect([a.auditId, b.auditId, c.auditId]).toEqual([1, 2, 3]);
      expect(s.incidents.steps(ds, 'inc-b')).toEqual([a, c]);
      expect(s.incidents.steps(ds, 'inc-b')[1]).toMatchObject({
        action: { verb: 'block', target: '10.0.0.1', params: { ttl: 60 } },
        prediction: { stages: [1, 0] },
        afterAlertId: 42,
      });
      expect([...s.incidents.stepsByIncident(ds)]).toEqual([
        ['inc-b', [a, c]],
        ['inc-a', [b]],
      ]);
      expect(s.incidents.steps(ds + 1, 'inc-b')).toEqual([]);
      const o = s.incidents.observe(ds, 'inc-b', {
        step: 3,
        host: 'web1',
        answers: { q1: 'yes', q2: 'unknown' },
        note: '',
        actor: 'bo',
      });
      expect(s.incidents.observations(ds, 'inc-b')).toEqual([o]);
      // One answered form per (incident, step): a second fails whole, its audit row too.
      expect(() =>
        s.incidents.observe(ds, 'inc-b', {
          step: 3,
          host: 'x',
          answers: {},
          note: '',
          actor: 'bo',
        }),
      ).toThrow();
      expect(s.audit.list({ offset: 0, limit: 10, actor: 'bo' }).rows.map((r) => r.action)).toEqual(
        ['incident.observe'],
      );
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 4 });
    });

    it('keeps jobs in the order they were started (rowid), not by their text ids', () => {
      const s = ctx.store;
      const ds = s.createDataset('d', [], false, []);
      s.jobs.insert({ id: 'zeta', kind: 'load', datasetId: ds, stage: 'ingest' });
      s.jobs.insert({
        id: 'alpha',
        kind: 'reclassify',
        datasetId: ds,
        stage: 'classify',
        detail: { k: 1 },
      });
      s.jobs.insert({
        id: 'mid',
        kind: 'training',
        datasetId: ds,
        stage: 'training',
        status: 'queued',
      });
      s.jobs.insert({ id: 'b', kind: 'download', datasetId: null, stage: 'download' });
      expect(s.jobs.list(10).map((j) => j.id)).toEqual(['b', 'mid', 'alpha', 'zeta']);
      expect(s.jobs.list(2, ds).map((j) => j.id)).toEqual(['mid', 'alpha']);
      expect(s.jobs.activeOn(ds).map((j) => j.id)).toEqual(['zeta', 'alpha', 'mid']);
      expect(s.jobs.latestByDataset().get(ds)?.id).toBe('alpha');
      expect(s.jobs.latestOfKind('load')?.id).toBe('zeta');
      expect(s.jobs.latestOfKind('resume')).toBeUndefined();
      s.jobs.progress('zeta', { stage: 'classify', done: 10.4, total: 20 });
      expect(s.jobs.get('zeta')).toMatchObject({
        stage: 'classify',
        done: 10,
        total: 20,
        detail: null,
      });
      expect(s.jobs.get('alpha')?.detail).toEqual({ k: 1 });
      s.jobs.finish('alpha', 'done', null, { rows: 3 });
      // A finished job is left as it ended.
      s.jobs.progress('alpha', { stage: 'ingest', done: 1, total: 1 });
      expect(s.jobs.get('alpha')).toMatchObject({
        status: 'done',
        stage: 'classify',
        detail: { rows: 3 },
      });
      expect(typeof s.jobs.get('alpha')?.finishedAt).toBe('string');
      const interrupted = s.jobs.interruptRunning();
      expect(interrupted.map((j) => j.id)).toEqual(['zeta', 'mid', 'b']);
      expect(s.jobs.get('zeta')).toMatchObject({
        status: 'interrupted',
        stage: 'classify',
        pid: process.pid,
      });
      expect(s.jobs.get('zeta')?.error).toMatch(/interrupted during classify/);
      s.jobs.followedBy('zeta', 'alpha');
      expect(s.jobs.unresolved().map((j) => j.id)).toEqual(['mid', 'b']);
      expect(s.jobs.get('nope')).toBeUndefined();
    });

    it('deletes a dataset with everything derived from it, leaving other datasets whole', () => {
      const s = ctx.store;
      const a = seed(s, 30, 'a');
      const b = seed(s, 12, 'b');
      // Dataset b's flows also scored by a's detector (a re-score): b depends on a.
      const foreign = s.insertAlerts(
        b.flowIds
          .slice(0, 4)
          .map((flowId) => ({ ...a.alerts[1]!, flowId, datasetId: b.datasetId })),
      );
      const policyId = s.engine.insertPolicy({
        detectorId: a.detectorId,
        datasetId: a.datasetId,
        method: 'PPO',
        backend: 'fused',
        episodes: 1,
        seconds: 0,
        kgSnapshotId: null,
        checkpoint: '{}',
      });
      const adviceId = s.engine.insertAdvice({
        kgSnapshotId: null,
        kgVersion: 1,
        signatureId: a.signatureIds[0]!,
        advisor: 'kg',
        model: null,
        action: 0,
        reward: 0,
        probs: Float32Array.from([1]),
        evidence: '[]',
      });
      s.engine.upsertRecommendations(
        a.alertIds.slice(0, 10).map((alertId) => ({
          alertId,
          policyId,
          adviceId,
          action: 0,
          prob: 1,
          probs: Float32Array.from([1]),
        })),
      );
      s.kgSnapshots.save(new KnowledgeGraph(cat), a.detectorId);
      s.incidents.record(a.datasetId, 'i', {
        step: 1,
        decision: 'reject',
        actor: 'ana',
        note: '',
        recommended: null,
        action: null,
        feedback: '',
        expected: '',
        stages: [],
        prediction: null,
        afterAlertId: null,
      });
      s.jobs.insert({ id: 'load-a', kind: 'load', datasetId: a.datasetId, stage: 'done' });
      s.detectorChoice.setScoredBy(b.datasetId, a.detectorId);

      // What re-classifying and resuming read.
      expect(s.recovery.alertsByFlow(a.datasetId, a.detectorId)).toEqual({
        flowIds: a.flowIds,
        alertIds: a.alertIds,
      });
      expect(s.recovery.alertDetectors(b.datasetId)).toEqual([b.detectorId, a.detectorId]);
      expect([...s.recovery.pendingWithoutRecommendation(a.datasetId)]).toEqual(
        a.alertIds.filter((_, i) => i >= 10 && i % 7 !== 0),
      );
      expect(s.recovery.decidedAlerts(a.datasetId)).toBe(
        a.alerts.filter((x) => x.status !== 'pending').length,
      );
      expect(s.recovery.dependents(a.datasetId)).toEqual([{ id: b.datasetId, n: 4 }]);
      expect(s.recovery.dependents(b.datasetId)).toEqual([]);
      expect(s.recovery.detectorsOf(a.datasetId)).toEqual([a.detectorId]);

      const { value, changes } = s.write(() =>
        s.recovery.deleteDataset(a.datasetId, () =>
          s.appendAudit({ actor: 'ana', action: 'dataset.delete' }),
        ),
      );
      expect(value).toEqual({ flows: 30, alerts: 30 });
      expect(changes.tables.has('kg_snapshots')).toBe(true);
      expect(s.getDataset(a.datasetId)).toBeUndefined();
      expect(s.getDetector(a.detectorId)).toBeUndefined();
      expect(s.signaturesOf(a.detectorId)).toEqual([]);
      expect(s.engine.getAdvice(adviceId)).toBeUndefined();
      expect(s.engine.policyHeader({ id: policyId })).toBeUndefined();
      expect(s.kgSnapshots.list()).toEqual([]);
      expect(s.incidents.steps(a.datasetId, 'i')).toEqual([]);
      expect(s.jobs.get('load-a')).toMatchObject({ datasetId: null });
      // b's alerts from a's detector went with the detector; b's own stay, scored_by cleared.
      expect(s.getAlert(foreign[0]!)).toBeUndefined();
      expect(s.alertCount(b.datasetId)).toBe(12);
      expect(s.detectorChoice.scoredBy(b.datasetId)).toBeNull();
      expect(s.recovery.flowCount(b.datasetId)).toBe(12);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 2 });

      expect(s.recovery.deleteAlerts(b.datasetId)).toBe(12);
      expect(s.alertCount(b.datasetId)).toBe(0);
      expect(s.recovery.flowCount(b.datasetId)).toBe(12);
    });

    it('records detector checks, confirmations and which detector scores a dataset', () => {
      const s = ctx.store;
      expect(s.detectorChoice.newestId()).toBeNull();
      const a = seed(s, 9, 'a');
      const later = s.insertDetector({
        datasetId: a.datasetId,
        config: '{}',
        classNames: '[]',
        featureNames: '[]',
        tree: '{"big":true}',
        report: '{}',
        trainRows: 1,
        testRows: 1,
        trainMs: 1,
      });
      expect(s.detectorChoice.newestId()).toBe(later);
      expect(s.detectorChoice.unchecked()).toEqual([
        { id: a.detectorId, dataset_id: a.datasetId },
        { id: later, dataset_id: a.datasetId },
      ]);
      s.detectorChoice.setCheck(a.detectorId, { missing: ['Bot'] });
      expect(s.detectorChoice.unchecked().map((d) => d.id)).toEqual([later]);
      s.detectorChoice.confirm(a.detectorId, 'ana', () =>
        s.appendAudit({
          actor: 'ana',
          action: 'detector.confirm',
          subject: `detector:${a.detectorId}`,
        }),
      );
      const header = s.detectorChoice.header(a.detectorId)!;
      expect(header).toEqual({
        id: a.detectorId,
        dataset_id: a.datasetId,
        dataset_name: 'a',
        created_at: expect.any(String) as string,
        class_names: '["Benign","DDoS","PortScan"]',
        training_check: '{"missing":["Bot"]}',
        confirmed_at: expect.any(String) as string,
        confirmed_by: 'ana',
      });
      expect(s.detectorChoice.header(later)).toMatchObject({
        training_check: null,
        confirmed_at: null,
        confirmed_by: null,
      });
      expect(s.detectorChoice.header(9999)).toBeUndefined();
      expect(s.detectorChoice.headers().map((h) => h.id)).toEqual([later, a.detectorId]);
      expect(s.detectorChoice.scoredBy(a.datasetId)).toBeNull();
      expect(s.detectorChoice.scoredBy(9999)).toBeNull();
      s.detectorChoice.setScoredBy(a.datasetId, later);
      expect(s.detectorChoice.scoredBy(a.datasetId)).toBe(later);
      expect(
        s.detectorChoice.labelledRowsByClass(a.datasetId).sort((x, y) => x.cls - y.cls),
      ).toEqual([
        { cls: 0, n: 3 },
        { cls: 1, n: 3 },
        { cls: 2, n: 3 },
      ]);
    });
  });
});
