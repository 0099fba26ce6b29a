/** Knowledge-graph snapshots in the SQLite store (migration 2): saving, loading back, pruning. */
import type { Catalogue } from '../domain/catalogue/catalogue';
import type { KnowledgeGraph } from '../domain/kg/graph';
import { fromKgJson, toKgJson } from '../domain/kg/serialize';
import type { Writes } from './changes';
import type { Statements } from './statements';
import { nowIso } from './time';

/** The KG snapshot statements, by name. */
export const KG_SQL = {
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
  pruneUnusedKgSnapshots: `DELETE FROM kg_snapshots
                           WHERE id NOT IN (SELECT id FROM kg_snapshots ORDER BY id DESC LIMIT ?)
                             AND id NOT IN (SELECT MAX(id) FROM kg_snapshots GROUP BY detector_id)
                             AND id NOT IN (SELECT kg_snapshot_id FROM policies
                                            WHERE kg_snapshot_id IS NOT NULL)`,
  latestKgSnapshotIdOfDetector: `SELECT id FROM kg_snapshots WHERE detector_id = ?
                                 ORDER BY id DESC LIMIT 1`,
  countKgSnapshotsOfDetector: `SELECT COUNT(*) AS n FROM kg_snapshots WHERE detector_id = ?`,
} as const;

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

/** The saved knowledge graphs. */
export class KgSnapshots {
  constructor(
    private readonly q: Statements<typeof KG_SQL>,
    private readonly w: Writes,
  ) {}

  /** Save the graph at its current version (optionally tied to a detector); returns the header. */
  save(kg: KnowledgeGraph, detectorId: number | null = null): KgSnapshotInfo {
    const json = toKgJson(kg);
    const row = {
      version: json.version,
      detectorId,
      createdAt: nowIso(),
      nodeCount: json.nodeCount,
      edgeCount: json.edgeCount,
      graph: JSON.stringify(json),
    };
    const id = this.w.transaction((ch) => {
      ch.touch('kg_snapshots');
      return Number(this.q.get('insertKgSnapshot').run(row).lastInsertRowid);
    });
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
  loadLatest(catalogue: Catalogue, detectorId?: number): KnowledgeGraph | undefined {
    const row = (
      detectorId === undefined
        ? this.q.get('latestKgSnapshot').get()
        : this.q.get('latestKgSnapshotOfDetector').get(detectorId)
    ) as SnapshotRow | undefined;
    return row && parseRow(row, catalogue);
  }

  /** One saved graph by snapshot id, or undefined. */
  load(id: number, catalogue: Catalogue): KnowledgeGraph | undefined {
    const row = this.q.get('getKgSnapshot').get(id) as SnapshotRow | undefined;
    return row && parseRow(row, catalogue);
  }

  /** Headers of every saved snapshot, newest first. */
  list(): KgSnapshotInfo[] {
    return this.q.get('listKgSnapshots').all() as KgSnapshotInfo[];
  }

  /** Keep only the newest `keep` snapshots; returns rows deleted. */
  prune(keep: number): number {
    return this.w.transaction((ch) => {
      ch.touch('kg_snapshots');
      return this.q.get('pruneKgSnapshots').run(Math.max(0, Math.floor(keep))).changes;
    });
  }

  /**
   * Delete old snapshots, keeping the newest `keep`, each detector's newest and every snapshot a
   * policy was trained with (one per training cycle adds up); returns rows deleted.
   */
  pruneUnused(keep: number): number {
    return this.w.transaction((ch) => {
      ch.touch('kg_snapshots');
      return this.q.get('pruneUnusedKgSnapshots').run(Math.max(0, Math.floor(keep))).changes;
    });
  }

  /** The newest snapshot id of a detector's KG and how many it has. */
  ofDetector(detectorId: number): { latestId: number | null; count: number } {
    const latest = this.q.get('latestKgSnapshotIdOfDetector').get(detectorId) as
      { id: number } | undefined;
    const { n } = this.q.get('countKgSnapshotsOfDetector').get(detectorId) as { n: number };
    return { latestId: latest?.id ?? null, count: n };
  }
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
