/**
 * The KG canvas's layered layout (pure): signatures → predicted types → actions, one column each,
 * left to right, rows evenly spaced so no two nodes (or their labels) can overlap. Within a column
 * types keep the view's order (busiest first) and signatures and actions sit next to the types
 * they link to (barycentre order), which keeps edge crossings few. Fed to cytoscape's `preset`.
 */
import type { KgViewEdge, KgViewNode } from '../../../shared/contract';

/** A node's position in model coordinates (px at zoom 1). */
export interface Position {
  x: number;
  y: number;
}

/** Column of each node kind, left to right. */
export const LAYER: Record<KgViewNode['kind'], number> = { signature: 0, type: 1, action: 2 };

/** Spacing of the layered layout. */
export interface LayeredOptions {
  /** Distance between column centres, px. Default 190: room for a type's pill and the edges. */
  columnGap: number;
  /** Distance between rows of each kind's column, px (at least a label's height plus margin). */
  rowGap: Record<KgViewNode['kind'], number>;
}

/** Default spacing: rows tall enough for the 11-13 px labels the stylesheet draws. */
export const DEFAULT_LAYERED: LayeredOptions = {
  columnGap: 190,
  rowGap: { signature: 24, type: 34, action: 28 },
};

/**
 * Positions of every node: x by kind (column), y by rank in the column, each column centred on
 * y = 0. Deterministic: the same view gives the same picture.
 */
export function layeredPositions(
  nodes: readonly Pick<KgViewNode, 'key' | 'kind'>[],
  edges: readonly Pick<KgViewEdge, 'source' | 'target' | 'kind'>[],
  opts: LayeredOptions = DEFAULT_LAYERED,
): Map<string, Position> {
  const types = nodes.filter((n) => n.kind === 'type').map((n) => n.key);
  const typeRank = new Map(types.map((k, i) => [k, i]));
  const typesOf = new Map<string, number[]>();
  for (const e of edges) {
    if (e.kind === 'misclassified') continue;
    const other = typeRank.has(e.source) ? e.target : e.source;
    const rank = typeRank.get(typeRank.has(e.source) ? e.source : e.target);
    if (rank === undefined) continue;
    const list = typesOf.get(other) ?? [];
    list.push(rank);
    typesOf.set(other, list);
  }
  const barycentre = (key: string): number => {
    const ranks = typesOf.get(key);
    return ranks && ranks.length > 0
      ? ranks.reduce((a, b) => a + b, 0) / ranks.length
      : Number.POSITIVE_INFINITY;
  };
  const columns: Record<KgViewNode['kind'], string[]> = { signature: [], type: types, action: [] };
  const inputRank = new Map(nodes.map((n, i) => [n.key, i]));
  for (const kind of ['signature', 'action'] as const) {
    const keys = nodes.filter((n) => n.kind === kind).map((n) => n.key);
    const bc = new Map(keys.map((k) => [k, barycentre(k)]));
    columns[kind] = keys.sort(
      (a, b) =>
        (bc.get(a) ?? 0) - (bc.get(b) ?? 0) || (inputRank.get(a) ?? 0) - (inputRank.get(b) ?? 0),
    );
  }
  const out = new Map<string, Position>();
  for (const kind of ['signature', 'type', 'action'] as const) {
    const col = columns[kind];
    const gap = opts.rowGap[kind];
    col.forEach((key, i) =>
      out.set(key, { x: LAYER[kind] * opts.columnGap, y: (i - (col.length - 1) / 2) * gap }),
    );
  }
  return out;
}
