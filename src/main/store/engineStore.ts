/**
 * Persistence of the decision engine (migration 3): trained policies, advisor answers, the
 * recommendation fixed for each alert, analyst decisions and settings. Every multi-row write is
 * one transaction.
 */
import { runMany } from './sql/bulk';
import type { ChangeSet, Writes } from './changes';
import type {
  AdviceInsert,
  AdviceRecord,
  AlertCore,
  AuditEntry,
  DecisionInsert,
  DecisionRecord,
  PolicyHeader,
  PolicyInsert,
  RecommendationInsert,
  RecommendationRecord,
} from './records';
import type { Statements } from './statements';
import { nowIso } from './time';

/** The engine's statements, by name. */
export const ENGINE_SQL = {
  insertPolicy: `INSERT INTO policies (detector_id, dataset_id, method, created_at, backend, episodes,
                   seconds, kg_snapshot_id, checkpoint)
                 VALUES (@detectorId, @datasetId, @method, @createdAt, @backend, @episodes,
                   @seconds, @kgSnapshotId, @checkpoint)`,
  latestPolicyOfDetector: `SELECT * FROM policies WHERE detector_id = ? ORDER BY id DESC LIMIT 1`,
  policyHeaderOfDetector: `SELECT id, detector_id, dataset_id, method, created_at, backend, episodes,
                             seconds, kg_snapshot_id
                           FROM policies WHERE detector_id = ? ORDER BY id DESC LIMIT 1`,
  getPolicyHeader: `SELECT id, detector_id, dataset_id, method, created_at, backend, episodes,
                      seconds, kg_snapshot_id
                    FROM policies WHERE id = ?`,
  insertAdvice: `INSERT INTO advice (kg_snapshot_id, kg_version, signature_id, advisor, model, action,
                   reward, probs, evidence, created_at)
                 VALUES (@kgSnapshotId, @kgVersion, @signatureId, @advisor, @model, @action,
                   @reward, @probs, @evidence, @createdAt)`,
  getAdvice: `SELECT * FROM advice WHERE id = ?`,
  upsertRecommendation: `INSERT INTO recommendations (alert_id, policy_id, advice_id, action, prob,
                           probs, created_at, p_wrong, expected_reward, reward_lo, reward_hi,
                           evidence, novelty, novelty_outside, needs_review, review_reasons,
                           review_score)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         ON CONFLICT (alert_id) DO UPDATE SET policy_id = excluded.policy_id,
                           advice_id = excluded.advice_id, action = excluded.action,
                           prob = excluded.prob, probs = excluded.probs,
                           created_at = excluded.created_at, p_wrong = excluded.p_wrong,
                           expected_reward = excluded.expected_reward,
                           reward_lo = excluded.reward_lo, reward_hi = excluded.reward_hi,
                           evidence = excluded.evidence, novelty = excluded.novelty,
                           novelty_outside = excluded.novelty_outside,
                           needs_review = excluded.needs_review,
                           review_reasons = excluded.review_reasons,
                           review_score = excluded.review_score
                         WHERE (SELECT status FROM alerts WHERE id = excluded.alert_id) = 'pending'`,
  getRecommendation: `SELECT * FROM recommendations WHERE alert_id = ?`,
  alertCore: `SELECT id, dataset_id, detector_id, signature_id, predicted_class, conf_mean, status
              FROM alerts WHERE id = ?`,
  storedLabelOfAlert: `SELECT a.split, f.true_class, d.class_names FROM alerts a
                         JOIN flows f ON f.id = a.flow_id JOIN datasets d ON d.id = a.dataset_id
                       WHERE a.id = ?`,
  setAlertStatus: `UPDATE alerts SET status = ? WHERE id = ?`,
  insertDecision: `INSERT INTO decisions (alert_id, audit_id, at, actor, kind, recommended, action,
                     true_class, note)
                   VALUES (@alertId, @auditId, @at, @actor, @kind, @recommended, @action,
                     @trueClass, @note)`,
  decisionsOfAlert: `SELECT * FROM decisions WHERE alert_id = ? ORDER BY id`,
  pendingAlertsOfSignatures: `SELECT a.id, a.signature_id, a.predicted_class, r.novelty,
                                r.novelty_outside
                              FROM alerts a LEFT JOIN recommendations r ON r.alert_id = a.id
                              WHERE a.dataset_id = ? AND a.status = 'pending'
                                AND a.signature_id IN (SELECT value FROM json_each(?))
                              ORDER BY a.id`,
  recommendedPendingAlerts: `SELECT a.id, a.dataset_id, a.predicted_class, a.conf_mean, r.action,
                               r.prob, r.needs_review
                             FROM alerts a JOIN recommendations r ON r.alert_id = a.id
                             WHERE a.id IN (SELECT value FROM json_each(?))
                               AND a.status = 'pending'
                             ORDER BY a.id`,
  analystLabelsOfDataset: `SELECT a.flow_id, d.true_class FROM decisions d
                             JOIN alerts a ON a.id = d.alert_id
                           WHERE a.dataset_id = ? AND d.kind != 'auto'
                             AND d.true_class IS NOT NULL
                           ORDER BY d.id`,
  getSetting: `SELECT value FROM settings WHERE key = ?`,
  putSetting: `INSERT INTO settings (key, value) VALUES (?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
} as const;

function floats(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A Float32 BLOB back as numbers (copied: the Buffer may be unaligned). */
export function floatsOf(blob: Buffer): number[] {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return Array.from(out);
}

/** What one decision writes: its audit entry, the decision row and the alert's new status. */
export interface DecisionWrite {
  /** The decided alert's dataset (what the change report names). */
  datasetId: number;
  decision: Omit<DecisionInsert, 'auditId' | 'at'>;
  status: 'approved' | 'overridden' | 'auto';
  audit: { action: string; subject: string; detail: unknown };
}

/** An alert's id, signature and predicted class (what recommending needs). */
export interface AlertKey {
  id: number;
  signature_id: number;
  predicted_class: string;
  /** The novelty its current recommendation measured (null: none or not measured). */
  novelty: number | null;
  novelty_outside: string | null;
}

/** A pending alert with its recommendation (what auto-approval reads). */
export interface RecommendedAlert {
  id: number;
  dataset_id: number;
  predicted_class: string;
  conf_mean: number;
  action: number;
  prob: number;
  /** 1 when the recommendation needs review (null: written before risk was recorded). */
  needs_review: number | null;
}

/** Policies, advice, recommendations, decisions and settings. */
export class EngineStore {
  constructor(
    private readonly q: Statements<typeof ENGINE_SQL>,
    private readonly w: Writes,
    private readonly appendAudit: (e: AuditEntry) => number,
  ) {}

  /** Store a trained policy; returns its id. */
  insertPolicy(p: PolicyInsert): number {
    return this.w.transaction((ch) => {
      ch.touch('policies');
      return Number(this.q.get('insertPolicy').run({ ...p, createdAt: nowIso() }).lastInsertRowid);
    });
  }

  /** The newest policy of a detector with its checkpoint JSON, or undefined. */
  latestPolicy(detectorId: number): (PolicyHeader & { checkpoint: string }) | undefined {
    return this.q.get('latestPolicyOfDetector').get(detectorId) as
      (PolicyHeader & { checkpoint: string }) | undefined;
  }

  /** The newest policy header of a detector, or one policy by id. */
  policyHeader(by: { detectorId: number } | { id: number }): PolicyHeader | undefined {
    return ('id' in by
      ? this.q.get('getPolicyHeader').get(by.id)
      : this.q.get('policyHeaderOfDetector').get(by.detectorId)) as unknown as
      PolicyHeader | undefined;
  }

  /** Store one advisor answer; returns its id. */
  insertAdvice(a: AdviceInsert): number {
    return this.w.transaction((ch) => {
      ch.touch('advice');
      return Number(
        this.q.get('insertAdvice').run({ ...a, probs: floats(a.probs), createdAt: nowIso() })
          .lastInsertRowid,
      );
    });
  }

  /** One advisor answer by id. */
  getAdvice(id: number): AdviceRecord | undefined {
    return this.q.get('getAdvice').get(id) as AdviceRecord | undefined;
  }

  /**
   * Write recommendations in one transaction. An alert that is no longer pending keeps the
   * recommendation it was decided on (the statement's WHERE clause); returns rows written.
   */
  upsertRecommendations(recs: readonly RecommendationInsert[]): number {
    const up = this.q.get('upsertRecommendation');
    const at = nowIso();
    return this.w.transaction((ch) => {
      ch.touch('recommendations');
      const rows = recs.map((r) => {
        const k = r.risk;
        return [
          r.alertId,
          r.policyId,
          r.adviceId,
          r.action,
          r.prob,
          floats(r.probs),
          at,
          k?.pWrong ?? null,
          k?.expectedReward ?? null,
          k?.rewardLo ?? null,
          k?.rewardHi ?? null,
          k ? Math.round(k.evidence) : null,
          k?.novelty ?? null,
          k && k.noveltyOutside.length > 0 ? JSON.stringify(k.noveltyOutside) : null,
          k ? (k.needsReview ? 1 : 0) : null,
          k ? JSON.stringify(k.reasons) : null,
          k?.reviewScore ?? null,
        ];
      });
      const written = runMany(up, rows).changes;
      return written;
    });
  }

  /** The recommendation of an alert, or undefined. */
  getRecommendation(alertId: number): RecommendationRecord | undefined {
    return this.q.get('getRecommendation').get(alertId) as RecommendationRecord | undefined;
  }

  /**
   * The label the alert's flow was stored with (the class name, null when unlabelled) and the
   * alert's split: what tells whether a load already counted the flow towards its signature.
   */
  storedLabelOf(alertId: number): { split: 'train' | 'test' | null; label: string | null } | null {
    const r = this.q.get('storedLabelOfAlert').get(alertId) as
      | { split: 'train' | 'test' | null; true_class: number | null; class_names: string }
      | undefined;
    if (!r) return null;
    const names = JSON.parse(r.class_names) as string[];
    return { split: r.split, label: r.true_class === null ? null : (names[r.true_class] ?? null) };
  }

  /** The columns of an alert a decision needs, or undefined. */
  alertCore(id: number): AlertCore | undefined {
    return this.q.get('alertCore').get(id) as AlertCore | undefined;
  }

  /**
   * Record decisions atomically: for each, the append-only audit row first, then the decision and
   * the alert's status. Either every decision of the call is stored or none is. Returns audit ids.
   */
  recordDecisions(writes: readonly DecisionWrite[]): number[] {
    const ins = this.q.get('insertDecision');
    const status = this.q.get('setAlertStatus');
    return this.w.transaction((ch: ChangeSet) =>
      writes.map((w) => {
        const auditId = this.appendAudit({
          actor: w.decision.actor,
          action: w.audit.action,
          subject: w.audit.subject,
          automatic: w.decision.kind === 'auto',
          detail: w.audit.detail,
        });
        ins.run({ ...w.decision, auditId, at: nowIso() });
        status.run(w.status, w.decision.alertId);
        ch.touch('decisions');
        ch.alert(w.datasetId, w.decision.alertId);
        return auditId;
      }),
    );
  }

  /** Decisions on an alert, oldest first. */
  decisionsOf(alertId: number): DecisionRecord[] {
    return this.q.get('decisionsOfAlert').all(alertId) as DecisionRecord[];
  }

  /** Pending alerts of a dataset matched by any of the signatures. */
  pendingAlertsOfSignatures(datasetId: number, signatureIds: readonly number[]): AlertKey[] {
    return this.q
      .get('pendingAlertsOfSignatures')
      .all(datasetId, JSON.stringify(signatureIds)) as AlertKey[];
  }

  /** The still-pending alerts among `alertIds` that have a recommendation. */
  recommendedPendingAlerts(alertIds: readonly number[]): RecommendedAlert[] {
    return this.q
      .get('recommendedPendingAlerts')
      .all(JSON.stringify(alertIds)) as RecommendedAlert[];
  }

  /**
   * The analyst's dispositions on a dataset's flows: flow id → true class of the newest manual
   * decision that set one (automatic approvals are not labels).
   */
  analystLabels(datasetId: number): Map<number, string> {
    const rows = this.q.get('analystLabelsOfDataset').all(datasetId) as {
      flow_id: number;
      true_class: string;
    }[];
    return new Map(rows.map((r) => [r.flow_id, r.true_class]));
  }

  /** A setting's JSON value, or undefined. */
  getSetting<T>(key: string): T | undefined {
    const row = this.q.get('getSetting').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Save a setting (JSON). */
  putSetting(key: string, value: unknown): void {
    this.w.transaction((ch) => {
      ch.touch('settings');
      this.q.get('putSetting').run(key, JSON.stringify(value));
    });
  }
}
