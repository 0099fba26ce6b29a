/**
 * The SQLite store (better-sqlite3, WAL). Every write of a batch is one transaction, so a crash or
 * a cancelled load never leaves a half-written batch behind, and rows already committed stay.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FEATURE_COUNT } from '../domain/ingest/schema';
import type { FlowBatch } from '../domain/ingest/types';
import { MIGRATIONS } from './migrations';
import {
  ALERT_FROM,
  ALERT_SELECT,
  ALERT_SORT_COLUMNS,
  STATEMENTS,
  type StatementName,
} from './statements';
import type {
  AlertInsert,
  AlertQuery,
  AlertRecord,
  AuditEntry,
  DatasetRecord,
  DetectorInsert,
  DetectorRecord,
  SignatureInsert,
  SignatureRecord,
} from './records';

/** Current time as ISO-8601, the store's timestamp format. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** An open Rampart database. */
export class Store {
  readonly db: Database.Database;
  private readonly prepared = new Map<string, Database.Statement>();

  private constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
  }

  /** Open (creating and migrating as needed) the database at path. */
  static open(path: string): Store {
    return new Store(path);
  }

  /** A prepared statement by name (prepared once). */
  stmt(name: StatementName): Database.Statement {
    let s = this.prepared.get(name);
    if (!s) {
      s = this.db.prepare(STATEMENTS[name]);
      this.prepared.set(name, s);
    }
    return s;
  }

  /** Close the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Create a dataset in state 'loading'; returns its id. */
  createDataset(
    name: string,
    sources: readonly string[],
    synthetic: boolean,
    classNames: readonly string[],
  ): number {
    const info = this.stmt('insertDataset').run({
      name,
      sources: JSON.stringify(sources),
      featureCount: FEATURE_COUNT,
      synthetic: synthetic ? 1 : 0,
      createdAt: nowIso(),
      classNames: JSON.stringify(classNames),
    });
    return Number(info.lastInsertRowid);
  }

  /** Record the final state of a load. */
  finishDataset(
    id: number,
    f: {
      status: DatasetRecord['status'];
      rowsStored: number;
      rowsSkipped: number;
      classNames: readonly string[];
      report: unknown;
    },
  ): void {
    this.stmt('finishDataset').run({
      id,
      status: f.status,
      rowsStored: f.rowsStored,
      rowsSkipped: f.rowsSkipped,
      classNames: JSON.stringify(f.classNames),
      report: JSON.stringify(f.report),
    });
  }

  /** Datasets left 'loading' by a crash are marked failed at start-up (their rows stay). */
  markStaleLoads(): number {
    return this.stmt('markStaleLoads').run().changes;
  }

  /** One dataset, or undefined. */
  getDataset(id: number): DatasetRecord | undefined {
    return this.stmt('getDataset').get(id) as DatasetRecord | undefined;
  }

  /** All datasets, newest first, with their latest detector and alert count. */
  listDatasets(): (DatasetRecord & { detector_id: number | null; alert_count: number })[] {
    return this.stmt('listDatasets').all() as (DatasetRecord & {
      detector_id: number | null;
      alert_count: number;
    })[];
  }

  /**
   * Store a batch of flows and its feature block in one transaction; returns the new flow ids in
   * batch order.
   */
  insertFlows(datasetId: number, fileIndex: number, batch: FlowBatch): Float64Array {
    const ids = new Float64Array(batch.count);
    const insert = this.stmt('insertFlow');
    const f = batch.features;
    const block = Buffer.from(f.buffer, f.byteOffset, batch.count * FEATURE_COUNT * 4);
    this.db.transaction(() => {
      const chunkId = Number(
        this.stmt('insertChunk').run(datasetId, batch.count, block).lastInsertRowid,
      );
      for (let i = 0; i < batch.count; i++) {
        const cls = batch.classes[i] ?? -1;
        const tms = batch.timeMs[i] ?? NaN;
        const info = insert.run(
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
        );
        ids[i] = Number(info.lastInsertRowid);
      }
    })();
    return ids;
  }

  /**
   * Iterate a dataset's stored flows chunk by chunk, as typed arrays, without loading them all:
   * flow ids, class indices (-1 unlabelled) and the row-major feature block.
   */
  *iterateChunks(
    datasetId: number,
  ): Generator<{ ids: Float64Array; classes: Int16Array; features: Float32Array }> {
    const keys = this.stmt('flowKeysOfChunk');
    // better-sqlite3 allows no other statement while an iterator is open: list the chunks first.
    const chunks = this.stmt('chunksOfDataset').all(datasetId) as { id: number; count: number }[];
    const blob = this.stmt('chunkFeatures');
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

  /** Store a trained detector; returns its id. */
  insertDetector(d: DetectorInsert): number {
    return Number(this.stmt('insertDetector').run({ ...d, createdAt: nowIso() }).lastInsertRowid);
  }

  /** A detector by id, the latest of a dataset, or the latest overall. */
  getDetector(id?: number, datasetId?: number): DetectorRecord | undefined {
    if (id !== undefined) return this.stmt('getDetector').get(id) as DetectorRecord | undefined;
    if (datasetId !== undefined)
      return this.stmt('latestDetectorOfDataset').get(datasetId) as DetectorRecord | undefined;
    return this.stmt('latestDetector').get() as DetectorRecord | undefined;
  }

  /** Store a detector's signatures in one transaction; returns their ids in input order. */
  insertSignatures(sigs: readonly SignatureInsert[]): number[] {
    const insert = this.stmt('insertSignature');
    return this.db.transaction(() => sigs.map((s) => Number(insert.run(s).lastInsertRowid)))();
  }

  /** Persist updated N/C counts of several signatures in one transaction. */
  updateSignatureCounts(rows: readonly { id: number; n: number; c: number }[]): void {
    const update = this.stmt('updateSignatureCounts');
    this.db.transaction(() => {
      for (const r of rows) update.run(r);
    })();
  }

  /** All signatures of a detector, by leaf. */
  signaturesOf(detectorId: number): SignatureRecord[] {
    return this.stmt('signaturesOfDetector').all(detectorId) as SignatureRecord[];
  }

  /** One signature, or undefined. */
  getSignature(id: number): SignatureRecord | undefined {
    return this.stmt('getSignature').get(id) as SignatureRecord | undefined;
  }

  /** Store a batch of alerts in one transaction; returns their ids in input order. */
  insertAlerts(alerts: readonly AlertInsert[]): Float64Array {
    const insert = this.stmt('insertAlert');
    const at = nowIso();
    const ids = new Float64Array(alerts.length);
    this.db.transaction(() => {
      alerts.forEach((a, i) => {
        const info = insert.run(
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
        );
        ids[i] = Number(info.lastInsertRowid);
      });
    })();
    return ids;
  }

  /** A page of a dataset's alerts with the total matching the filter. */
  queryAlerts(q: AlertQuery): { total: number; rows: AlertRecord[] } {
    // Each filter adds a fixed SQL piece and a named parameter; caller text is only ever bound.
    const filters: [unknown, string, string][] = [
      [q.predictedClass, ' AND a.predicted_class = @cls', 'cls'],
      [q.status, ' AND a.status = @status', 'status'],
      [q.minConfidence, ' AND a.conf_mean >= @minConf', 'minConf'],
      [q.maxConfidence, ' AND a.conf_mean <= @maxConf', 'maxConf'],
      [q.signatureId, ' AND a.signature_id = @sig', 'sig'],
      [q.action, ' AND r.action = @action', 'action'],
      [
        q.text === undefined ? undefined : `%${escapeLike(q.text)}%`,
        // Endpoints match as shown (ip:port), so a pasted "10.0.0.1:80" finds its flows.
        " AND ((f.src_ip || ':' || IFNULL(f.src_port, '')) LIKE @text ESCAPE '\\'" +
          " OR (f.dst_ip || ':' || IFNULL(f.dst_port, '')) LIKE @text ESCAPE '\\'" +
          " OR s.text LIKE @text ESCAPE '\\')",
        'text',
      ],
    ];
    const params: Record<string, string | number> = {
      datasetId: q.datasetId,
      limit: q.limit,
      offset: q.offset,
    };
    let where = 'a.dataset_id = @datasetId';
    for (const [value, sql, name] of filters) {
      if (value === undefined) continue;
      where += sql;
      params[name] = value as string | number;
    }
    const dir = q.desc ? 'DESC' : 'ASC';
    const order = `${ALERT_SORT_COLUMNS[q.sort]} ${dir}, a.id ${dir}`;
    const page = this.cached(
      `alerts:${where}:${order}`,
      `${ALERT_SELECT} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    );
    // Joins are needed in the count only when a filter reads the flow, signature or recommendation.
    const joined = q.action !== undefined || q.text !== undefined;
    const count = this.cached(
      `count:${where}`,
      joined
        ? `SELECT COUNT(*) AS n ${ALERT_FROM} WHERE ${where}`
        : `SELECT COUNT(*) AS n FROM alerts a WHERE ${where}`,
    );
    const countParams = { ...params };
    delete countParams['limit'];
    delete countParams['offset'];
    const total = (count.get(countParams) as { n: number }).n;
    return { total, rows: page.all(params) as AlertRecord[] };
  }

  /** A statement built from fixed SQL pieces, prepared once under `key`. */
  private cached(key: string, sql: string): Database.Statement {
    let s = this.prepared.get(key);
    if (!s) this.prepared.set(key, (s = this.db.prepare(sql)));
    return s;
  }

  /** One alert with its flow, signature and recommendation columns, or undefined. */
  getAlert(id: number): AlertRecord | undefined {
    return this.cached('alert:one', `${ALERT_SELECT} WHERE a.id = ?`).get(id) as
      AlertRecord | undefined;
  }

  /** Append to the audit log (the table refuses updates and deletes). */
  appendAudit(e: AuditEntry): number {
    return Number(
      this.stmt('insertAudit').run({
        at: nowIso(),
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        automatic: e.automatic ? 1 : 0,
        detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      }).lastInsertRowid,
    );
  }
}

/** Escape LIKE wildcards so a search for "10.0.0_1" matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function nullIfNegative(v: number | undefined): number | null {
  return v === undefined || v < 0 ? null : v;
}

/** Apply pending migrations in order; refuse a database written by a newer schema. */
export function migrate(db: Database.Database): void {
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
      record.run(m.version, m.name, nowIso());
    })();
  }
}
