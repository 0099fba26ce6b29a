/** Saving knowledge-graph snapshots in the SQLite store (migration 2) and loading them back. */
import type Database from 'better-sqlite3';
import type { Catalogue } from '../catalogue/catalogue';
import type { KnowledgeGraph } from './graph';
import { fromKgJson, toKgJson } from './serialize';

/** Every SQL statement of the KG store, by name (prepared once per database). */
export const KG_STATEMENTS = {
  insertKgSnapshot: `INSERT INTO kg_snapshots (version, detector_id, created_at, node_count,
                       edge_count, graph)
                     VALUES (@version, @detectorId, @createdAt, @nodeCount, @edgeCount, @graph)`,
  latestKgSnapshot: `SELECT * FROM kg_snapshots ORDER BY id DESC LIMIT 1`,
  latestKgSnapshotOfDetector: `SELECT * FROM kg_snapshots WHERE detector_id = ?
                               ORDER BY id DESC LIMIT 1`,
  getKgSnapshot: `SELECT * FROM kg_snapshots WHERE id = ?`,
  listKgSnapshots: `SELECT id, version, detector_id, created_at, node_count, edge_count
                    FROM kg_snapshots ORDER BY id DESC`,
  pruneKgSnapshots: `DELETE FROM kg_snapshots
                     WHERE id NOT IN (SELECT id FROM kg_snapshots ORDER BY id DESC LIMIT ?)`,
} as const;

/** A statement name of KG_STATEMENTS. */
export type KgStatementName = keyof typeof KG_STATEMENTS;

/** A saved snapshot's header (without the graph). */
export interface KgSnapshotInfo {
  id: number;
  version: number;
  detector_id: number | null;
  created_at: string;
  node_count: number;
  edge_count: number;
}

type SnapshotRow = KgSnapshotInfo & { graph: string };

const prepared = new WeakMap<Database.Database, Map<KgStatementName, Database.Statement>>();

function stmt(db: Database.Database, name: KgStatementName): Database.Statement {
  let byName = prepared.get(db);
  if (!byName) prepared.set(db, (byName = new Map()));
  let s = byName.get(name);
  if (!s) byName.set(name, (s = db.prepare(KG_STATEMENTS[name])));
  return s;
}

/** Save the graph at its current version (optionally tied to a detector); returns the header. */
export function saveKg(
  db: Database.Database,
  kg: KnowledgeGraph,
  detectorId: number | null = null,
): KgSnapshotInfo {
  const json = toKgJson(kg);
  const row = {
    version: json.version,
    detectorId,
    createdAt: new Date().toISOString(),
    nodeCount: json.nodeCount,
    edgeCount: json.edgeCount,
    graph: JSON.stringify(json),
  };
  const id = Number(stmt(db, 'insertKgSnapshot').run(row).lastInsertRowid);
  return {
    id,
    version: row.version,
    detector_id: detectorId,
    created_at: row.createdAt,
    node_count: row.nodeCount,
    edge_count: row.edgeCount,
  };
}

/** The most recently saved graph (of a detector, when given), or undefined if none was saved. */
export function loadLatestKg(
  db: Database.Database,
  catalogue: Catalogue,
  detectorId?: number,
): KnowledgeGraph | undefined {
  const row = (
    detectorId === undefined
      ? stmt(db, 'latestKgSnapshot').get()
      : stmt(db, 'latestKgSnapshotOfDetector').get(detectorId)
  ) as SnapshotRow | undefined;
  return row && parseRow(row, catalogue);
}

/** One saved graph by snapshot id, or undefined. */
export function loadKgSnapshot(
  db: Database.Database,
  id: number,
  catalogue: Catalogue,
): KnowledgeGraph | undefined {
  const row = stmt(db, 'getKgSnapshot').get(id) as SnapshotRow | undefined;
  return row && parseRow(row, catalogue);
}

/** Headers of every saved snapshot, newest first. */
export function listKgSnapshots(db: Database.Database): KgSnapshotInfo[] {
  return stmt(db, 'listKgSnapshots').all() as KgSnapshotInfo[];
}

/** Keep only the newest `keep` snapshots (one per training cycle adds up); returns rows deleted. */
export function pruneKgSnapshots(db: Database.Database, keep: number): number {
  return stmt(db, 'pruneKgSnapshots').run(Math.max(0, Math.floor(keep))).changes;
}

function parseRow(row: SnapshotRow, catalogue: Catalogue): KnowledgeGraph {
  const source = `knowledge graph snapshot ${row.id}`;
  let json: unknown;
  try {
    json = JSON.parse(row.graph);
  } catch (err) {
    throw new Error(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  return fromKgJson(json, catalogue, source);
}
