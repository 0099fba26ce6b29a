/** Row shapes of the store's tables, as better-sqlite3 returns them. */
import type { AlertStatus } from '../../shared/contract';

export interface DatasetRecord {
  id: number;
  name: string;
  sources: string;
  feature_count: number;
  synthetic: number;
  status: 'loading' | 'ready' | 'cancelled' | 'failed';
  created_at: string;
  rows_stored: number;
  rows_skipped: number;
  class_names: string;
  report: string | null;
}

export interface DetectorInsert {
  datasetId: number;
  config: string;
  classNames: string;
  featureNames: string;
  tree: string;
  report: string;
  trainRows: number;
  testRows: number;
  trainMs: number;
}

export interface DetectorRecord {
  id: number;
  dataset_id: number;
  created_at: string;
  config: string;
  class_names: string;
  feature_names: string;
  tree: string;
  report: string;
  train_rows: number;
  test_rows: number;
  train_ms: number;
  /** Per-leaf feature ranges (migration 7; see StoredLeafBounds); null when not stored. */
  leaf_bounds: Buffer | null;
  leaf_bounds_features: string | null;
}

export interface SignatureInsert {
  detectorId: number;
  leaf: number;
  className: string;
  conditions: string;
  text: string;
  n: number;
  c: number;
  alpha: number;
  beta: number;
  /** JSON labelled flows by true class index (migration 7); null when unknown. */
  trueCounts?: string | null;
}

export interface SignatureRecord {
  id: number;
  detector_id: number;
  leaf: number;
  class_name: string;
  conditions: string;
  text: string;
  n: number;
  c: number;
  alpha: number;
  beta: number;
  /** JSON labelled flows by true class index (migration 7); null for older signatures. */
  true_counts: string | null;
}

export interface AlertInsert {
  flowId: number;
  datasetId: number;
  detectorId: number;
  signatureId: number;
  predictedClass: string;
  split: 'train' | 'test' | null;
  mean: number;
  lo: number;
  hi: number;
  status: AlertStatus;
  /** The JetStream stream sequence of the flow's message (flows from a stream only). */
  streamSeq?: number | null;
}

export interface AlertQuery {
  /** Omitted: every source. */
  datasetId?: number;
  offset: number;
  limit: number;
  predictedClass?: string;
  sort: 'id' | 'time' | 'confidence' | 'class' | 'action' | 'probability' | 'risk' | 'reward';
  desc: boolean;
  status?: AlertRecord['status'];
  minConfidence?: number;
  maxConfidence?: number;
  minRisk?: number;
  maxRisk?: number;
  needsReview?: boolean;
  action?: number;
  signatureId?: number;
  signatureIds?: number[];
  /** Addresses with every alias they may be written as (NAT folding), and a destination port. */
  src?: string[];
  dst?: string[];
  dstPort?: number;
  hideBenign?: boolean;
  /** Substrings of source, destination or signature text (any matches). */
  text?: string[];
}

export interface AlertRecord {
  id: number;
  flow_id: number;
  dataset_id: number;
  ts_ms: number | null;
  predicted_class: string;
  signature_id: number;
  conf_mean: number;
  conf_lo: number;
  conf_hi: number;
  status: AlertStatus;
  ts: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  true_class: number | null;
  signature_text: string;
  /** The recommendation's columns; null when none was made. */
  rec_action: number | null;
  rec_prob: number | null;
  rec_advisor: 'llm' | 'kg' | null;
  advice_action: number | null;
  advice_reward: number | null;
  /** The recommendation's risk columns (migration 7); null when none or written before. */
  p_wrong: number | null;
  expected_reward: number | null;
  reward_lo: number | null;
  reward_hi: number | null;
  rec_evidence: number | null;
  novelty: number | null;
  novelty_outside: string | null;
  needs_review: number | null;
  review_reasons: string | null;
}

export interface PolicyInsert {
  detectorId: number;
  datasetId: number | null;
  method: string;
  backend: string;
  episodes: number;
  seconds: number;
  kgSnapshotId: number | null;
  checkpoint: string;
}

/** A policy row without its checkpoint. */
export interface PolicyHeader {
  id: number;
  detector_id: number;
  dataset_id: number | null;
  method: string;
  created_at: string;
  backend: string;
  episodes: number;
  seconds: number;
  kg_snapshot_id: number | null;
}

export interface AdviceInsert {
  kgSnapshotId: number | null;
  kgVersion: number;
  signatureId: number;
  advisor: 'llm' | 'kg';
  model: string | null;
  action: number;
  reward: number;
  probs: Float32Array;
  evidence: string;
}

export interface AdviceRecord {
  id: number;
  kg_snapshot_id: number | null;
  kg_version: number;
  signature_id: number;
  advisor: 'llm' | 'kg';
  model: string | null;
  action: number;
  reward: number;
  probs: Buffer;
  evidence: string;
  created_at: string;
}

export interface RecommendationInsert {
  alertId: number;
  policyId: number;
  adviceId: number;
  action: number;
  prob: number;
  probs: Float32Array;
  /** The recommendation's risk (domain/kg/risk.ts); absent only in callers that predate it. */
  risk?: RecommendationRisk;
}

/** Risk columns of a recommendation (migration 7). */
export interface RecommendationRisk {
  pWrong: number;
  expectedReward: number;
  rewardLo: number;
  rewardHi: number;
  evidence: number;
  /** Novelty of the flow against its signature; null when it could not be measured. */
  novelty: number | null;
  /** Features of the flow outside its signature's training ranges. */
  noveltyOutside: string[];
  needsReview: boolean;
  reasons: string[];
  reviewScore: number;
}

export interface RecommendationRecord {
  alert_id: number;
  policy_id: number;
  advice_id: number;
  action: number;
  prob: number;
  probs: Buffer;
  created_at: string;
  p_wrong: number | null;
  expected_reward: number | null;
  reward_lo: number | null;
  reward_hi: number | null;
  evidence: number | null;
  novelty: number | null;
  novelty_outside: string | null;
  needs_review: number | null;
  review_reasons: string | null;
  review_score: number | null;
}

/** The columns of an alert that decisions need. */
export interface AlertCore {
  id: number;
  dataset_id: number;
  detector_id: number;
  signature_id: number;
  predicted_class: string;
  conf_mean: number;
  status: AlertRecord['status'];
}

export interface DecisionInsert {
  alertId: number;
  auditId: number;
  at: string;
  actor: string;
  kind: 'approve' | 'override' | 'auto';
  recommended: number | null;
  action: number;
  trueClass: string | null;
  note: string;
}

export interface DecisionRecord {
  id: number;
  alert_id: number;
  audit_id: number;
  at: string;
  actor: string;
  kind: 'approve' | 'override' | 'auto';
  recommended: number | null;
  action: number;
  true_class: string | null;
  note: string;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string;
  automatic?: boolean;
  detail?: unknown;
}

/** One row of the aggregated queue before NAT folding (one per recommended action). */
export interface QueueRow {
  signature_id: number;
  src_ip: string | null;
  dst_ip: string | null;
  dst_port: number | null;
  action: number | null;
  alerts: number;
  pending: number;
  needs_review: number | null;
  unrecommended: number;
  max_risk: number | null;
  first_seen: number | null;
  last_seen: number | null;
  datasets: string;
}
