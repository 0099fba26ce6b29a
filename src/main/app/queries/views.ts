/** Store rows as the contract's view types. */
import { betaSummary, DecisionTree } from '../../domain/detector';
import type {
  AlertRow,
  DecisionEntry,
  DetectorReport,
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
    time: r.ts,
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
          },
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
