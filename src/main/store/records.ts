/** Row shapes of the store's tables, as better-sqlite3 returns them. */

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
  status: 'pending' | 'approved' | 'overridden' | 'auto';
}

export interface AlertQuery {
  datasetId: number;
  offset: number;
  limit: number;
  predictedClass?: string;
  sort: 'id' | 'confidence' | 'class';
  desc: boolean;
}

export interface AlertRecord {
  id: number;
  flow_id: number;
  predicted_class: string;
  signature_id: number;
  conf_mean: number;
  conf_lo: number;
  conf_hi: number;
  status: 'pending' | 'approved' | 'overridden' | 'auto';
  ts: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  true_class: number | null;
  signature_text: string;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string;
  automatic?: boolean;
  detail?: unknown;
}
