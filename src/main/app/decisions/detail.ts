/** One alert with everything fixed at decision time: signature, recommendation, evidence, history. */
import type {
  AlertDetail,
  EvidenceRecord,
  FlowRecord,
  RecommendationDetail,
} from '../../../shared/contract';
import { FEATURES } from '../../domain/ingest/schema';
import { floatsOf } from '../../store/engineStore';
import type { Store } from '../../store/store';
import { folded } from '../queries/alertQueue';
import { riskOf, toAlertRow, toDecisionEntry, toSignatureDetail } from '../queries/views';

/** The alert's detail, or null when it does not exist. */
export function alertDetail(store: Store, id: number): AlertDetail | null {
  const rec = store.getAlert(id);
  if (!rec) return null;
  const sig = store.getSignature(rec.signature_id);
  if (!sig) return null;
  const ds = store.getDataset(store.engine.alertCore(id)?.dataset_id ?? -1);
  const classNames = ds ? (JSON.parse(ds.class_names) as string[]) : [];
  return {
    alert: toAlertRow(rec, classNames),
    flow: flowRecord(store, rec.flow_id),
    src: rec.src_ip === null ? null : folded(rec.src_ip),
    dst: rec.dst_ip === null ? null : folded(rec.dst_ip),
    signature: toSignatureDetail(sig),
    recommendation: recommendationDetail(store, id),
    decisions: store.engine.decisionsOf(id).map(toDecisionEntry),
  };
}

function recommendationDetail(store: Store, alertId: number): RecommendationDetail | null {
  const r = store.engine.getRecommendation(alertId);
  if (!r) return null;
  const advice = store.engine.getAdvice(r.advice_id);
  const policy = store.engine.policyHeader({ id: r.policy_id });
  if (!advice || !policy) return null;
  return {
    action: r.action,
    probability: r.prob,
    advisor: advice.advisor,
    adviceAction: advice.action,
    adviceReward: advice.reward,
    risk: riskOf(r),
    policyProbs: floatsOf(r.probs),
    adviceProbs: floatsOf(advice.probs),
    evidence: JSON.parse(advice.evidence) as EvidenceRecord[],
    policyId: policy.id,
    method: policy.method,
    detectorId: policy.detector_id,
    kgVersion: advice.kg_version,
    advisorModel: advice.model,
    createdAt: r.created_at,
  };
}

/** The flow record behind an alert: every stored column and feature (NaN features left out). */
function flowRecord(store: Store, flowId: number): FlowRecord | null {
  const f = store.flowRecord(flowId);
  if (!f) return null;
  const features: Record<string, number> = {};
  FEATURES.forEach((name, i) => {
    const v = f.features[i]!;
    if (!Number.isNaN(v)) features[name] = v;
  });
  return {
    datasetId: f.datasetId,
    file: f.file,
    line: f.line,
    protocol: f.protocol,
    srcPort: f.srcPort,
    label: f.label,
    features,
  };
}
