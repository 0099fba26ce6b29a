/** The Store's own SQL: datasets, flows and chunks, detectors, signatures, alerts (audit: auditLog.ts). */

/** Alert page queries: one prepared statement per (filter, sort, direction) combination. */
export const ALERT_SORT_COLUMNS = {
  id: 'a.id',
  time: 'f.ts_ms',
  confidence: 'a.conf_mean',
  class: 'a.predicted_class',
  action: 'r.action',
  probability: 'r.prob',
  risk: 'r.p_wrong',
  reward: 'r.expected_reward',
} as const;

/** The joins shared by the alert page queries. */
export const ALERT_FROM = `FROM alerts a JOIN flows f ON f.id = a.flow_id
    JOIN signatures s ON s.id = a.signature_id
    LEFT JOIN recommendations r ON r.alert_id = a.id LEFT JOIN advice v ON v.id = r.advice_id`;

/** The SELECT list shared by the alert page queries. */
export const ALERT_SELECT = `SELECT a.id, a.flow_id, a.dataset_id, f.ts_ms, a.predicted_class, a.signature_id, a.conf_mean,
    a.conf_lo, a.conf_hi, a.status, f.ts, f.src_ip, f.src_port, f.dst_ip, f.dst_port,
    f.true_class, s.text AS signature_text, r.action AS rec_action, r.prob AS rec_prob,
    v.advisor AS rec_advisor, v.action AS advice_action, v.reward AS advice_reward,
    r.p_wrong, r.expected_reward, r.reward_lo, r.reward_hi, r.evidence AS rec_evidence, r.novelty,
    r.novelty_outside, r.needs_review, r.review_reasons
  ${ALERT_FROM}`;

/** The Store's own statements, by name. */
export const STORE_SQL = {
  insertDataset: `INSERT INTO datasets (name, sources, feature_count, synthetic, status, created_at,
                    class_names)
                  VALUES (@name, @sources, @featureCount, @synthetic, 'loading', @createdAt,
                    @classNames)`,
  finishDataset: `UPDATE datasets SET status = @status,
                  rows_skipped = @rowsSkipped, class_names = @classNames, report = @report
                  WHERE id = @id`,
  getDataset: `SELECT * FROM datasets WHERE id = ?`,
  listDatasets: `SELECT d.*,
                   (SELECT MAX(id) FROM detectors WHERE dataset_id = d.id) AS detector_id,
                   (SELECT COUNT(*) FROM alerts WHERE dataset_id = d.id) AS alert_count
                 FROM datasets d ORDER BY d.id DESC`,
  markStaleLoads: `UPDATE datasets SET status = 'failed',
                     rows_stored = (SELECT COUNT(*) FROM flows f WHERE f.dataset_id = datasets.id)
                   WHERE status = 'loading'`,
  markStaleLoad: `UPDATE datasets SET status = 'failed',
                    rows_stored = (SELECT COUNT(*) FROM flows f WHERE f.dataset_id = datasets.id)
                  WHERE status = 'loading' AND id = ?`,
  countStoredRows: `UPDATE datasets SET rows_stored = rows_stored + ? WHERE id = ?`,
  insertChunk: `INSERT INTO flow_chunks (dataset_id, count, features) VALUES (?, ?, ?)`,
  insertFlow: `INSERT INTO flows (dataset_id, file_index, line, ts, ts_ms, src_ip, src_port, dst_ip,
                 dst_port, protocol, label, true_class, chunk_id, chunk_row, stream_seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  chunksOfDataset: `SELECT id, count FROM flow_chunks WHERE dataset_id = ? ORDER BY id`,
  chunkFeatures: `SELECT features FROM flow_chunks WHERE id = ?`,
  flowRecord: `SELECT f.dataset_id, f.file_index, f.line, f.protocol, f.src_port, f.label,
                 f.chunk_row, c.features, d.sources
               FROM flows f JOIN flow_chunks c ON c.id = f.chunk_id
                 JOIN datasets d ON d.id = f.dataset_id
               WHERE f.id = ?`,
  flowKeysOfChunk: `SELECT id, true_class FROM flows WHERE chunk_id = ? ORDER BY chunk_row`,
  insertDetector: `INSERT INTO detectors (dataset_id, created_at, config, class_names, feature_names,
                     tree, report, train_rows, test_rows, train_ms)
                   VALUES (@datasetId, @createdAt, @config, @classNames, @featureNames, @tree,
                     @report, @trainRows, @testRows, @trainMs)`,
  getDetector: `SELECT * FROM detectors WHERE id = ?`,
  latestDetector: `SELECT * FROM detectors ORDER BY id DESC LIMIT 1`,
  latestDetectorOfDataset: `SELECT * FROM detectors WHERE dataset_id = ? ORDER BY id DESC LIMIT 1`,
  insertSignature: `INSERT INTO signatures (detector_id, leaf, class_name, conditions, text, n, c,
                      alpha, beta, true_counts)
                    VALUES (@detectorId, @leaf, @className, @conditions, @text, @n, @c, @alpha,
                      @beta, @trueCounts)`,
  updateSignatureCounts: `UPDATE signatures SET n = @n, c = @c,
                            true_counts = COALESCE(@trueCounts, true_counts)
                          WHERE id = @id`,
  setLeafBounds: `UPDATE detectors SET leaf_bounds = ?, leaf_bounds_features = ? WHERE id = ?`,
  signaturesOfDetector: `SELECT * FROM signatures WHERE detector_id = ? ORDER BY leaf`,
  getSignature: `SELECT * FROM signatures WHERE id = ?`,
  insertAlert: `INSERT INTO alerts (flow_id, dataset_id, detector_id, signature_id, predicted_class,
                  split, conf_mean, conf_lo, conf_hi, status, created_at, stream_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  getAlert: `${ALERT_SELECT} WHERE a.id = ?`,
  alertCountOfDataset: `SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?`,
  streamSeqsStored: `SELECT stream_seq FROM flows
                     WHERE dataset_id = ? AND stream_seq >= ? AND stream_seq <= ?`,
  streamHealth: `SELECT d.id, d.name, d.rows_stored,
                   (SELECT a.created_at FROM alerts a WHERE a.dataset_id = d.id
                    ORDER BY a.id DESC LIMIT 1) AS newest
                 FROM datasets d WHERE d.name LIKE 'Live stream: %' ORDER BY d.id`,
  datasetByName: `SELECT id FROM datasets WHERE name = ? ORDER BY id LIMIT 1`,
} as const;
