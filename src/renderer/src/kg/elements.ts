/**
 * A drawn KG view as cytoscape elements (pure), placed by the layered layout: node size by how
 * many episodes stand behind it, reward edge width by |cumulative reward| and colour class by its
 * sign, misclassification edges flagged for their dashed warning style. Edge labels are kept in the
 * data and shown only for the edges of the node under the pointer, so they never pile up.
 */
import type { ElementDefinition } from 'cytoscape';
import type { KgGraphView, KgViewEdge, KgViewNode } from '../../../shared/contract';
import { DEFAULT_LAYERED, layeredPositions, type LayeredOptions } from './layout';

/** The node's data as the stylesheet and the tap handler read it. */
export interface KgNodeData {
  id: string;
  kind: KgViewNode['kind'];
  /** Text on the canvas: class name, ATT&CK ID and name, or `sig #id`. */
  label: string;
  /** Width and height in px (a type is a pill around its name, the others round). */
  width: number;
  height: number;
}

/** The edge's data as the stylesheet reads it. */
export interface KgEdgeData {
  id: string;
  source: string;
  target: string;
  kind: KgViewEdge['kind'];
  /** Shown while the pointer is on one of the edge's nodes. */
  label: string;
  /** Line width in px. */
  width: number;
}

/** Approximate width of one character of the type label (12 px bold sans), for the pill. */
const TYPE_CHAR_PX = 7.6;

/** The nodes and edges for cytoscape, each node with its layered position. */
export function toElements(
  view: Pick<KgGraphView, 'nodes' | 'edges'>,
  layout?: LayeredOptions,
): ElementDefinition[] {
  const maxReward = Math.max(
    1,
    ...view.edges.filter((e) => e.kind === 'reward').map((e) => Math.abs(e.weight)),
  );
  const at = layeredPositions(view.nodes, view.edges, layout);
  const nodes: ElementDefinition[] = view.nodes.map((n) => ({
    group: 'nodes',
    data: nodeData(n),
    classes: n.kind,
    position: at.get(n.key) ?? { x: 0, y: 0 },
  }));
  const edges: ElementDefinition[] = view.edges.map((e) => ({
    group: 'edges',
    data: edgeData(e, maxReward),
    classes: edgeClasses(e),
  }));
  return [...nodes, ...edges];
}

/** A node's data: its label and size. */
export function nodeData(n: KgViewNode): KgNodeData {
  // Logarithmic: counts range from a handful to hundreds of thousands of episodes.
  const grow = 3 * Math.log10(1 + Math.max(0, n.count));
  if (n.kind === 'type') {
    return {
      id: n.key,
      kind: n.kind,
      label: n.name,
      width: Math.round(n.name.length * TYPE_CHAR_PX + 22),
      height: 26,
    };
  }
  // Never taller than its row, so neighbours in the column cannot touch.
  const size = Math.min(
    DEFAULT_LAYERED.rowGap[n.kind] - 6,
    Math.round((n.kind === 'signature' ? 10 : 14) + grow),
  );
  return { id: n.key, kind: n.kind, label: n.label, width: size, height: size };
}

function edgeData(e: KgViewEdge, maxReward: number): KgEdgeData {
  let width = 1;
  if (e.kind === 'reward') width = 1 + 6 * Math.sqrt(Math.abs(e.weight) / maxReward);
  else if (e.kind === 'misclassified') width = 1.5 + 4 * Math.min(1, Math.max(0, e.weight));
  return { id: e.key, source: e.source, target: e.target, kind: e.kind, label: e.label, width };
}

function edgeClasses(e: KgViewEdge): string {
  if (e.kind !== 'reward') return e.kind;
  return `reward ${e.weight < 0 ? 'negative' : 'positive'}`;
}

/** Node counts by kind and edge counts by kind, for the summary line. */
export function viewCounts(
  view: Pick<KgGraphView, 'nodes' | 'edges'>,
): Record<KgViewNode['kind'] | KgViewEdge['kind'], number> {
  const c = { type: 0, action: 0, signature: 0, reward: 0, predicts: 0, misclassified: 0 };
  for (const n of view.nodes) c[n.kind]++;
  for (const e of view.edges) c[e.kind]++;
  return c;
}
