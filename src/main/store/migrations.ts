/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction; the applied versions
 * are recorded in schema_migrations and checked at start-up (a database from a newer Rampart is
 * refused rather than silently misread).
 */
import type { SqlDatabase } from './sql/database';
import { chainExistingAudit } from './auditLog';
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A data step run after `sql`, in the same transaction (for what SQL alone cannot compute). */
  run?: (db: SqlDatabase) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets, flows, detectors, signatures, alerts, audit',
    sql: `
CREATE TABLE datasets (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  sources      TEXT NOT NULL,                 -- JSON array of the loaded file paths
  feature_count INTEGER NOT NULL,             -- row stride of flow_chunks.features
  synthetic    INTEGER NOT NULL DEFAULT 0,    -- 1 for the generated demo data
  status       TEXT NOT NULL CHECK (status IN ('loading', 'ready', 'cancelled', 'failed')),
  created_at   TEXT NOT NULL,
  rows_stored  INTEGER NOT NULL DEFAULT 0,
  rows_skipped INTEGER NOT NULL DEFAULT 0,
  class_names  TEXT NOT NULL DEFAULT '[]',    -- JSON; flows.true_class indexes it
  report       TEXT                           -- JSON IngestReport
);

-- Features are stored per batch as one row-major Float32 block (canonical feature order): a third
-- faster to write than a blob per flow, and read back as typed arrays for training.
CREATE TABLE flow_chunks (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  count       INTEGER NOT NULL,
  features    BLOB NOT NULL                   -- count x feature_count Float32, little-endian
);
CREATE INDEX flow_chunks_by_dataset ON flow_chunks(dataset_id, id);

CREATE TABLE flows (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_index  INTEGER NOT NULL,               -- index into datasets.sources
  line        INTEGER NOT NULL,               -- 1-based line in that file
  ts          TEXT,
  ts_ms       REAL,
  src_ip      TEXT,
  src_port    INTEGER,
  dst_ip      TEXT,
  dst_port    INTEGER,
  protocol    INTEGER,
  label       TEXT,                           -- original label, normalised; NULL when unlabelled
  true_class  INTEGER,                        -- index into datasets.class_names; NULL when unlabelled
  chunk_id    INTEGER NOT NULL REFERENCES flow_chunks(id) ON DELETE CASCADE,
  chunk_row   INTEGER NOT NULL                -- row of this flow in its chunk's feature block
);
CREATE INDEX flows_by_dataset ON flows(dataset_id, id);

CREATE TABLE detectors (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  config        TEXT NOT NULL,                -- JSON TreeConfig + split + Beta prior
  class_names   TEXT NOT NULL,
  feature_names TEXT NOT NULL,
  tree          TEXT NOT NULL,                -- JSON SerializedTree
  report        TEXT NOT NULL,                -- JSON evaluation on the test split
  train_rows    INTEGER NOT NULL,
  test_rows     INTEGER NOT NULL,
  train_ms      REAL NOT NULL
);

CREATE TABLE signatures (
  id          INTEGER PRIMARY KEY,
  detector_id INTEGER NOT NULL REFERENCES detectors(id) ON DELETE CASCADE,
  leaf        INTEGER NOT NULL,
  class_name  TEXT NOT NULL,
  conditions  TEXT NOT NULL,                  -- JSON Condition[]
  text        TEXT NOT NULL,
  n           INTEGER NOT NULL DEFAULT 0,     -- labelled flows matched
  c           INTEGER NOT NULL DEFAULT 0,     -- of those, classified correctly
  alpha       REAL NOT NULL,
  beta        REAL NOT NULL,
  UNIQUE (detector_id, leaf)
);

CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  flow_id         INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  detector_id     INTEGER NOT NULL REFERENCES detectors(id) ON DELETE CASCADE,
  signature_id    INTEGER NOT NULL REFERENCES signatures(id),
  predicted_class TEXT NOT NULL,
  split           TEXT CHECK (split IN ('train', 'test')),  -- NULL: not part of the detector's split
  conf_mean       REAL NOT NULL,              -- Beta confidence fixed at decision time
  conf_lo         REAL NOT NULL,
  conf_hi         REAL NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'overridden', 'auto')),
  created_at      TEXT NOT NULL
);
CREATE INDEX alerts_by_dataset ON alerts(dataset_id, id);
CREATE INDEX alerts_by_class ON alerts(dataset_id, predicted_class, id);
CREATE INDEX alerts_by_confidence ON alerts(dataset_id, conf_mean, id);
CREATE INDEX alerts_by_signature ON alerts(signature_id);

CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT,
  automatic INTEGER NOT NULL DEFAULT 0,
  detail    TEXT                              -- JSON: before / after / note
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`,
  },
  {
    version: 2,
    name: 'knowledge graph snapshots',
    sql: `
-- One row per saved knowledge graph: its versioned JSON export (src/main/domain/kg/serialize.ts). A whole
-- snapshot per save keeps each version readable on its own; the graph is small (~1.3k nodes).
CREATE TABLE kg_snapshots (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,               -- KnowledgeGraph.version when saved
  detector_id INTEGER REFERENCES detectors(id) ON DELETE CASCADE,  -- signatures are its leaves
  created_at  TEXT NOT NULL,
  node_count  INTEGER NOT NULL,
  edge_count  INTEGER NOT NULL,
  graph       TEXT NOT NULL                   -- JSON KgJson
);
CREATE INDEX kg_snapshots_by_detector ON kg_snapshots(detector_id, id);
`,
  },
  {
    version: 3,
    name: 'policies, advice, recommendations, decisions, settings',
    sql: `
-- A trained policy (PPO-KG-PT by default) for a detector, as a JSON checkpoint.
CREATE TABLE policies (
  id             INTEGER PRIMARY KEY,
  detector_id    INTEGER NOT NULL REFERENCES detectors(id) ON DELETE CASCADE,
  dataset_id     INTEGER REFERENCES datasets(id) ON DELETE SET NULL,  -- trained on its alerts
  method         TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  backend        TEXT NOT NULL,
  episodes       INTEGER NOT NULL,
  seconds        REAL NOT NULL,
  kg_snapshot_id INTEGER REFERENCES kg_snapshots(id) ON DELETE SET NULL,
  checkpoint     TEXT NOT NULL                -- JSON PolicyCheckpoint
);
CREATE INDEX policies_by_detector ON policies(detector_id, id);

-- One advisor answer per (KG snapshot, signature, advisor): alerts share it.
CREATE TABLE advice (
  id             INTEGER PRIMARY KEY,
  kg_snapshot_id INTEGER REFERENCES kg_snapshots(id) ON DELETE SET NULL,
  kg_version     INTEGER NOT NULL,
  signature_id   INTEGER NOT NULL REFERENCES signatures(id) ON DELETE CASCADE,
  advisor        TEXT NOT NULL CHECK (advisor IN ('llm', 'kg')),
  model          TEXT,                        -- GGUF file name for LLM advice
  action         INTEGER NOT NULL,
  reward         REAL NOT NULL,
  probs          BLOB NOT NULL,               -- Float32 per catalogue action
  evidence       TEXT NOT NULL,               -- JSON KgRecord[]
  created_at     TEXT NOT NULL
);

-- The recommendation shown for an alert, fixed once the alert is decided on.
CREATE TABLE recommendations (
  alert_id    INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
  policy_id   INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
  advice_id   INTEGER NOT NULL REFERENCES advice(id) ON DELETE CASCADE,
  action      INTEGER NOT NULL,
  prob        REAL NOT NULL,
  probs       BLOB NOT NULL,                  -- Float32 π(·|s) per catalogue action
  created_at  TEXT NOT NULL
);
CREATE INDEX recommendations_by_advice ON recommendations(advice_id);

-- Every decision on an alert; the audit row is written in the same transaction.
CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  audit_id    INTEGER NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('approve', 'override', 'auto')),
  recommended INTEGER,
  action      INTEGER NOT NULL,
  true_class  TEXT,
  note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_by_alert ON decisions(alert_id, id);
CREATE INDEX alerts_by_status ON alerts(dataset_id, status, id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                         -- JSON
);
`,
  },
  {
    version: 4,
    name: 'incident response steps',
    sql: `
-- Every analyst decision on an incident's response session (approve / edit / reject). The session
-- (twin and agent) is rebuilt by replaying these rows in id order; the audit row is written in
-- the same transaction.
CREATE TABLE incident_steps (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  incident_id TEXT NOT NULL,
  step        INTEGER NOT NULL,               -- the response step it decided (1-based)
  decision    TEXT NOT NULL CHECK (decision IN ('approve', 'edit', 'reject')),
  actor       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  recommended TEXT,                           -- JSON ResponseAction the agent proposed, or null
  action      TEXT,                           -- JSON ResponseAction run, null for a rejection
  feedback    TEXT NOT NULL DEFAULT '',
  expected    TEXT NOT NULL DEFAULT '',
  stages      TEXT NOT NULL,                  -- JSON boolean[6]: the twin's stages after the step
  audit_id    INTEGER NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX incident_steps_by_incident ON incident_steps(dataset_id, incident_id, id);
`,
  },
  {
    version: 5,
    name: 'audit hash chain',
    sql: `
-- Each audit row carries the hash of the row before it and of its own content (store/auditLog.ts
-- says what is hashed); audit_head records the last row's id and hash in the same transaction,
-- so deleting the newest rows shows too. Rows written before this migration are chained by its
-- data step at upgrade time.
DROP TRIGGER audit_no_update;
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE TABLE audit_head (
  one      INTEGER PRIMARY KEY CHECK (one = 1),
  last_id  INTEGER NOT NULL,
  hash     TEXT NOT NULL
);
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  BEGIN SELECT RAISE(ABORT, 'the audit head is kept'); END;
`,
    run(db) {
      chainExistingAudit(db);
      db.exec(`
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
-- An id at or below the newest is a rewrite (INSERT OR REPLACE), refused even on a connection
-- without recursive_triggers; the store gives every row its id explicitly.
CREATE TRIGGER audit_no_reuse BEFORE INSERT ON audit
  WHEN NEW.id <= (SELECT IFNULL(MAX(id), 0) FROM audit)
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`);
    },
  },
  {
    version: 6,
    name: 'durable jobs; alert and chunk lookups by flow and chunk',
    sql: `
-- One row per long job (a load, a re-classification, a resumed load, a training run, a model
-- download), written as it moves, so a restart after a crash or kill -9 knows what was running,
-- at which stage and how far it got. A job still 'running' when its process died becomes
-- 'interrupted' at the next start-up; followed_by names the job that resumed or redid it.
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('load', 'download', 'reclassify', 'resume', 'training')),
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  status      TEXT NOT NULL
              CHECK (status IN ('queued', 'running', 'interrupted', 'failed', 'cancelled', 'done')),
  stage       TEXT NOT NULL,                  -- ingest / detector / classify / policy / recommend / ...
  done        INTEGER NOT NULL DEFAULT 0,     -- progress within the stage: done of total
  total       INTEGER NOT NULL DEFAULT 0,
  started_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT,
  pid         INTEGER NOT NULL,               -- the process that ran it
  detail      TEXT,                           -- JSON: the kind's last status (a training run's)
  followed_by TEXT                            -- the job that resumed or redid this one
);
CREATE INDEX jobs_by_dataset ON jobs(dataset_id);
CREATE INDEX jobs_by_status ON jobs(status);

-- Deleting a dataset deletes its flows and chunks; without these, SQLite checks each deleted
-- parent row's children (alerts.flow_id, flows.chunk_id) with a scan of the whole child table.
CREATE INDEX alerts_by_flow ON alerts(flow_id);
CREATE INDEX flows_by_chunk ON flows(chunk_id, chunk_row);
`,
  },
  {
    version: 7,
    name: 'risk of recommendations: signature true-class counts, leaf bounds, risk columns',
    sql: `
-- Labelled flows of each signature by true class (JSON array, the detector's class order): the
-- calibration flows, then labelled loads and analysts' labels as they arrive; n is its sum and c
-- its entry at the signature's class. NULL for signatures stored before issue 12 (only N and C
-- are known there).
ALTER TABLE signatures ADD COLUMN true_counts TEXT;
-- Per-leaf feature ranges of the flows each leaf saw (Float32 lo, then hi, leaf-major, then one
-- byte per cell: 1 where a flow had NaN) and the feature columns they cover (JSON); NULL when the
-- detector was stored without them (no novelty check).
ALTER TABLE detectors ADD COLUMN leaf_bounds BLOB;
ALTER TABLE detectors ADD COLUMN leaf_bounds_features TEXT;
-- The recommendation's risk (domain/kg/risk.ts) at the time it was written: the posterior
-- probability that the action is wrong, the expected reward with its 95% credible interval, the
-- labelled flows behind them, the flow's novelty against its signature, the "needs review" flag
-- with its reasons (JSON string array) and ranking score. NULL in rows written before issue 12.
ALTER TABLE recommendations ADD COLUMN p_wrong REAL;
ALTER TABLE recommendations ADD COLUMN expected_reward REAL;
ALTER TABLE recommendations ADD COLUMN reward_lo REAL;
ALTER TABLE recommendations ADD COLUMN reward_hi REAL;
ALTER TABLE recommendations ADD COLUMN evidence INTEGER;
ALTER TABLE recommendations ADD COLUMN novelty REAL;
ALTER TABLE recommendations ADD COLUMN novelty_outside TEXT;
ALTER TABLE recommendations ADD COLUMN needs_review INTEGER;
ALTER TABLE recommendations ADD COLUMN review_reasons TEXT;
ALTER TABLE recommendations ADD COLUMN review_score REAL;
CREATE INDEX recommendations_by_risk ON recommendations(p_wrong);
`,
  },
  {
    version: 8,
    name: 'which detector scores each dataset; detectors that need confirmation',
    sql: `
-- The training-set check of a detector (app/loads/trainingCheck.ts): labelled rows per class, the
-- classes missing or below the minimum. NULL for detectors stored before the check existed.
ALTER TABLE detectors ADD COLUMN training_check TEXT;
-- A detector whose check found a problem scores no feed and no re-score until an analyst confirms
-- it (audited as detector.confirm).
ALTER TABLE detectors ADD COLUMN confirmed_at TEXT;
ALTER TABLE detectors ADD COLUMN confirmed_by TEXT;
-- The detector whose alerts the dataset holds (a load's, a re-score's, a live feed's pinned one).
ALTER TABLE datasets ADD COLUMN scored_by INTEGER REFERENCES detectors(id) ON DELETE SET NULL;
UPDATE datasets SET scored_by = (SELECT MAX(a.detector_id) FROM alerts a WHERE a.dataset_id = datasets.id);
`,
  },
  {
    version: 9,
    name: 'grounded incident response: predictions and real observations',
    sql: `
-- What the planner predicted a step would show (JSON Prediction, app/incidentDesk) and the newest
-- alert id when it was decided: later alerts from a blocked source are the step's observation.
ALTER TABLE incident_steps ADD COLUMN prediction TEXT;
ALTER TABLE incident_steps ADD COLUMN after_alert_id INTEGER;
-- The analyst's answers to an evidence step's form: one row per answered form, audited.
CREATE TABLE incident_observations (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  incident_id TEXT NOT NULL,
  step        INTEGER NOT NULL,               -- the evidence step the answers belong to
  host        TEXT NOT NULL,
  answers     TEXT NOT NULL,                  -- JSON {questionId: "yes" | "no" | "unknown"}
  note        TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL,
  audit_id    INTEGER NOT NULL,
  at          TEXT NOT NULL,
  UNIQUE (dataset_id, incident_id, step)
);
`,
  },
  {
    version: 10,
    name: 'flows from a JetStream stream: the stream sequence of each flow and alert',
    sql: `
-- The JetStream stream sequence of the message a flow came from (NULL for file loads and the
-- other live feeds). Unique per dataset, so a redelivered message can never store a second flow
-- (and so a second alert): the write transaction that tries fails and the message is not acked.
ALTER TABLE flows ADD COLUMN stream_seq INTEGER;
CREATE UNIQUE INDEX flows_by_stream_seq ON flows(dataset_id, stream_seq);
-- The same sequence on the alert, so alerts can be counted by the message they came from.
ALTER TABLE alerts ADD COLUMN stream_seq INTEGER;
`,
  },
  {
    version: 11,
    name: 'jobs name the store instance that runs them',
    sql: `
-- The store instance (Store.instance) that runs a job. On a shared PostgreSQL database several
-- processes run jobs at once: one starting up marks interrupted only the jobs whose instance no
-- longer has a session, not the jobs of a server that is still running. NULL before issue 17.
ALTER TABLE jobs ADD COLUMN owner TEXT;
`,
  },
];
