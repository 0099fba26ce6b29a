/** Store rows as the contract's view types. */
import { betaSummary, DecisionTree } from '../../domain/detector';
import type {
  AlertRow,
  DecisionEntry,
  DetectorReport,
  RecommendationRisk,
  SignatureDetail,
} from '../../../shared/contract';
import type {
  AlertRecord,
  DecisionRecord,
  DetectorRecord,
  SignatureRecord,
} from '../../store/records';

/** An alert page row; `classNames` maps the flow's true-class index. */
export function toAlertRow(r: AlertRecord, classNames: readonly string[]): AlertRow {
  const endpoint = (ip: string | null, port: number | null) =>
    ip === null ? null : port === null ? ip : `${ip}:${port}`;
  return {
    id: r.id,
    flowId: r.flow_id,
    datasetId: r.dataset_id,
    time: r.ts,
    timeMs: r.ts_ms,
    src: endpoint(r.src_ip, r.src_port),
    dst: endpoint(r.dst_ip, r.dst_port),
    dstPort: r.dst_port,
    predictedClass: r.predicted_class,
    trueClass: r.true_class === null ? null : (classNames[r.true_class] ?? null),
    signatureId: r.signature_id,
    signatureText: r.signature_text,
    confidence: { mean: r.conf_mean, lo: r.conf_lo, hi: r.conf_hi },
    status: r.status,
    recommendation:
      r.rec_action === null || r.rec_advisor === null
        ? null
        : {
            action: r.rec_action,
            probability: r.rec_prob ?? 0,
            advisor: r.rec_advisor,
            adviceAction: r.advice_action ?? 0,
            adviceReward: r.advice_reward ?? 0,
            risk: riskOf(r),
          },
  };
}

/** The risk columns of a recommendation (null when it was written before they existed). */
export function riskOf(r: {
  p_wrong: number | null;
  expected_reward: number | null;
  reward_lo: number | null;
  reward_hi: number | null;
  novelty: number | null;
  novelty_outside: string | null;
  needs_review: number | null;
  review_reasons: string | null;
  evidence?: number | null;
  rec_evidence?: number | null;
}): RecommendationRisk | null {
  if (r.p_wrong === null || r.expected_reward === null) return null;
  return {
    pWrong: r.p_wrong,
    expectedReward: r.expected_reward,
    rewardInterval: [r.reward_lo ?? r.expected_reward, r.reward_hi ?? r.expected_reward],
    evidence: r.rec_evidence ?? r.evidence ?? 0,
    novelty: r.novelty,
    noveltyOutside: r.novelty_outside ? (JSON.parse(r.novelty_outside) as string[]) : [],
    needsReview: r.needs_review === 1,
    reasons: r.review_reasons ? (JSON.parse(r.review_reasons) as string[]) : [],
  };
}

/** A signature with its current Beta confidence. */
export function toSignatureDetail(s: SignatureRecord): SignatureDetail {
  return {
    id: s.id,
    detectorId: s.detector_id,
    predictedClass: s.class_name,
    conditions: JSON.parse(s.conditions),
    text: s.text,
    n: s.n,
    c: s.c,
    alpha: s.alpha,
    beta: s.beta,
    confidence: betaSummary(s.c, s.n, { alpha: s.alpha, beta: s.beta }),
  };
}

/** A decision row. */
export function toDecisionEntry(d: DecisionRecord): DecisionEntry {
  return {
    id: d.id,
    alertId: d.alert_id,
    auditId: d.audit_id,
    at: d.at,
    actor: d.actor,
    kind: d.kind,
    recommended: d.recommended,
    action: d.action,
    trueClass: d.true_class,
    note: d.note,
  };
}

/** A detector's stored evaluation. */
export function toDetectorReport(rec: DetectorRecord, signatures: number): DetectorReport {
  const report = JSON.parse(rec.report) as Pick<
    DetectorReport,
    'perClass' | 'macroF1' | 'accuracy' | 'confusion'
  > & { classes: string[] };
  const tree = DecisionTree.fromJSON(JSON.parse(rec.tree));
  return {
    detectorId: rec.id,
    datasetId: rec.dataset_id,
    createdAt: rec.created_at,
    signatures,
    depth: tree.depth,
    trainRows: rec.train_rows,
    testRows: rec.test_rows,
    trainMs: rec.train_ms,
    classes: report.classes,
    perClass: report.perClass,
    macroF1: report.macroF1,
    accuracy: report.accuracy,
    confusion: report.confusion,
  };
}
