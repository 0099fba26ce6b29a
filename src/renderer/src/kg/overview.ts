/**
 * What the canvas draws of a `kg.graph` answer (pure). The whole graph is an overview: every type
 * with its few most rewarded actions, and one type's signatures only when the analyst expands it,
 * since hundreds of signatures and every type × action edge cannot be read at once (a signature's
 * neighbourhood has all its type's actions). A neighbourhood is small and is drawn whole.
 * Misclassifications between types are left to the matrix in the whole graph.
 */
import type { KgGraphView, KgViewEdge, KgViewNode } from '../../../shared/contract';

/** Most signatures drawn for an expanded type (the most seen); the rest are counted. */
export const MAX_EXPANDED_SIGNATURES = 12;

/** Reward edges per type in the overview: those with the highest cumulative reward. */
export const OVERVIEW_ACTIONS_PER_TYPE = 3;

/** The nodes and edges to draw, and what of the expanded type was left out. */
export interface DrawnView {
  nodes: KgViewNode[];
  edges: KgViewEdge[];
  /** The expanded type's signatures in the view, and how many of them are drawn. */
  expanded: { key: string; name: string; signatures: number; shown: number } | null;
}

/**
 * The drawn part of a view: all of a neighbourhood; of the whole graph, every type with its
 * {@link OVERVIEW_ACTIONS_PER_TYPE} most rewarded actions, plus the `expandedType`'s busiest
 * signatures and their predicts edges. Actions no drawn edge reaches are left out.
 */
export function drawnView(
  view: Pick<KgGraphView, 'nodes' | 'edges'>,
  whole: boolean,
  expandedType: string | null,
  maxSignatures = MAX_EXPANDED_SIGNATURES,
): DrawnView {
  if (!whole) return { nodes: view.nodes, edges: view.edges, expanded: null };
  const type = view.nodes.find((n) => n.key === expandedType && n.kind === 'type');
  const byKey = new Map(view.nodes.map((n) => [n.key, n]));
  const sigs = type
    ? view.edges
        .filter((e) => e.kind === 'predicts' && e.target === type.key)
        .flatMap((e) => byKey.get(e.source) ?? [])
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    : [];
  const shownSigs = new Set(sigs.slice(0, maxSignatures).map((n) => n.key));
  const rewards = new Set(topRewards(view.edges).map((e) => e.key));
  const edges = view.edges.filter(
    (e) =>
      (e.kind === 'reward' && rewards.has(e.key)) ||
      (e.kind === 'predicts' && shownSigs.has(e.source) && e.target === type?.key),
  );
  const reached = new Set(edges.map((e) => e.target));
  const nodes = view.nodes.filter(
    (n) =>
      n.kind === 'type' ||
      (n.kind === 'action' && reached.has(n.key)) ||
      (n.kind === 'signature' && shownSigs.has(n.key)),
  );
  return {
    nodes,
    edges,
    expanded: type
      ? { key: type.key, name: type.name, signatures: sigs.length, shown: shownSigs.size }
      : null,
  };
}

/** Each type's reward edges with the highest cumulative reward (ties: key order). */
function topRewards(edges: readonly KgViewEdge[]): KgViewEdge[] {
  const byType = new Map<string, KgViewEdge[]>();
  for (const e of edges) {
    if (e.kind !== 'reward') continue;
    const list = byType.get(e.source) ?? [];
    list.push(e);
    byType.set(e.source, list);
  }
  return [...byType.values()].flatMap((list) =>
    list
      .sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, OVERVIEW_ACTIONS_PER_TYPE),
  );
}
