/**
 * Persistence of the decision engine (migration 3): trained policies, advisor answers, the
 * recommendation fixed for each alert, analyst decisions and settings. Every multi-row write is
 * one transaction.
 */
import type {
  AdviceInsert,
  AdviceRecord,
  AlertCore,
  DecisionInsert,
  DecisionRecord,
  PolicyHeader,
  PolicyInsert,
  RecommendationInsert,
  RecommendationRecord,
} from './records';
import { nowIso, type Store } from './store';

function floats(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A Float32 BLOB back as numbers (copied: the Buffer may be unaligned). */
export function floatsOf(blob: Buffer): number[] {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return Array.from(out);
}

/** Store a trained policy; returns its id. */
export function insertPolicy(store: Store, p: PolicyInsert): number {
  return Number(store.stmt('insertPolicy').run({ ...p, createdAt: nowIso() }).lastInsertRowid);
}

/** The newest policy of a detector with its checkpoint JSON, or undefined. */
export function latestPolicy(
  store: Store,
  detectorId: number,
): (PolicyHeader & { checkpoint: string }) | undefined {
  return store.stmt('latestPolicyOfDetector').get(detectorId) as
    (PolicyHeader & { checkpoint: string }) | undefined;
}

/** The newest policy header of a detector, or one policy by id. */
export function policyHeader(
  store: Store,
  by: { detectorId: number } | { id: number },
): PolicyHeader | undefined {
  return ('id' in by
    ? store.stmt('getPolicyHeader').get(by.id)
    : store.stmt('policyHeaderOfDetector').get(by.detectorId)) as unknown as
    PolicyHeader | undefined;
}

/** Store one advisor answer; returns its id. */
export function insertAdvice(store: Store, a: AdviceInsert): number {
  return Number(
    store.stmt('insertAdvice').run({ ...a, probs: floats(a.probs), createdAt: nowIso() })
      .lastInsertRowid,
  );
}

/** One advisor answer by id. */
export function getAdvice(store: Store, id: number): AdviceRecord | undefined {
  return store.stmt('getAdvice').get(id) as AdviceRecord | undefined;
}

/**
 * Write recommendations in one transaction. An alert that is no longer pending keeps the
 * recommendation it was decided on (the statement's WHERE clause); returns rows written.
 */
export function upsertRecommendations(store: Store, recs: readonly RecommendationInsert[]): number {
  const up = store.stmt('upsertRecommendation');
  const at = nowIso();
  let written = 0;
  store.db.transaction(() => {
    for (const r of recs)
      written += up.run(
        r.alertId,
        r.policyId,
        r.adviceId,
        r.action,
        r.prob,
        floats(r.probs),
        at,
      ).changes;
  })();
  return written;
}

/** The recommendation of an alert, or undefined. */
export function getRecommendation(store: Store, alertId: number): RecommendationRecord | undefined {
  return store.stmt('getRecommendation').get(alertId) as RecommendationRecord | undefined;
}

/** The columns of an alert a decision needs, or undefined. */
export function alertCore(store: Store, id: number): AlertCore | undefined {
  return store.stmt('alertCore').get(id) as AlertCore | undefined;
}

/** What one decision writes: its audit entry, the decision row and the alert's new status. */
export interface DecisionWrite {
  decision: Omit<DecisionInsert, 'auditId' | 'at'>;
  status: 'approved' | 'overridden' | 'auto';
  audit: { action: string; subject: string; detail: unknown };
}

/**
 * Record decisions atomically: for each, the append-only audit row first, then the decision and
 * the alert's status. Either every decision of the call is stored or none is. Returns audit ids.
 */
export function recordDecisions(store: Store, writes: readonly DecisionWrite[]): number[] {
  const ins = store.stmt('insertDecision');
  const status = store.stmt('setAlertStatus');
  return store.db.transaction(() =>
    writes.map((w) => {
      const auditId = store.appendAudit({
        actor: w.decision.actor,
        action: w.audit.action,
        subject: w.audit.subject,
        automatic: w.decision.kind === 'auto',
        detail: w.audit.detail,
      });
      ins.run({ ...w.decision, auditId, at: nowIso() });
      status.run(w.status, w.decision.alertId);
      return auditId;
    }),
  )();
}

/** Decisions on an alert, oldest first. */
export function decisionsOf(store: Store, alertId: number): DecisionRecord[] {
  return store.stmt('decisionsOfAlert').all(alertId) as DecisionRecord[];
}

/** An alert's id, signature and predicted class (what recommending needs). */
export interface AlertKey {
  id: number;
  signature_id: number;
  predicted_class: string;
}

/** Pending alerts of a dataset matched by any of the signatures. */
export function pendingAlertsOfSignatures(
  store: Store,
  datasetId: number,
  signatureIds: readonly number[],
): AlertKey[] {
  return store
    .stmt('pendingAlertsOfSignatures')
    .all(datasetId, JSON.stringify(signatureIds)) as AlertKey[];
}

/**
 * Delete old KG snapshots, keeping the newest `keep`, each detector's newest and every snapshot a
 * policy was trained with; returns rows deleted.
 */
export function pruneSnapshots(store: Store, keep: number): number {
  return store.stmt('pruneSnapshots').run(Math.max(0, Math.floor(keep))).changes;
}

/** The newest snapshot id of a detector's KG and how many it has. */
export function snapshotsOfDetector(
  store: Store,
  detectorId: number,
): { latestId: number | null; count: number } {
  const latest = store.stmt('latestSnapshotIdOfDetector').get(detectorId) as
    { id: number } | undefined;
  const { n } = store.stmt('countSnapshotsOfDetector').get(detectorId) as { n: number };
  return { latestId: latest?.id ?? null, count: n };
}

/** A setting's JSON value, or undefined. */
export function getSetting<T>(store: Store, key: string): T | undefined {
  const row = store.stmt('getSetting').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** Save a setting (JSON). */
export function putSetting(store: Store, key: string, value: unknown): void {
  store.stmt('putSetting').run(key, JSON.stringify(value));
}
