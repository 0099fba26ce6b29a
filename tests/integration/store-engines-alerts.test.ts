/**
 * Alerts, the alert page's filters, sorts and text search, the queue's grouping, and the decision
 * engine's repository (policies, advice, recommendations, decisions, settings) with the same
 * assertions on both engines. Expected pages are computed here from what was written, with
 * SQLite's semantics (NULL sorts first ascending, last descending; text byte-wise; LIKE ignores
 * ASCII case), so PostgreSQL must give exactly SQLite's answers.
 */
import { describe, expect, it } from 'vitest';
import type { AlertQuery, AlertRecord, RecommendationInsert } from '../../src/main/store/records';
import type { Store } from '../../src/main/store/store';
import { ENGINES, SEED_CLASSES, seed, useEngine, type Seeded } from '../helpers/engines';

/** What the alert page shows of each seeded alert, as the test expects it. */
interface Expected {
  id: number;
  datasetId: number;
  cls: string;
  conf: number;
  status: string;
  signatureId: number;
  sigText: string;
  tsMs: number | null;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  action: number | null;
  prob: number | null;
  risk: number | null;
  reward: number | null;
  review: number | null;
}

/** A policy, one KG advice per signature and a recommendation for alert i when i % 3 !== 2. */
function recommend(s: Store, seeded: Seeded): RecommendationInsert[] {
  const policyId = s.engine.insertPolicy({
    detectorId: seeded.detectorId,
    datasetId: seeded.datasetId,
    method: 'PPO-KG-PT',
    backend: 'fused',
    episodes: 1000,
    seconds: 2.5,
    kgSnapshotId: null,
    checkpoint: '{"w":[1,2]}',
  });
  const adviceIds = seeded.signatureIds.map((signatureId, k) =>
    s.engine.insertAdvice({
      kgSnapshotId: null,
      kgVersion: 3,
      signatureId,
      advisor: k === 2 ? 'llm' : 'kg',
      model: k === 2 ? 'tiny.gguf' : null,
      action: k,
      reward: k - 0.5,
      probs: Float32Array.from([0.25, 0.5, 0.25]),
      evidence: '[]',
    }),
  );
  return seeded.alertIds.flatMap((alertId, i) =>
    i % 3 === 2
      ? []
      : [
          {
            alertId,
            policyId,
            adviceId: adviceIds[i % 3]!,
            action: i % 4,
            prob: ((i * 7) % 10) / 10 + 0.01,
            probs: Float32Array.from([0.5, 0.25, 0.25]),
            risk: {
              pWrong: ((i * 3) % 10) / 10,
              expectedReward: (i % 5) - 2,
              rewardLo: -3,
              rewardHi: 3,
              evidence: 12.4,
              novelty: i % 4 === 0 ? null : 0.5,
              noveltyOutside: i % 4 === 1 ? ['f1', 'f2'] : [],
              needsReview: i % 2 === 0,
              reasons: i % 2 === 0 ? ['novel'] : [],
              reviewScore: i / 10,
            },
          },
        ],
  );
}

/** The seeded alerts as the page should show them (alert i has a recommendation when i % 3 !== 2). */
function expected(seeded: Seeded, recs: RecommendationInsert[]): Expected[] {
  const n = seeded.alertIds.length;
  const byAlert = new Map(recs.map((r) => [r.alertId, r]));
  return seeded.alertIds.map((id, i) => {
    const a = seeded.alerts[i]!;
    const r = byAlert.get(id);
    return {
      id,
      datasetId: a.datasetId,
      cls: a.predictedClass,
      conf: a.mean,
      status: a.status,
      signatureId: a.signatureId,
      sigText: i % 3 === 1 ? 'Flow_Bytes > 50% of MAX' : `${SEED_CLASSES[i % 3]} leaf ${i % 3}`,
      tsMs: i % 6 === 0 ? null : Date.UTC(2024, 0, 1) + (n - i) * 1000,
      src: `10.0.${i % 4}.1`,
      srcPort: 40000 + i,
      dst: `192.168.1.${i % 5}`,
      dstPort: i % 2 === 1 ? 80 : 443,
      action: r?.action ?? null,
      prob: r?.prob ?? null,
      risk: r?.risk?.pWrong ?? null,
      reward: r?.risk?.expectedReward ?? null,
      review: r ? (r.risk?.needsReview ? 1 : 0) : null,
    };
  });
}

/** SQLite's order: NULL before everything, numbers by value, text byte-wise. */
function cmp(x: string | number | null, y: string | number | null): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

const SORT_KEY: Record<AlertQuery['sort'], (e: Expected) => string | number | null> = {
  id: (e) => e.id,
  time: (e) => e.tsMs,
  confidence: (e) => e.conf,
  class: (e) => e.cls,
  action: (e) => e.action,
  probability: (e) => e.prob,
  risk: (e) => e.risk,
  reward: (e) => e.reward,
};

/** The JS type of each column of an alert row, as SQLite gives it (null where null). */
function types(r: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      v === null ? 'null' : Buffer.isBuffer(v) ? 'buffer' : typeof v,
    ]),
  );
}

describe.each(ENGINES)('store on $name: alerts and decisions', (engine) => {
  describe.skipIf(engine.unavailable !== null)('', () => {
    const ctx = useEngine(engine);

    /** A seeded dataset with recommendations, and its expected page rows. */
    function world(n = 60) {
      const s = ctx.store;
      const seeded = seed(s, n);
      const recs = recommend(s, seeded);
      const written = s.engine.upsertRecommendations(recs);
      const rows = expected(seeded, recs);
      return { s, seeded, recs, written, rows };
    }

    const base = { offset: 0, limit: 1000, sort: 'id', desc: false } as const;

    it('stores alerts and reads them back with their flow, signature and recommendation', () => {
      const { s, seeded, recs, written } = world();
      // A first recommendation is written whatever the status (only a replacement needs pending).
      expect(written).toBe(recs.length);
      expect(s.alertCount(seeded.datasetId)).toBe(60);
      expect(s.listDatasets()[0]).toMatchObject({
        alert_count: 60,
        detector_id: seeded.detectorId,
      });
      const withRec = s.getAlert(seeded.alertIds[1]!)!;
      expect(withRec).toEqual({
        id: seeded.alertIds[1]!,
        flow_id: seeded.flowIds[1]!,
        dataset_id: seeded.datasetId,
        ts_ms: Date.UTC(2024, 0, 1) + 59_000,
        predicted_class: 'DDoS',
        signature_id: seeded.signatureIds[1]!,
        conf_mean: seeded.alerts[1]!.mean,
        conf_lo: 0,
        conf_hi: 1,
        status: 'pending',
        ts: '7/7/2017 3:30:00',
        src_ip: '10.0.1.1',
        src_port: 40001,
        dst_ip: '192.168.1.1',
        dst_port: 80,
        true_class: 1,
        signature_text: 'Flow_Bytes > 50% of MAX',
        rec_action: 1,
        rec_prob: recs.find((r) => r.alertId === seeded.alertIds[1])!.prob,
        rec_advisor: 'kg',
        advice_action: 1,
        advice_reward: 0.5,
        p_wrong: 0.3,
        expected_reward: -1,
        reward_lo: -3,
        reward_hi: 3,
        rec_evidence: 12,
        novelty: 0.5,
        novelty_outside: '["f1","f2"]',
        needs_review: 0,
        review_reasons: '[]',
      } satisfies AlertRecord);
      expect(s.getAlert(seeded.alertIds[0]!)?.ts_ms).toBeNull();
      const without = s.getAlert(seeded.alertIds[2]!)!;
      expect(types(without)).toEqual({
        ...Object.fromEntries(Object.keys(without).map((k) => [k, 'null'])),
        id: 'number',
        ts_ms: 'number',
        flow_id: 'number',
        dataset_id: 'number',
        predicted_class: 'string',
        signature_id: 'number',
        conf_mean: 'number',
        conf_lo: 'number',
        conf_hi: 'number',
        status: 'string',
        ts: 'string',
        src_ip: 'string',
        src_port: 'number',
        dst_ip: 'string',
        dst_port: 'number',
        true_class: 'number',
        signature_text: 'string',
      });
      expect(s.getAlert(999_999)).toBeUndefined();
    });

    it('filters the alert page by each filter, with the total matching', () => {
      const { s, seeded, rows } = world();
      const [sig0, sig1, sig2] = seeded.signatureIds as [number, number, number];
      const cases: [
        Omit<AlertQuery, 'offset' | 'limit' | 'sort' | 'desc'>,
        (e: Expected) => boolean,
      ][] = [
        [{}, () => true],
        [{ datasetId: seeded.datasetId }, () => true],
        [{ datasetId: seeded.datasetId + 1 }, () => false],
        [{ predictedClass: 'DDoS' }, (e) => e.cls === 'DDoS'],
        [{ hideBenign: true }, (e) => e.cls !== 'Benign'],
        [{ status: 'approved' }, (e) => e.status === 'approved'],
        [{ minConfidence: 0.5 }, (e) => e.conf >= 0.5],
        [{ maxConfidence: 0.35 }, (e) => e.conf <= 0.35],
        [{ signatureId: sig2 }, (e) => e.signatureId === sig2],
        [{ signatureIds: [sig0, sig1] }, (e) => e.signatureId !== sig2],
        [{ src: ['10.0.1.1', '10.0.3.1'] }, (e) => e.src === '10.0.1.1' || e.src === '10.0.3.1'],
        [{ dst: ['192.168.1.4'] }, (e) => e.dst === '192.168.1.4'],
        [{ dstPort: 443 }, (e) => e.dstPort === 443],
        [{ action: 2 }, (e) => e.action === 2],
        [{ minRisk: 0.6 }, (e) => e.risk !== null && e.risk >= 0.6],
        [{ maxRisk: 0.2 }, (e) => e.risk !== null && e.risk <= 0.2],
        [{ needsReview: true }, (e) => e.review === 1],
        [{ needsReview: false }, (e) => e.review === 0],
        [
          { predictedClass: 'Benign', status: 'pending', dstPort: 80, minConfidence: 0.2 },
          (e) => e.cls === 'Benign' && e.status === 'pending' && e.dstPort === 80 && e.conf >= 0.2,
        ],
      ];
      for (const [filter, keep] of cases) {
        const want = rows.filter(keep).map((e) => e.id);
        const page = s.queryAlerts({ ...base, ...filter });
        expect({ filter, ids: page.rows.map((r) => r.id) }).toEqual({ filter, ids: want });
        expect({ filter, total: page.total }).toEqual({ filter, total: want.length });
        expect(s.countAlerts(filter)).toBe(want.length);
      }
    });

    it('sorts the alert page by each column both ways, NULLs as SQLite orders them', () => {
      const { s, rows } = world();
      for (const sort of Object.keys(SORT_KEY) as AlertQuery['sort'][]) {
        for (const desc of [false, true]) {
          const key = SORT_KEY[sort];
          const sign = desc ? -1 : 1;
          const want = [...rows]
            .sort((x, y) => sign * (cmp(key(x), key(y)) || cmp(x.id, y.id)))
            .map((e) => e.id);
          const page = s.queryAlerts({ ...base, sort, desc });
          expect({ sort, desc, ids: page.rows.map((r) => r.id) }).toEqual({
            sort,
            desc,
            ids: want,
          });
          const slice = s.queryAlerts({ ...base, sort, desc, offset: 5, limit: 7 });
          expect({ sort, desc, ids: slice.rows.map((r) => r.id) }).toEqual({
            sort,
            desc,
            ids: want.slice(5, 12),
          });
          expect(slice.total).toBe(rows.length);
        }
      }
    });

    it('searches text literally (LIKE wildcards escaped), ignoring case, in endpoints and signatures', () => {
      const { s, rows } = world();
      const search = (text: string[]) => s.queryAlerts({ ...base, text }).rows.map((r) => r.id);
      const like = (needle: string) => (e: Expected) =>
        [`${e.src}:${e.srcPort}`, `${e.dst}:${e.dstPort}`, e.sigText].some((h) =>
          h.toLowerCase().includes(needle.toLowerCase()),
        );
      const sig1 = rows.filter((e) => e.sigText.startsWith('Flow_')).map((e) => e.id);
      expect(sig1.length).toBeGreaterThan(0);
      // Case is ignored, and "_" and "%" match only themselves.
      expect(search(['flow_bytes'])).toEqual(sig1);
      expect(search(['FLOW_BYTES > 50%'])).toEqual(sig1);
      expect(search(['Flow%Bytes'])).toEqual([]);
      expect(search(['Flow_Byte_'])).toEqual([]);
      expect(search(['50\\%'])).toEqual([]);
      expect(search(['benign LEAF'])).toEqual(rows.filter(like('benign leaf')).map((e) => e.id));
      // Endpoints as shown (ip:port); several terms match any.
      expect(search(['10.0.2.1:40010'])).toEqual(
        rows.filter(like('10.0.2.1:40010')).map((e) => e.id),
      );
      expect(search(['192.168.1.3:443', 'portscan'])).toEqual(
        rows.filter((e) => like('192.168.1.3:443')(e) || like('portscan')(e)).map((e) => e.id),
      );
      expect(search(['10.0.0_1'])).toEqual([]);
      expect(s.countAlerts({ text: ['flow_bytes'] })).toBe(sig1.length);
    });

    it('ignores only ASCII case in text search, as SQLite’s LIKE does', () => {
      const s = ctx.store;
      const seeded = seed(s, 3);
      const [sig] = s.insertSignatures([
        {
          detectorId: seeded.detectorId,
          leaf: 9,
          className: 'Benign',
          conditions: '[]',
          text: 'Élan vital ABC',
          n: 0,
          c: 0,
          alpha: 1,
          beta: 1,
        },
      ]);
      const [id] = s.insertAlerts([{ ...seeded.alerts[0]!, signatureId: sig! }]);
      const search = (t: string) => s.queryAlerts({ ...base, text: [t] }).rows.map((r) => r.id);
      expect(search('Élan')).toEqual([id]);
      expect(search('élan')).toEqual([]);
      expect(search('vital abc')).toEqual([id]);
    });

    it('groups the queue by signature, endpoints and action, and lists a group’s alert ids', () => {
      const { s, seeded, rows } = world();
      const groups = s.queueRows({ datasetId: seeded.datasetId });
      const key = (e: {
        signature_id: number;
        src_ip: string | null;
        dst_ip: string | null;
        dst_port: number | null;
        action: number | null;
      }) => `${e.signature_id}|${e.src_ip}|${e.dst_ip}|${e.dst_port}|${e.action}`;
      const want = new Map<
        string,
        {
          alerts: number;
          pending: number;
          review: number | null;
          unrec: number;
          risk: number | null;
          first: number | null;
          last: number | null;
        }
      >();
      for (const e of rows) {
        const k = key({
          signature_id: e.signatureId,
          src_ip: e.src,
          dst_ip: e.dst,
          dst_port: e.dstPort,
          action: e.action,
        });
        const g = want.get(k) ?? {
          alerts: 0,
          pending: 0,
          review: null,
          unrec: 0,
          risk: null,
          first: null,
          last: null,
        };
        g.alerts++;
        if (e.status === 'pending') g.pending++;
        // SUM over (pending AND needs_review = 1): NULL when every row's value is NULL.
        const r =
          e.status === 'pending' && e.review === null
            ? null
            : e.status === 'pending' && e.review === 1
              ? 1
              : 0;
        if (r !== null) g.review = (g.review ?? 0) + r;
        if (e.action === null) g.unrec++;
        if (e.risk !== null) g.risk = Math.max(g.risk ?? -Infinity, e.risk);
        if (e.tsMs !== null) {
          g.first = Math.min(g.first ?? Infinity, e.tsMs);
          g.last = Math.max(g.last ?? -Infinity, e.tsMs);
        }
        want.set(k, g);
      }
      const got = new Map(
        groups.map((g) => [
          key(g),
          {
            alerts: g.alerts,
            pending: g.pending,
            review: g.needs_review,
            unrec: g.unrecommended,
            risk: g.max_risk,
            first: g.first_seen,
            last: g.last_seen,
          },
        ]),
      );
      expect(got).toEqual(want);
      expect(groups.every((g) => g.datasets === String(seeded.datasetId))).toBe(true);
      expect(
        s
          .queueRows({ datasetId: seeded.datasetId, status: 'approved' })
          .reduce((n, g) => n + g.alerts, 0),
      ).toBe(rows.filter((e) => e.status === 'approved').length);

      const sig = seeded.signatureIds[0]!;
      const of = (f: (e: Expected) => boolean) =>
        rows.filter((e) => e.signatureId === sig && f(e)).map((e) => e.id);
      expect(
        s.groupAlertIds({ signatureId: sig, src: ['10.0.0.1'], dst: 'any', dstPort: 'any' }),
      ).toEqual(of((e) => e.src === '10.0.0.1'));
      expect(
        s.groupAlertIds({
          signatureId: sig,
          src: ['10.0.0.1', '10.0.2.1'],
          dst: ['192.168.1.2'],
          dstPort: 443,
          status: 'pending',
        }),
      ).toEqual(
        of(
          (e) =>
            ['10.0.0.1', '10.0.2.1'].includes(e.src) &&
            e.dst === '192.168.1.2' &&
            e.dstPort === 443 &&
            e.status === 'pending',
        ),
      );
      // A group of flows without a destination: none here.
      expect(s.groupAlertIds({ signatureId: sig, src: null, dst: null, dstPort: null })).toEqual(
        [],
      );
    });

    it('stores policies, advice (probs as a Buffer) and settings', () => {
      const { s, seeded } = world(12);
      const p = s.engine.latestPolicy(seeded.detectorId)!;
      expect(p).toMatchObject({
        detector_id: seeded.detectorId,
        dataset_id: seeded.datasetId,
        method: 'PPO-KG-PT',
        backend: 'fused',
        episodes: 1000,
        seconds: 2.5,
        kg_snapshot_id: null,
        checkpoint: '{"w":[1,2]}',
      });
      const header = s.engine.policyHeader({ detectorId: seeded.detectorId })!;
      expect(header).not.toHaveProperty('checkpoint');
      expect(s.engine.policyHeader({ id: p.id })).toEqual(header);
      expect(s.engine.policyHeader({ id: 9999 })).toBeUndefined();
      expect(s.engine.latestPolicy(9999)).toBeUndefined();
      const rec = s.engine.getRecommendation(seeded.alertIds[1]!)!;
      const advice = s.engine.getAdvice(rec.advice_id)!;
      expect(advice).toMatchObject({
        kg_version: 3,
        advisor: 'kg',
        model: null,
        action: 1,
        reward: 0.5,
        evidence: '[]',
      });
      expect(Buffer.isBuffer(advice.probs)).toBe(true);
      expect(Array.from(new Float32Array(new Uint8Array(advice.probs).buffer))).toEqual([
        0.25, 0.5, 0.25,
      ]);
      expect(Buffer.isBuffer(rec.probs)).toBe(true);
      expect(rec).toMatchObject({
        action: 1,
        evidence: 12,
        needs_review: 0,
        review_score: 0.1,
        novelty_outside: '["f1","f2"]',
      });
      expect(s.engine.getRecommendation(seeded.alertIds[2]!)).toBeUndefined();

      expect(s.engine.getSetting('auto')).toBeUndefined();
      s.engine.putSetting('auto', { on: true, min: 0.9 });
      s.engine.putSetting('auto', { on: false, min: 0.8 });
      s.engine.putSetting('theme', 'dark');
      expect(s.engine.getSetting('auto')).toEqual({ on: false, min: 0.8 });
      expect(s.engine.getSetting('theme')).toBe('dark');
    });

    it('replaces a pending alert’s recommendation, the last of one call winning', () => {
      const { s, seeded } = world(12);
      const a = seeded.alertIds[1]!;
      const old = s.engine.getRecommendation(a)!;
      const rec = (action: number) => ({
        alertId: a,
        policyId: old.policy_id,
        adviceId: old.advice_id,
        action,
        prob: 0.5,
        probs: Float32Array.from([0.5, 0.5]),
      });
      // One call with the alert twice, and a new alert's first recommendation.
      const fresh = seeded.alertIds[2]!;
      expect(s.engine.upsertRecommendations([rec(2), { ...rec(0), alertId: fresh }, rec(3)])).toBe(
        3,
      );
      expect(s.engine.getRecommendation(a)).toMatchObject({
        action: 3,
        p_wrong: null,
        needs_review: null,
      });
      expect(s.engine.getRecommendation(fresh)?.action).toBe(0);
      expect(s.getAlert(a)).toMatchObject({ rec_action: 3, p_wrong: null });
    });

    it('records decisions atomically with their audit rows, and reads them back', () => {
      const { s, seeded } = world(24);
      const mean = (i: number) => seeded.alerts[i]!.mean;
      const [a1, a2, a3] = [seeded.alertIds[1]!, seeded.alertIds[4]!, seeded.alertIds[5]!];
      expect(s.engine.alertCore(a1)).toEqual({
        id: a1,
        dataset_id: seeded.datasetId,
        detector_id: seeded.detectorId,
        signature_id: seeded.signatureIds[1],
        predicted_class: 'DDoS',
        conf_mean: seeded.alerts[1]!.mean,
        status: 'pending',
      });
      expect(s.engine.storedLabelOf(a1)).toEqual({ split: null, label: 'DDoS' });
      expect(s.engine.storedLabelOf(seeded.alertIds[4]!)).toEqual({ split: 'test', label: 'DDoS' });
      expect(s.engine.storedLabelOf(999_999)).toBeNull();
      const sigs = [seeded.signatureIds[1]!, seeded.signatureIds[2]!];
      const pendingBefore = s.engine.pendingAlertsOfSignatures(seeded.datasetId, sigs);
      expect(pendingBefore.map((r) => r.id)).toEqual(
        seeded.alertIds.filter((_, i) => i % 3 !== 0 && i % 7 !== 0),
      );
      expect(pendingBefore.find((r) => r.id === a1)).toEqual({
        id: a1,
        signature_id: seeded.signatureIds[1],
        predicted_class: 'DDoS',
        novelty: 0.5,
        novelty_outside: '["f1","f2"]',
      });
      expect(
        s.engine
          .recommendedPendingAlerts([a1, a3, seeded.alertIds[0]!])
          .map((r) => [r.id, r.action, r.needs_review]),
      ).toEqual([[a1, 1, 0]]);
      // In alert order whatever order they are asked in (auto-approval audits them in it).
      expect(
        s.engine.recommendedPendingAlerts([...seeded.alertIds].reverse()).map((r) => r.id),
      ).toEqual(seeded.alertIds.filter((_, i) => i % 3 !== 2 && i % 7 !== 0));

      const write = (
        alertId: number,
        kind: 'approve' | 'override' | 'auto',
        trueClass: string | null,
      ) => ({
        datasetId: seeded.datasetId,
        decision: {
          alertId,
          actor: kind === 'auto' ? 'rampart' : 'ana',
          kind,
          recommended: 1,
          action: 2,
          trueClass,
          note: 'n',
        },
        status: (kind === 'approve' ? 'approved' : kind === 'override' ? 'overridden' : 'auto') as
          'approved' | 'overridden' | 'auto',
        audit: {
          action: `alert.${kind}`,
          subject: `alert:${alertId}`,
          detail: { alertIds: [alertId] },
        },
      });
      const { value: auditIds, changes } = s.write(() =>
        s.engine.recordDecisions([
          write(a1, 'approve', 'DDoS'),
          write(a2, 'override', 'Benign'),
          write(a3, 'auto', null),
        ]),
      );
      expect(auditIds).toEqual([1, 2, 3]);
      expect(changes.alerts.get(seeded.datasetId)).toEqual([a1, a2, a3]);
      expect(s.getAlert(a2)?.status).toBe('overridden');
      expect(s.engine.decisionsOf(a1)).toEqual([
        {
          id: 1,
          alert_id: a1,
          audit_id: 1,
          at: expect.any(String) as string,
          actor: 'ana',
          kind: 'approve',
          recommended: 1,
          action: 2,
          true_class: 'DDoS',
          note: 'n',
        },
      ]);
      // Manual decisions are labels, automatic approvals are not.
      expect(s.engine.analystLabels(seeded.datasetId)).toEqual(
        new Map([
          [seeded.flowIds[1]!, 'DDoS'],
          [seeded.flowIds[4]!, 'Benign'],
        ]),
      );
      // A decided alert keeps the recommendation it was decided on.
      const kept = s.engine.getRecommendation(a1)!;
      expect(
        s.engine.upsertRecommendations([
          {
            alertId: a1,
            policyId: kept.policy_id,
            adviceId: kept.advice_id,
            action: 3,
            prob: 0.9,
            probs: Float32Array.from([1]),
          },
        ]),
      ).toBe(0);
      expect(s.engine.getRecommendation(a1)?.action).toBe(1);
      // A decision on a missing alert fails the whole call: no decision, no audit row.
      expect(() =>
        s.engine.recordDecisions([
          write(seeded.alertIds[10]!, 'approve', 'Benign'),
          write(999_999, 'approve', 'Benign'),
        ]),
      ).toThrow();
      expect(s.getAlert(seeded.alertIds[10]!)?.status).toBe('pending');
      expect(s.engine.decisionsOf(seeded.alertIds[10]!)).toEqual([]);
      expect(s.audit.verify()).toMatchObject({ intact: true, rows: 3 });

      // The decisions export, with the group key read from the audit detail.
      s.engine.recordDecisions([
        {
          ...write(seeded.alertIds[8]!, 'approve', 'PortScan'),
          audit: {
            action: 'group.approve',
            subject: 'group:g1',
            detail: { group: 'g1', alertIds: [seeded.alertIds[8]!] },
          },
        },
      ]);
      const exported = [...s.reports.exportDecisions(seeded.datasetId)];
      // In id order. (PostgreSQL's identity does not reuse the ids a rolled-back insert drew, so
      // the fourth decision's id is not compared; SQLite's max + 1 reuses them.)
      const ids = exported.map((r) => r.decision_id);
      expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
      expect(ids[3]).toBeGreaterThan(3);
      expect(
        exported.map((r) => [
          r.audit_id,
          r.alert_id,
          r.analyst,
          r.kind,
          r.true_class,
          r.grp,
          r.dst_port,
          r.confidence,
        ]),
      ).toEqual([
        [1, a1, 'ana', 'approve', 'DDoS', null, 80, mean(1)],
        [2, a2, 'ana', 'override', 'Benign', null, 443, mean(4)],
        [3, a3, 'rampart', 'auto', null, null, 80, mean(5)],
        [4, seeded.alertIds[8], 'ana', 'approve', 'PortScan', 'g1', 443, mean(8)],
      ]);
      expect([...s.reports.exportDecisions()]).toEqual(exported);
      expect([...s.reports.exportDecisions(seeded.datasetId + 1)]).toEqual([]);
      const flows = [...s.reports.flowAlerts(seeded.datasetId)];
      expect(flows).toHaveLength(24);
      expect(flows[6]).toEqual({
        id: seeded.alertIds[6],
        predicted_class: 'Benign',
        conf_mean: mean(6),
        ts: '7/7/2017 3:30:00',
        ts_ms: null,
        src_ip: '10.0.2.1',
        src_port: 40006,
        dst_ip: '192.168.1.1',
        dst_port: 443,
        protocol: 6,
      });
    });
  });
});
