/**
 * A `kg.graph` answer as cytoscape elements (pure): node size by how many episodes stand behind it,
 * reward edge width by |cumulative reward| and colour class by its sign, misclassification edges
 * flagged for their dashed warning style, and the rows of the misclassification list.
 */
import type { ElementDefinition } from 'cytoscape';
import type { KgGraphView, KgViewEdge, KgViewNode } from '../../../shared/contract';

/** Above this many edges only misclassification edges keep their label on the canvas. */
const LABEL_ALL_EDGES_MAX = 40;

/** The node's data as the stylesheet and the tap handler read it. */
export interface KgNodeData {
  id: string;
  kind: KgViewNode['kind'];
  /** Text on the canvas: class name, ATT&CK ID or `sig #id`. */
  label: string;
  /** Diameter in px. */
  size: number;
}

/** The edge's data as the stylesheet reads it. */
export interface KgEdgeData {
  id: string;
  source: string;
  target: string;
  kind: KgViewEdge['kind'];
  /** Label on the canvas ('' when hidden to keep a big graph readable). */
  label: string;
  /** Line width in px. */
  width: number;
}

/** The nodes and edges of a view for cytoscape. */
export function toElements(view: KgGraphView): ElementDefinition[] {
  const maxReward = Math.max(
    1,
    ...view.edges.filter((e) => e.kind === 'reward').map((e) => Math.abs(e.weight)),
  );
  const labelAll = view.edges.length <= LABEL_ALL_EDGES_MAX;
  const nodes: ElementDefinition[] = view.nodes.map((n) => ({
    group: 'nodes',
    data: nodeData(n),
    classes: n.kind,
  }));
  const edges: ElementDefinition[] = view.edges.map((e) => ({
    group: 'edges',
    data: edgeData(e, maxReward, labelAll),
    classes: edgeClasses(e),
  }));
  return [...nodes, ...edges];
}

function nodeData(n: KgViewNode): KgNodeData {
  const base = n.kind === 'signature' ? 14 : 26;
  // Logarithmic: counts range from a handful to hundreds of thousands of flows.
  const size = Math.round(base + 5 * Math.log10(1 + Math.max(0, n.count)));
  const label = n.kind === 'signature' ? n.label : n.name;
  return { id: n.key, kind: n.kind, label, size };
}

function edgeData(e: KgViewEdge, maxReward: number, labelAll: boolean): KgEdgeData {
  let width = 1;
  if (e.kind === 'reward') width = 1 + 7 * Math.sqrt(Math.abs(e.weight) / maxReward);
  else if (e.kind === 'misclassified') width = 1.5 + 5 * Math.min(1, Math.max(0, e.weight));
  const label = labelAll || e.kind === 'misclassified' ? e.label : '';
  return { id: e.key, source: e.source, target: e.target, kind: e.kind, label, width };
}

function edgeClasses(e: KgViewEdge): string {
  if (e.kind !== 'reward') return e.kind;
  return `reward ${e.weight < 0 ? 'negative' : 'positive'}`;
}

/** One misclassification edge as the list beside the canvas shows it. */
export interface MisclassRow {
  key: string;
  /** The predicted type (the edge's source) and the true type it turned out to be. */
  predicted: string;
  actual: string;
  rate: number;
  /** The core's label: rate, counts and the detector's confidence B. */
  label: string;
}

/** The view's misclassification edges between type nodes, highest rate first. */
export function misclassRows(view: KgGraphView): MisclassRow[] {
  const byKey = new Map(view.nodes.map((n) => [n.key, n]));
  const rows: MisclassRow[] = [];
  for (const e of view.edges) {
    if (e.kind !== 'misclassified') continue;
    const s = byKey.get(e.source);
    const t = byKey.get(e.target);
    if (!s || !t) continue;
    rows.push({ key: e.key, predicted: s.name, actual: t.name, rate: e.weight, label: e.label });
  }
  return rows.sort((a, b) => b.rate - a.rate || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Node counts by kind and edge counts by kind, for the summary line. */
export function viewCounts(
  view: KgGraphView,
): Record<KgViewNode['kind'] | KgViewEdge['kind'], number> {
  const c = { type: 0, action: 0, signature: 0, reward: 0, predicts: 0, misclassified: 0 };
  for (const n of view.nodes) c[n.kind]++;
  for (const e of view.edges) c[e.kind]++;
  return c;
}
