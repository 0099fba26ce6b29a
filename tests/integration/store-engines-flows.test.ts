/**
 * The store's dataset, flow, detector and signature repositories and its transaction semantics,
 * with the same assertions on both engines (SQLite file, PostgreSQL): a difference between them
 * is an engine bug.
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { Store } from '../../src/main/store/store';
import { ENGINES, SEED_CLASSES, seed, useEngine } from '../helpers/engines';
import { makeBatch } from '../helpers/batch';

describe.each(ENGINES)('store on $name: datasets, flows, detectors', (engine) => {
  describe.skipIf(engine.unavailable !== null)('', () => {
    const ctx = useEngine(engine);

    it('creates, finishes, lists and marks stale datasets, with JS types as SQLite gives them', () => {
      const s = ctx.store;
      const a = s.createDataset('a', ['a.csv', 'b.csv'], true, ['Benign']);
      const b = s.createDataset('b', [], false, []);
      expect(typeof a).toBe('number');
      expect(b).toBeGreaterThan(a);
      const rec = s.getDataset(a)!;
      expect(rec).toMatchObject({
        id: a,
        name: 'a',
        sources: '["a.csv","b.csv"]',
        feature_count: FEATURE_COUNT,
        synthetic: 1,
        status: 'loading',
        rows_stored: 0,
        rows_skipped: 0,
        class_names: '["Benign"]',
        report: null,
        scored_by: null,
      });
      expect(typeof rec.created_at).toBe('string');
      expect(s.getDataset(999)).toBeUndefined();
      s.insertFlows(b, 0, makeBatch(4));
      s.finishDataset(a, { status: 'ready', rowsSkipped: 3, classNames: ['X'], report: { ok: 1 } });
      expect(s.getDataset(a)).toMatchObject({
        status: 'ready',
        rows_skipped: 3,
        class_names: '["X"]',
        report: '{"ok":1}',
      });
      // Newest first, with the latest detector (none) and the alert count as numbers.
      expect(s.listDatasets().map((d) => [d.id, d.detector_id, d.alert_count])).toEqual([
        [b, null, 0],
        [a, null, 0],
      ]);
      expect(s.markStaleLoads()).toBe(1);
      expect(s.getDataset(b)).toMatchObject({ status: 'failed', rows_stored: 4 });
      expect(s.markStaleLoads()).toBe(0);
    });

    it('opens read-only for reading, and refuses a schema older (read-only) or newer than its own', async () => {
      const ds = ctx.store.createDataset('d', [], false, []);
      const ro = Store.open(ctx.target, { readonly: true });
      try {
        expect(ro.getDataset(ds)?.name).toBe('d');
      } finally {
        ro.close();
      }
      const newest = MIGRATIONS.at(-1)!.version;
      await engine.raw(ctx.target, `DELETE FROM schema_migrations WHERE version = ${newest}`);
      expect(() => Store.open(ctx.target, { readonly: true })).toThrow(/older than this Rampart/);
      await engine.raw(
        ctx.target,
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${newest}, 'x', 'now'), (999, 'future', 'now')`,
      );
      ctx.store.close();
      expect(() => Store.open(ctx.target)).toThrow(/schema version 999 is newer/);
    });

    it('stores flows and chunks and reads them back as typed arrays and flow records', () => {
      const s = ctx.store;
      const ds = s.createDataset('d', ['x.csv', 'y.csv'], false, ['Benign', 'DDoS']);
      const b1 = makeBatch(150);
      b1.srcPort[3] = -1; // unknown: stored NULL
      b1.classes[4] = -1; // unlabelled
      b1.timeMs[5] = NaN;
      const ids1 = s.insertFlows(ds, 0, b1);
      const ids2 = s.insertFlows(ds, 1, makeBatch(100));
      expect(ids1).toBeInstanceOf(Float64Array);
      expect(ids2[0]).toBeGreaterThan(ids1[149]!);
      expect(s.getDataset(ds)?.rows_stored).toBe(250);
      const chunks = [...s.iterateChunks(ds)];
      expect(chunks.map((c) => c.ids.length)).toEqual([150, 100]);
      expect(Array.from(chunks[0]!.ids)).toEqual(Array.from(ids1));
      expect(Array.from(chunks[1]!.ids)).toEqual(Array.from(ids2));
      expect(Array.from(chunks[0]!.classes.slice(0, 6))).toEqual([0, 1, 0, 1, -1, 1]);
      expect(chunks[0]!.features[37 * FEATURE_COUNT + 5]).toBe(37005);
      expect(chunks[1]!.features[99 * FEATURE_COUNT + 1]).toBe(99001);
      const r = s.flowRecord(ids2[7]!)!;
      expect(r).toMatchObject({
        datasetId: ds,
        file: 'y.csv',
        line: 9,
        protocol: 6,
        srcPort: 40007,
        label: 'DDoS',
      });
      expect(Array.from(r.features.slice(0, 3))).toEqual([7000, 7001, 7002]);
      expect(s.flowRecord(ids1[3]!)?.srcPort).toBeNull();
      expect(s.flowRecord(123456)).toBeUndefined();
    });

    it('returns a large batch’s flow ids in row order (several multi-row INSERTs on PostgreSQL)', () => {
      const s = ctx.store;
      const ds = s.createDataset('big', ['big.csv'], false, ['Benign', 'DDoS']);
      const ids = Array.from(s.insertFlows(ds, 0, makeBatch(4500)));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect(Array.from([...s.iterateChunks(ds)][0]!.ids)).toEqual(ids);
      for (const i of [0, 1999, 2000, 4499])
        expect(s.flowRecord(ids[i]!)).toMatchObject({ line: i + 2, srcPort: 40000 + i });
      const detectorId = s.insertDetector({
        datasetId: ds,
        config: '{}',
        classNames: '[]',
        featureNames: '[]',
        tree: '{}',
        report: '{}',
        trainRows: 0,
        testRows: 0,
        trainMs: 0,
      });
      const [signatureId] = s.insertSignatures([sigInsert(detectorId, 0)]);
      const { value: alertIds, changes } = s.write(() =>
        s.insertAlerts(
          ids.map((flowId, i) => ({
            flowId,
            datasetId: ds,
            detectorId,
            signatureId: signatureId!,
            predictedClass: 'DDoS',
            split: null,
            mean: i / 4500,
            lo: 0,
            hi: 1,
            status: 'pending' as const,
          })),
        ),
      );
      expect(changes.alerts.get(ds)).toEqual(Array.from(alertIds));
      for (const i of [0, 1999, 2000, 4499])
        expect(s.getAlert(alertIds[i]!)).toMatchObject({ flow_id: ids[i], conf_mean: i / 4500 });
    });

    it('writes a batch all-or-nothing: a missing dataset stores no flow and no chunk', () => {
      const s = ctx.store;
      const ds = s.createDataset('d', ['a.csv'], false, ['Benign']);
      s.insertFlows(ds, 0, makeBatch(10));
      expect(() => s.insertFlows(9999, 0, makeBatch(10))).toThrow();
      expect([...s.iterateChunks(ds)].map((c) => c.ids.length)).toEqual([10]);
      expect(s.recovery.flowCount(ds)).toBe(10);
      expect(s.recovery.flowCount(9999)).toBe(0);
      expect(s.getDataset(ds)?.rows_stored).toBe(10);
    });

    it('keeps stream sequences: stored seqs are found, a duplicate (dataset, seq) stores nothing', () => {
      const s = ctx.store;
      const ds = s.streamDataset('stream:flows', ['Benign', 'DDoS']);
      expect(s.streamDataset('stream:flows', ['other'])).toBe(ds);
      const other = s.streamDataset('stream:other', []);
      expect(other).not.toBe(ds);
      expect(s.getDataset(ds)).toMatchObject({ status: 'loading', sources: '["stream:flows"]' });
      const b = makeBatch(5);
      b.streamSeqs = Float64Array.from([10, 11, 12, 13, 14]);
      s.insertFlows(ds, 0, b);
      expect([...s.storedStreamSeqs(ds, [9, 11, 14, 15, 100])].sort((x, y) => x - y)).toEqual([
        11, 14,
      ]);
      expect(s.storedStreamSeqs(ds, []).size).toBe(0);
      expect(s.storedStreamSeqs(other, [11]).size).toBe(0);
      // Another dataset may hold the same sequence; the same dataset may not.
      const again = makeBatch(2);
      again.streamSeqs = Float64Array.from([11, 12]);
      s.insertFlows(other, 0, again);
      const dup = makeBatch(3);
      dup.streamSeqs = Float64Array.from([20, 21, 12]);
      expect(() => s.insertFlows(ds, 0, dup)).toThrow();
      expect(s.recovery.flowCount(ds)).toBe(5);
      expect(s.getDataset(ds)?.rows_stored).toBe(5);
      expect(s.storedStreamSeqs(ds, [20, 21]).size).toBe(0);
      // Flows without a sequence (file loads) never collide.
      s.insertFlows(ds, 0, makeBatch(3));
      s.insertFlows(ds, 0, makeBatch(3));
      expect(s.recovery.flowCount(ds)).toBe(11);
    });

    it('stores detectors, signatures and their counts, and leaf bounds as a Buffer', () => {
      const s = ctx.store;
      const seeded = seed(s, 30);
      const d = s.getDetector(seeded.detectorId)!;
      expect(d).toMatchObject({
        id: seeded.detectorId,
        dataset_id: seeded.datasetId,
        train_rows: 30,
        test_rows: 0,
        train_ms: 1.5,
        leaf_bounds: null,
        leaf_bounds_features: null,
      });
      const later = s.insertDetector({
        datasetId: seeded.datasetId,
        config: '{}',
        classNames: '[]',
        featureNames: '[]',
        tree: '{}',
        report: '{}',
        trainRows: 1,
        testRows: 2,
        trainMs: 0.25,
      });
      expect(s.getDetector()?.id).toBe(later);
      expect(s.getDetector(undefined, seeded.datasetId)?.id).toBe(later);
      expect(s.getDetector(undefined, 999)).toBeUndefined();
      expect(s.listDatasets()[0]?.detector_id).toBe(later);
      const bounds = Buffer.from([0, 1, 2, 250, 255, 0]);
      s.setLeafBounds(later, bounds, '["f0"]');
      const stored = s.getDetector(later)!;
      expect(Buffer.isBuffer(stored.leaf_bounds)).toBe(true);
      expect([...stored.leaf_bounds!]).toEqual([...bounds]);
      expect(stored.leaf_bounds_features).toBe('["f0"]');

      const sigs = s.signaturesOf(seeded.detectorId);
      expect(sigs.map((x) => [x.leaf, x.class_name, x.n, x.c, x.alpha, x.true_counts])).toEqual([
        [0, 'Benign', 10, 5, 1, null],
        [1, 'DDoS', 20, 10, 1, null],
        [2, 'PortScan', 30, 15, 1, null],
      ]);
      const [s0, s1] = seeded.signatureIds;
      s.updateSignatureCounts([
        { id: s0!, n: 11, c: 6, trueCounts: '[6,5,0]' },
        { id: s1!, n: 21, c: 10 },
      ]);
      expect(s.getSignature(s0!)).toMatchObject({ n: 11, c: 6, true_counts: '[6,5,0]' });
      // Counts without true-class counts keep the stored ones.
      s.updateSignatureCounts([{ id: s0!, n: 12, c: 7, trueCounts: null }]);
      expect(s.getSignature(s0!)).toMatchObject({ n: 12, c: 7, true_counts: '[6,5,0]' });
      expect(s.getSignature(s1!)).toMatchObject({ n: 21, c: 10, true_counts: null });
      expect(s.getSignature(99999)).toBeUndefined();
      // (detector, leaf) is unique: the whole call fails and stores none of it.
      expect(() =>
        s.insertSignatures([{ ...sigInsert(later, 0) }, { ...sigInsert(seeded.detectorId, 1) }]),
      ).toThrow();
      expect(s.signaturesOf(later)).toEqual([]);
    });

    it('rolls a throwing transaction back whole, nested writes included', () => {
      const s = ctx.store;
      const kept = s.createDataset('kept', [], false, []);
      expect(() =>
        s.transaction(() => {
          s.createDataset('outer', [], false, []);
          s.transaction(() => {
            const ds = s.createDataset('inner', [], false, []);
            s.insertFlows(ds, 0, makeBatch(3));
            s.appendAudit({ actor: 'a', action: 'note' });
          });
          throw new Error('abandoned');
        }),
      ).toThrow('abandoned');
      expect(s.listDatasets().map((d) => d.name)).toEqual(['kept']);
      expect(s.audit.list({ offset: 0, limit: 10 }).total).toBe(0);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 0 });
      // The store goes on working after the rollback.
      s.insertFlows(kept, 0, makeBatch(2));
      expect(s.recovery.flowCount(kept)).toBe(2);
    });

    it('rolls back only a nested transaction that throws when the outer one catches it', () => {
      const s = ctx.store;
      const { value, changes } = s.write(() => {
        const a = s.createDataset('a', [], false, []);
        try {
          s.transaction(() => {
            s.createDataset('b', [], false, []);
            s.appendAudit({ actor: 'x', action: 'gone' });
            throw new Error('inner');
          });
        } catch {
          // the outer transaction goes on
        }
        // A failing statement inside a nested write: only that write is undone.
        expect(() => s.insertFlows(4242, 0, makeBatch(2))).toThrow();
        s.transaction(() => s.appendAudit({ actor: 'x', action: 'kept' }));
        return a;
      });
      expect(s.listDatasets().map((d) => d.name)).toEqual(['a']);
      expect(s.getDataset(value)?.name).toBe('a');
      expect(s.audit.list({ offset: 0, limit: 10 }).rows.map((r) => [r.id, r.action])).toEqual([
        [1, 'kept'],
      ]);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 1 });
      expect(changes.tables.has('datasets')).toBe(true);
      expect(changes.tables.has('audit')).toBe(true);
    });

    it('reports what a committed transaction wrote, nested writes and alerts included', () => {
      const s = ctx.store;
      const { value, changes } = s.write(() => {
        const seeded = seed(s, 6);
        s.transaction(() => s.appendAudit({ actor: 'analyst', action: 'note' }));
        return seeded;
      });
      expect([...changes.tables].sort()).toEqual([
        'alerts',
        'audit',
        'datasets',
        'detectors',
        'flow_chunks',
        'flows',
        'signatures',
      ]);
      expect(changes.alerts.get(value.datasetId)).toEqual(value.alertIds);
      const empty = s.write(() => 7);
      expect(empty.value).toBe(7);
      expect(empty.changes.tables.size).toBe(0);
      expect(SEED_CLASSES).toHaveLength(3);
    });
  });
});

function sigInsert(detectorId: number, leaf: number) {
  return {
    detectorId,
    leaf,
    className: 'Benign',
    conditions: '[]',
    text: 't',
    n: 0,
    c: 0,
    alpha: 1,
    beta: 1,
  };
}
