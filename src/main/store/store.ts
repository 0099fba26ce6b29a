/**
 * The SQLite store (better-sqlite3, WAL). Every write of a batch is one transaction, so a crash or
 * a cancelled load never leaves a half-written batch behind, and rows already committed stay.
 */
import { FEATURE_COUNT } from '../domain/ingest/schema';
import type { FlowBatch } from '../domain/ingest/types';
import { AUDIT_SQL, AuditLog } from './auditLog';
import { ChangeSet, type Writes } from './changes';
import { DETECTOR_CHOICE_SQL, DetectorChoice } from './detectorChoice';
import { ENGINE_SQL, EngineStore } from './engineStore';
import { INCIDENT_SQL, Incidents } from './incidents';
import { KG_SQL, KgSnapshots } from './kgSnapshots';
import { MIGRATIONS } from './migrations';
import { checkSchema, openDatabaseFile, type OpenOptions } from './openFile';
import { OwnFiles, ownFileProblem } from './ownFiles';
import { acquireProcessLock, type ProcessLock } from './processLock';
import { JOBS_SQL, Jobs } from './jobs';
import { RECOVERY_SQL, DatasetRecovery } from './recovery';
import { REPORT_SQL, Reports } from './reports';
import { Statements } from './statements';
import { isPostgresUrl, redactUrl, type EngineKind, type SqlDatabase } from './sql/database';
import { PgSyncDatabase } from './sql/pgSync';
import { runMany } from './sql/bulk';
import { COMPAT_FUNCTIONS_SQL } from './sql/dialect';
import { changesPayload, CHANGES_CHANNEL } from './notify';
import { ALERT_FROM, ALERT_SELECT, ALERT_SORT_COLUMNS, STORE_SQL } from './storeSql';
import { nowIso } from './time';
import type {
  AlertInsert,
  AlertQuery,
  AlertRecord,
  AuditEntry,
  QueueRow,
  DatasetRecord,
  DetectorInsert,
  DetectorRecord,
  SignatureInsert,
  SignatureRecord,
} from './records';

export { nowIso };
export type { OpenOptions };

/**
 * An open Rampart database. The connection is private: callers use the Store's methods and its
 * repositories, each of which runs named statements, and `transaction(fn)` to group writes.
 */
export class Store implements Writes {
  readonly #db: SqlDatabase;
  /** The same connection when it is PostgreSQL (for writes that skip the writer lock). */
  readonly #pg: PgSyncDatabase | null;
  /** The SQLite file, or the PostgreSQL URL with its password masked. */
  readonly path: string;
  /** This open store among the processes sharing its database (`pid:random` on PostgreSQL). */
  readonly instance: string;
  /** Its engine: an embedded SQLite file, or a PostgreSQL server shared by several processes. */
  readonly kind: EngineKind;
  /** Tells the other processes on a shared (PostgreSQL) database what a transaction wrote. */
  readonly #announce: ((changes: ChangeSet) => void) | null;
  readonly #q: Statements<typeof STORE_SQL>;
  /** This process's hold on the database (null in memory and read-only). */
  readonly #lock: ProcessLock | null;
  /** The database's own files, which no user-given path may name. */
  readonly #files: OwnFiles | null;
  /** Change sets of the open transactions, outermost first. */
  readonly #open: ChangeSet[] = [];
  /** Policies, advice, recommendations, decisions and settings. */
  readonly engine: EngineStore;
  /** Saved knowledge graphs. */
  readonly kgSnapshots: KgSnapshots;
  /** Decisions on incidents. */
  readonly incidents: Incidents;
  /** Read-only reports (alert groups, exports, flow alerts). */
  readonly reports: Reports;
  /** Durable job records (loads, re-classifications, training runs, downloads). */
  readonly jobs: Jobs;
  /** Resuming, re-classifying and deleting stored datasets. */
  readonly recovery: DatasetRecovery;
  /** The hash-chained audit log. */
  readonly audit: AuditLog;
  /** Which detector scores each dataset; detectors' training checks and confirmations. */
  readonly detectorChoice: DetectorChoice;

  private constructor(target: string, opts: OpenOptions, lock: ProcessLock | null) {
    this.#lock = lock;
    this.kind = isPostgresUrl(target) ? 'postgres' : 'sqlite';
    this.path = redactUrl(target);
    let db: SqlDatabase;
    if (this.kind === 'postgres') {
      const instance = `${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
      this.instance = instance;
      // The session names the instance, so another process can tell it is still running.
      const pg = new PgSyncDatabase(target, `${INSTANCE_PREFIX}${instance}`);
      db = pg;
      this.#pg = pg;
      this.#files = null;
      try {
        if (opts.readonly) checkSchema(db, this.path);
        else {
          // Under the writer lock: two processes starting at once must not both migrate.
          pg.transaction(() => pg.query(COMPAT_FUNCTIONS_SQL))();
          migrate(db);
        }
      } catch (err) {
        pg.close();
        throw err;
      }
      this.#announce = (changes) =>
        pg.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changesPayload(instance, changes)]);
    } else {
      this.#files = target === ':memory:' ? null : new OwnFiles(target);
      const file = openDatabaseFile(target, opts);
      file.pragma('synchronous = NORMAL');
      file.pragma('foreign_keys = ON');
      file.pragma('busy_timeout = 5000');
      // So INSERT OR REPLACE on the audit table fires its delete trigger (and is refused).
      file.pragma('recursive_triggers = ON');
      if (opts.readonly) checkSchema(file, target);
      else migrate(file);
      db = file;
      this.#pg = null;
      this.instance = `${process.pid}`;
      this.#announce = null;
    }
    this.#db = db;
    this.#q = new Statements(db, STORE_SQL);
    this.audit = new AuditLog(new Statements(db, AUDIT_SQL), this);
    const audit = (e: AuditEntry) => this.appendAudit(e);
    this.engine = new EngineStore(new Statements(db, ENGINE_SQL), this, audit);
    this.kgSnapshots = new KgSnapshots(new Statements(db, KG_SQL), this);
    this.incidents = new Incidents(new Statements(db, INCIDENT_SQL), this, audit);
    this.reports = new Reports(new Statements(db, REPORT_SQL));
    this.jobs = new Jobs(new Statements(db, JOBS_SQL), this);
    this.recovery = new DatasetRecovery(new Statements(db, RECOVERY_SQL), this);
    this.detectorChoice = new DetectorChoice(new Statements(db, DETECTOR_CHOICE_SQL), this);
  }

  /**
   * Open (creating and migrating as needed) the database at path, holding its process lock until
   * close(): a second process gets DatabaseLockedError naming this one's pid. `readonly` opens
   * without the lock (and without migrating) for commands that only read.
   */
  static open(path: string, opts: OpenOptions = {}): Store {
    const lock =
      path === ':memory:' || opts.readonly || isPostgresUrl(path) ? null : acquireProcessLock(path);
    try {
      return new Store(path, opts, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /**
   * The store instances with a live session on this shared database (this one among them), or
   * null on SQLite, where the process lock makes this process the only one.
   */
  liveInstances(): Set<string> | null {
    if (this.kind !== 'postgres') return null;
    const rows = this.#db
      .prepare(
        `SELECT application_name AS name FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE ?`,
      )
      .all(`${INSTANCE_PREFIX}%`) as { name: string }[];
    return new Set(rows.map((r) => r.name.slice(INSTANCE_PREFIX.length)));
  }

  /**
   * Why a user-given path must not be opened (it resolves to this database, its -wal, -shm,
   * -journal or process lock), or null. Checked before anything opens the path.
   */
  ownFileProblem(path: string): string | null {
    return this.#files === null ? null : ownFileProblem(this.#files, path);
  }

  /** Whether the database is still open. */
  get isOpen(): boolean {
    return this.#db.open;
  }

  /** Close the database (checkpointing the WAL). */
  close(): void {
    if (this.#db.open) this.#db.close();
    this.#lock?.release();
  }

  /**
   * Run fn in one transaction: everything it writes commits together or not at all. A call inside
   * another transaction joins it (a savepoint). fn gets the change set its writes record into.
   */
  transaction<T>(fn: (changes: ChangeSet) => T): T {
    return this.write(fn).value;
  }

  /**
   * Run fn in one transaction and report what it wrote once it committed: the tables and the
   * alerts by dataset (a nested call's writes are reported by the outermost one too).
   * `appendOnly`: fn only inserts rows that unique keys protect (a stream's flows and alerts) and
   * adds to counters in place, reading nothing it then rewrites; on PostgreSQL such a write runs
   * beside the other writers instead of taking the writer lock, so stream workers store their
   * batches in parallel. On SQLite it changes nothing.
   */
  write<T>(
    fn: (changes: ChangeSet) => T,
    opts: { appendOnly?: boolean } = {},
  ): { value: T; changes: ChangeSet } {
    const changes = new ChangeSet();
    this.#open.push(changes);
    let value: T;
    try {
      const body = () => {
        const v = fn(changes);
        // Sent with the outermost commit (NOTIFY is transactional): never for a rolled-back write.
        if (this.#open.length === 1 && this.#announce && !isEmpty(changes)) this.#announce(changes);
        return v;
      };
      value =
        opts.appendOnly && this.#pg && this.#open.length === 1
          ? this.#pg.transaction(body, { writerLock: false })()
          : this.#db.transaction(body)();
    } finally {
      this.#open.pop();
    }
    this.#open.at(-1)?.merge(changes);
    return { value, changes };
  }

  /** Create a dataset in state 'loading'; returns its id. */
  createDataset(
    name: string,
    sources: readonly string[],
    synthetic: boolean,
    classNames: readonly string[],
  ): number {
    return this.transaction((ch) => {
      ch.touch('datasets');
      const info = this.#q.get('insertDataset').run({
        name,
        sources: JSON.stringify(sources),
        featureCount: FEATURE_COUNT,
        synthetic: synthetic ? 1 : 0,
        createdAt: nowIso(),
        classNames: JSON.stringify(classNames),
      });
      return Number(info.lastInsertRowid);
    });
  }

  /**
   * Record the final state of a load. Its stored row count is not an input: `insertFlows` keeps
   * it in the same transaction as each batch, so it always equals the dataset's flows rows.
   */
  finishDataset(
    id: number,
    f: {
      status: DatasetRecord['status'];
      rowsSkipped: number;
      classNames: readonly string[];
      report: unknown;
    },
  ): void {
    this.transaction((ch) => {
      ch.touch('datasets');
      this.#q.get('finishDataset').run({
        id,
        status: f.status,
        rowsSkipped: f.rowsSkipped,
        classNames: JSON.stringify(f.classNames),
        report: JSON.stringify(f.report),
      });
    });
  }

  /**
   * Datasets left 'loading' by a crash are marked failed at start-up (their rows stay), with the
   * count of the rows they hold (databases written before the count was kept per batch).
   */
  markStaleLoads(): number {
    return this.transaction((ch) => {
      ch.touch('datasets');
      return this.#q.get('markStaleLoads').run().changes;
    });
  }

  /** markStaleLoads for one dataset (a shared database's interrupted load). */
  markStaleLoad(datasetId: number): number {
    return this.transaction((ch) => {
      ch.touch('datasets');
      return this.#q.get('markStaleLoad').run(datasetId).changes;
    });
  }

  /** One dataset, or undefined. */
  getDataset(id: number): DatasetRecord | undefined {
    return this.#q.get('getDataset').get(id) as DatasetRecord | undefined;
  }

  /** All datasets, newest first, with their latest detector and alert count. */
  listDatasets(): (DatasetRecord & { detector_id: number | null; alert_count: number })[] {
    return this.#q.get('listDatasets').all() as (DatasetRecord & {
      detector_id: number | null;
      alert_count: number;
    })[];
  }

  /**
   * Store a batch of flows and its feature block in one transaction, adding them to the dataset's
   * rows_stored in that transaction (a kill at any moment leaves the count equal to the rows);
   * returns the new flow ids in batch order.
   */
  insertFlows(datasetId: number, fileIndex: number, batch: FlowBatch): Float64Array {
    const ids = new Float64Array(batch.count);
    const insert = this.#q.get('insertFlow');
    const f = batch.features;
    const block = Buffer.from(f.buffer, f.byteOffset, batch.count * FEATURE_COUNT * 4);
    this.transaction((ch) => {
      ch.touch('flows', 'flow_chunks', 'datasets');
      const chunkId = Number(
        this.#q.get('insertChunk').run(datasetId, batch.count, block).lastInsertRowid,
      );
      const rows: unknown[][] = new Array(batch.count);
      for (let i = 0; i < batch.count; i++) {
        const cls = batch.classes[i] ?? -1;
        const tms = batch.timeMs[i] ?? NaN;
        rows[i] = [
          datasetId,
          fileIndex,
          batch.lines[i],
          batch.timestamps[i] ?? null,
          Number.isNaN(tms) ? null : tms,
          batch.srcIp[i] ?? null,
          nullIfNegative(batch.srcPort[i]),
          batch.dstIp[i] ?? null,
          nullIfNegative(batch.dstPort[i]),
          nullIfNegative(batch.protocol[i]),
          batch.labels[i] ?? null,
          cls < 0 ? null : cls,
          chunkId,
          i,
          batch.streamSeqs ? (batch.streamSeqs[i] ?? null) : null,
        ];
      }
      ids.set(runMany(insert, rows).ids);
      // The dataset row last: on PostgreSQL its row lock is held only from here to the commit.
      this.#q.get('countStoredRows').run(batch.count, datasetId);
    });
    return ids;
  }

  /**
   * Iterate a dataset's stored flows chunk by chunk, as typed arrays, without loading them all:
   * flow ids, class indices (-1 unlabelled) and the row-major feature block.
   */
  *iterateChunks(
    datasetId: number,
  ): Generator<{ ids: Float64Array; classes: Int16Array; features: Float32Array }> {
    const keys = this.#q.get('flowKeysOfChunk');
    // better-sqlite3 allows no other statement while an iterator is open: list the chunks first.
    const chunks = this.#q.get('chunksOfDataset').all(datasetId) as { id: number; count: number }[];
    const blob = this.#q.get('chunkFeatures');
    for (const chunk of chunks) {
      const { features: bytes } = blob.get(chunk.id) as { features: Buffer };
      const rows = keys.all(chunk.id) as { id: number; true_class: number | null }[];
      const ids = new Float64Array(rows.length);
      const classes = new Int16Array(rows.length);
      rows.forEach((r, i) => {
        ids[i] = r.id;
        classes[i] = r.true_class ?? -1;
      });
      // Copy: the Buffer may not be 4-byte aligned for a Float32Array view.
      const features = new Float32Array(chunk.count * FEATURE_COUNT);
      new Uint8Array(features.buffer).set(bytes);
      yield { ids, classes, features };
    }
  }

  /** One flow's stored record: where it was read, its columns and its feature row. */
  flowRecord(flowId: number):
    | {
        datasetId: number;
        file: string | null;
        line: number;
        protocol: number | null;
        srcPort: number | null;
        label: string | null;
        features: Float32Array;
      }
    | undefined {
    const f = this.#q.get('flowRecord').get(flowId) as
      | {
          dataset_id: number;
          file_index: number;
          line: number;
          protocol: number | null;
          src_port: number | null;
          label: string | null;
          chunk_row: number;
          features: Buffer;
          sources: string;
        }
      | undefined;
    if (!f) return undefined;
    const sources = JSON.parse(f.sources) as string[];
    const start = f.chunk_row * FEATURE_COUNT * 4;
    const features = new Float32Array(FEATURE_COUNT);
    new Uint8Array(features.buffer).set(f.features.subarray(start, start + FEATURE_COUNT * 4));
    return {
      datasetId: f.dataset_id,
      file: sources[f.file_index] ?? null,
      line: f.line,
      protocol: f.protocol,
      srcPort: f.src_port,
      label: f.label,
      features,
    };
  }

  /** Store a trained detector; returns its id. */
  insertDetector(d: DetectorInsert): number {
    return this.transaction((ch) => {
      ch.touch('detectors');
      return Number(
        this.#q.get('insertDetector').run({ ...d, createdAt: nowIso() }).lastInsertRowid,
      );
    });
  }

  /** A detector by id, the latest of a dataset, or the latest overall. */
  getDetector(id?: number, datasetId?: number): DetectorRecord | undefined {
    if (id !== undefined) return this.#q.get('getDetector').get(id) as DetectorRecord | undefined;
    if (datasetId !== undefined)
      return this.#q.get('latestDetectorOfDataset').get(datasetId) as DetectorRecord | undefined;
    return this.#q.get('latestDetector').get() as DetectorRecord | undefined;
  }

  /** Store a detector's signatures in one transaction; returns their ids in input order. */
  insertSignatures(sigs: readonly SignatureInsert[]): number[] {
    const insert = this.#q.get('insertSignature');
    return this.transaction((ch) => {
      ch.touch('signatures');
      return sigs.map((s) =>
        Number(insert.run({ ...s, trueCounts: s.trueCounts ?? null }).lastInsertRowid),
      );
    });
  }

  /**
   * Persist updated N/C counts of several signatures in one transaction, with their labelled
   * flows by true class (JSON) when given (kept as stored when not).
   */
  updateSignatureCounts(
    rows: readonly { id: number; n: number; c: number; trueCounts?: string | null }[],
  ): void {
    const update = this.#q.get('updateSignatureCounts');
    this.transaction((ch) => {
      ch.touch('signatures');
      for (const r of rows)
        update.run({ id: r.id, n: r.n, c: r.c, trueCounts: r.trueCounts ?? null });
    });
  }

  /** Store a detector's per-leaf feature ranges (the novelty check's bounds). */
  setLeafBounds(detectorId: number, bounds: Buffer, features: string): void {
    this.transaction((ch) => {
      ch.touch('detectors');
      this.#q.get('setLeafBounds').run(bounds, features, detectorId);
    });
  }

  /** All signatures of a detector, by leaf. */
  signaturesOf(detectorId: number): SignatureRecord[] {
    return this.#q.get('signaturesOfDetector').all(detectorId) as SignatureRecord[];
  }

  /** One signature, or undefined. */
  getSignature(id: number): SignatureRecord | undefined {
    return this.#q.get('getSignature').get(id) as SignatureRecord | undefined;
  }

  /**
   * Store a batch of alerts in one transaction; returns their ids in input order. The change set
   * names each alert under its dataset.
   */
  insertAlerts(alerts: readonly AlertInsert[]): Float64Array {
    const insert = this.#q.get('insertAlert');
    const at = nowIso();
    const ids = new Float64Array(alerts.length);
    this.transaction((ch) => {
      const rows = alerts.map((a) => [
        a.flowId,
        a.datasetId,
        a.detectorId,
        a.signatureId,
        a.predictedClass,
        a.split,
        a.mean,
        a.lo,
        a.hi,
        a.status,
        at,
        a.streamSeq ?? null,
      ]);
      ids.set(runMany(insert, rows).ids);
      alerts.forEach((a, i) => ch.alert(a.datasetId, ids[i] ?? 0));
    });
    return ids;
  }

  /**
   * Of `seqs` (JetStream stream sequences), those whose flow the dataset already holds: a
   * redelivered message is acknowledged without storing a second flow and alert.
   */
  storedStreamSeqs(datasetId: number, seqs: readonly number[]): Set<number> {
    if (seqs.length === 0) return new Set();
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of seqs) {
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    const wanted = new Set(seqs);
    const rows = this.#q.get('streamSeqsStored').all(datasetId, lo, hi) as { stream_seq: number }[];
    return new Set(rows.map((r) => Number(r.stream_seq)).filter((s) => wanted.has(s)));
  }

  /** Each stream's live dataset: flows stored and its newest alert's time (the intake's lag). */
  streamHealth(): {
    datasetId: number;
    name: string;
    flows: number;
    newestAlertAt: string | null;
    secondsBehind: number | null;
  }[] {
    const rows = this.#q.get('streamHealth').all() as {
      id: number;
      name: string;
      rows_stored: number;
      newest: string | null;
    }[];
    const now = Date.now();
    return rows.map((r) => ({
      datasetId: Number(r.id),
      name: r.name,
      flows: Number(r.rows_stored),
      newestAlertAt: r.newest,
      secondsBehind: r.newest ? Math.max(0, (now - Date.parse(r.newest)) / 1000) : null,
    }));
  }

  /**
   * The live dataset a stream's workers share, by name: the first one so named, else a new one in
   * state 'loading'. One transaction, so two workers starting at once get the same dataset.
   */
  streamDataset(name: string, classNames: readonly string[]): number {
    return this.transaction(() => {
      const row = this.#q.get('datasetByName').get(name) as { id: number } | undefined;
      return row ? Number(row.id) : this.createDataset(name, [name], false, classNames);
    });
  }

  /** A page of alerts (one source's or every source's) with the total matching the filter. */
  queryAlerts(q: AlertQuery): { total: number; rows: AlertRecord[] } {
    const { where, params, joined } = alertWhere(q);
    // NULLs (no recommendation, no flow time) sort first ascending and last descending, as SQLite
    // orders them; PostgreSQL's default is the reverse, so it is said on both.
    const dir = q.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST';
    const order = `${ALERT_SORT_COLUMNS[q.sort]} ${dir}, a.id ${q.desc ? 'DESC' : 'ASC'}`;
    const page = this.#q.composed(
      `alerts:${where}:${order}`,
      `${ALERT_SELECT} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    );
    const count = this.#q.composed(
      `count:${where}`,
      joined
        ? `SELECT COUNT(*) AS n ${ALERT_FROM} WHERE ${where}`
        : `SELECT COUNT(*) AS n FROM alerts a WHERE ${where}`,
    );
    const total = (count.get(params) as { n: number }).n;
    return {
      total,
      rows: page.all({ ...params, limit: q.limit, offset: q.offset }) as AlertRecord[],
    };
  }

  /**
   * The filtered alerts grouped by signature, source, destination, destination port and the
   * recommended action (callers merge the action rows), with the counts the queue shows.
   */
  queueRows(q: Omit<AlertQuery, 'offset' | 'limit' | 'sort' | 'desc'>): QueueRow[] {
    const { where, params } = alertWhere(q);
    return this.#q
      .composed(
        `queue:${where}`,
        `SELECT a.signature_id, f.src_ip, f.dst_ip, f.dst_port, r.action,
           COUNT(*) AS alerts, SUM(CAST(a.status = 'pending' AS INTEGER)) AS pending,
           SUM(CAST(a.status = 'pending' AND r.needs_review = 1 AS INTEGER)) AS needs_review,
           SUM(CAST(r.alert_id IS NULL AS INTEGER)) AS unrecommended, MAX(r.p_wrong) AS max_risk,
           MIN(f.ts_ms) AS first_seen, MAX(f.ts_ms) AS last_seen,
           GROUP_CONCAT(DISTINCT a.dataset_id) AS datasets
         FROM alerts a JOIN flows f ON f.id = a.flow_id JOIN signatures s ON s.id = a.signature_id
           LEFT JOIN recommendations r ON r.alert_id = a.id
         WHERE ${where}
         GROUP BY a.signature_id, f.src_ip, f.dst_ip, f.dst_port, r.action`,
      )
      .all(params) as QueueRow[];
  }

  /** How many alerts match the filter (counting only; joins only when a filter needs them). */
  countAlerts(q: Omit<AlertQuery, 'offset' | 'limit' | 'sort' | 'desc'>): number {
    const { where, params, joined } = alertWhere(q);
    return (
      this.#q
        .composed(
          `count:${where}`,
          joined
            ? `SELECT COUNT(*) AS n ${ALERT_FROM} WHERE ${where}`
            : `SELECT COUNT(*) AS n FROM alerts a WHERE ${where}`,
        )
        .get(params) as { n: number }
    ).n;
  }

  /** Pending alert ids of one queue group (raw addresses: the entity and its aliases). */
  groupAlertIds(g: {
    signatureId: number;
    src: string[] | null;
    /** null: flows without a destination; 'any': every destination. */
    dst: string[] | null | 'any';
    /** null: flows without a port; 'any': every port. */
    dstPort: number | null | 'any';
    datasetId?: number;
    status?: AlertQuery['status'];
  }): number[] {
    const { where, params } = alertWhere({
      signatureId: g.signatureId,
      src: g.src ?? undefined,
      dst: g.dst === null || g.dst === 'any' ? undefined : g.dst,
      datasetId: g.datasetId,
      status: g.status,
    });
    const port =
      g.dstPort === 'any'
        ? '1 = 1'
        : g.dstPort === null
          ? 'f.dst_port IS NULL'
          : 'f.dst_port = @gport';
    const nulls =
      (g.src === null ? ' AND f.src_ip IS NULL' : '') +
      (g.dst === null ? ' AND f.dst_ip IS NULL' : '');
    return (
      this.#q
        .composed(
          `groupIds:${where}:${port}${nulls}`,
          `SELECT a.id FROM alerts a JOIN flows f ON f.id = a.flow_id
           WHERE ${where} AND ${port}${nulls} ORDER BY a.id`,
        )
        .all(typeof g.dstPort === 'number' ? { ...params, gport: g.dstPort } : params) as {
        id: number;
      }[]
    ).map((r) => r.id);
  }

  /** One alert with its flow, signature and recommendation columns, or undefined. */
  getAlert(id: number): AlertRecord | undefined {
    return this.#q.get('getAlert').get(id) as AlertRecord | undefined;
  }

  /** How many alerts the dataset holds. */
  alertCount(datasetId: number): number {
    return (this.#q.get('alertCountOfDataset').get(datasetId) as { n: number }).n;
  }

  /** Append to the hash-chained audit log (the table refuses updates and deletes). */
  appendAudit(e: AuditEntry): number {
    return this.audit.append(e);
  }
}

/**
 * The WHERE clause of an alert filter: each filter adds a fixed SQL piece and named parameters;
 * caller text is only ever bound. `joined`: whether it reads the flow, signature or recommendation.
 */
export function alertWhere(q: Omit<AlertQuery, 'offset' | 'limit' | 'sort' | 'desc'>): {
  where: string;
  params: Record<string, string | number>;
  joined: boolean;
} {
  const params: Record<string, string | number> = {};
  const parts: string[] = [];
  let joined = false;
  const add = (sql: string, values: Record<string, string | number>, join = false) => {
    parts.push(sql);
    Object.assign(params, values);
    joined ||= join;
  };
  /** `col IN (@p0, @p1, …)` over bound values. */
  const inList = (col: string, prefix: string, values: readonly (string | number)[]) => {
    const names = values.map((_, i) => `${prefix}${i}`);
    add(
      `${col} IN (${names.map((n) => `@${n}`).join(', ')})`,
      Object.fromEntries(values.map((v, i) => [names[i]!, v])),
      !col.startsWith('a.'),
    );
  };
  if (q.datasetId !== undefined) add('a.dataset_id = @datasetId', { datasetId: q.datasetId });
  if (q.predictedClass !== undefined) add('a.predicted_class = @cls', { cls: q.predictedClass });
  if (q.hideBenign) add("a.predicted_class <> 'Benign'", {});
  if (q.status !== undefined) add('a.status = @status', { status: q.status });
  if (q.minConfidence !== undefined) add('a.conf_mean >= @minConf', { minConf: q.minConfidence });
  if (q.maxConfidence !== undefined) add('a.conf_mean <= @maxConf', { maxConf: q.maxConfidence });
  if (q.signatureId !== undefined) add('a.signature_id = @sig', { sig: q.signatureId });
  if (q.signatureIds !== undefined) inList('a.signature_id', 'sigs', q.signatureIds);
  if (q.src !== undefined) inList('f.src_ip', 'src', q.src);
  if (q.dst !== undefined) inList('f.dst_ip', 'dst', q.dst);
  if (q.dstPort !== undefined) add('f.dst_port = @dstPort', { dstPort: q.dstPort }, true);
  if (q.action !== undefined) add('r.action = @action', { action: q.action }, true);
  if (q.minRisk !== undefined) add('r.p_wrong >= @minRisk', { minRisk: q.minRisk }, true);
  if (q.maxRisk !== undefined) add('r.p_wrong <= @maxRisk', { maxRisk: q.maxRisk }, true);
  if (q.needsReview !== undefined)
    add('r.needs_review = @review', { review: Number(q.needsReview) }, true);
  if (q.text !== undefined && q.text.length > 0) {
    // Endpoints match as shown (ip:port), so a pasted "10.0.0.1:80" finds its flows.
    const ors = q.text.map(
      (_, i) =>
        `(f.src_ip || ':' || IFNULL(f.src_port, '')) LIKE @text${i} ESCAPE '\\'` +
        ` OR (f.dst_ip || ':' || IFNULL(f.dst_port, '')) LIKE @text${i} ESCAPE '\\'` +
        ` OR s.text LIKE @text${i} ESCAPE '\\'`,
    );
    add(
      `(${ors.join(' OR ')})`,
      Object.fromEntries(q.text.map((t, i) => [`text${i}`, `%${escapeLike(t)}%`])),
      true,
    );
  }
  return { where: parts.length ? parts.join(' AND ') : '1 = 1', params, joined };
}

/** Escape LIKE wildcards so a search for "10.0.0_1" matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function nullIfNegative(v: number | undefined): number | null {
  return v === undefined || v < 0 ? null : v;
}

/** How a store's PostgreSQL session names itself: this, then its instance. */
const INSTANCE_PREFIX = 'rampart ';

/** Whether a transaction wrote nothing. */
function isEmpty(changes: ChangeSet): boolean {
  return changes.tables.size === 0 && changes.alerts.size === 0;
}

/**
 * Apply pending migrations in order, all in one transaction (so two processes opening a new
 * PostgreSQL database at once migrate it once); refuse a database written by a newer schema.
 */
export function migrate(db: SqlDatabase): void {
  db.transaction(() => migrateIn(db))();
}

function migrateIn(db: SqlDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  for (const v of applied) {
    if (v > newest)
      throw new Error(
        `database schema version ${v} is newer than this Rampart (${newest}); upgrade Rampart`,
      );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      record.run(m.version, m.name, nowIso());
    })();
  }
}
