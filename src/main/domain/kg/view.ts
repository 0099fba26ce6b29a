/**
 * The knowledge graph as the console's KG view draws it (`kg.graph`): the neighbourhood of one
 * signature, or the whole graph under a node cap, each node with a count and each edge with a
 * weight and a short label. Pure: the caller says how signatures are named.
 */
import type { KgGraphView, KgViewEdge, KgViewNode } from '../../../shared/contract';
import { cmp, type KnowledgeGraph } from './graph';
import { sigKey, typeKey, type KgEdge, type KgNode, type MisclassEdge } from './types';

/** The nodes, edges and drop count of a view (the caller adds the detector and version). */
export type KgViewBody = Pick<KgGraphView, 'nodes' | 'edges' | 'truncated'>;

/** How the view names signatures and how big it may get. */
export interface KgViewOptions {
  /** A leaf's signature store id and readable conditions; null where the store has none. */
  signatureOf(leaf: number): { id: number | null; text: string | null };
  /** Cap on nodes returned. Default: 800 (the contract's default). */
  maxNodes?: number;
}

/** The contract's default node cap. */
export const DEFAULT_KG_VIEW_MAX_NODES = 800;

/** Signature nodes go first when the cap bites, then actions, then types. */
const KEEP_RANK: Record<KgNode['kind'], number> = { signature: 0, action: 1, type: 2 };

/**
 * The whole graph. Over the cap, signature nodes are dropped first (least-seen first), then
 * actions (least-rewarded), then types, with the edges touching them. Nodes come types first,
 * then actions, then signatures, each busiest first; edges in the graph's order.
 */
export function kgWholeView(kg: KnowledgeGraph, opts: KgViewOptions): KgViewBody {
  const all: KgViewNode[] = [];
  kg.graph.forEachNode((key, a) => all.push(viewNode(kg, key, a, opts)));
  all.sort(
    (a, b) => KEEP_RANK[b.kind] - KEEP_RANK[a.kind] || b.count - a.count || cmp(a.key, b.key),
  );
  const nodes = all.slice(0, opts.maxNodes ?? DEFAULT_KG_VIEW_MAX_NODES);
  const kept = new Set(nodes.map((n) => n.key));
  const edges: KgViewEdge[] = [];
  kg.graph.forEachEdge((key, a, s, t) => {
    if (kept.has(s) && kept.has(t)) edges.push(viewEdge(kg, key, a, s, t, null));
  });
  return { nodes, edges, truncated: all.length - nodes.length };
}

/**
 * The neighbourhood of signature `leaf`: the signature, the type(s) it predicts, each type's
 * reward edges to actions, the misclassification edges out of it to other types, and each of
 * those types' best action (its reward edge with the highest mean). A signature the graph has
 * not seen yet stands alone (count 0) beside the neighbourhood of `predictedClass`, when given.
 * Over the cap, the nodes farthest from the signature go first.
 */
export function kgNeighbourhoodView(
  kg: KnowledgeGraph,
  leaf: number,
  opts: KgViewOptions & { predictedClass?: string },
): KgViewBody {
  const g = kg.graph;
  const nodes = new Map<string, KgViewNode>();
  const edges = new Map<string, KgViewEdge>();
  const addNode = (key: string): void => {
    if (!nodes.has(key)) nodes.set(key, viewNode(kg, key, g.getNodeAttributes(key), opts));
  };
  const addEdge = (key: string): void => {
    addNode(g.source(key));
    addNode(g.target(key));
    if (!edges.has(key))
      edges.set(
        key,
        viewEdge(kg, key, g.getEdgeAttributes(key), g.source(key), g.target(key), leaf),
      );
  };

  const sKey = sigKey(leaf);
  const types: string[] = [];
  if (g.hasNode(sKey)) {
    addNode(sKey);
    g.forEachOutEdge(sKey, (key, a, _s, t) => {
      if (a.kind !== 'predicts') return;
      addEdge(key);
      types.push(t);
    });
  } else {
    nodes.set(sKey, signatureNode(sKey, leaf, 0, opts));
    const t = opts.predictedClass === undefined ? null : typeKey(opts.predictedClass);
    if (t !== null && g.hasNode(t)) {
      addNode(t);
      types.push(t);
    }
  }
  const wrongAs: string[] = [];
  for (const t of types) {
    g.forEachOutEdge(t, (key, a, _s, target) => {
      if (a.kind === 'reward') addEdge(key);
      else if (a.kind === 'misclassified') {
        addEdge(key);
        wrongAs.push(target);
      }
    });
  }
  for (const u of wrongAs) {
    const best = bestRewardEdge(kg, u);
    if (best !== null) addEdge(best);
  }

  const kept = [...nodes.values()].slice(0, opts.maxNodes ?? DEFAULT_KG_VIEW_MAX_NODES);
  const keys = new Set(kept.map((n) => n.key));
  return {
    nodes: kept,
    edges: [...edges.values()].filter((e) => keys.has(e.source) && keys.has(e.target)),
    truncated: nodes.size - kept.length,
  };
}

/** A type's reward edge with the highest mean reward (ties: more flows, then key), or null. */
function bestRewardEdge(kg: KnowledgeGraph, type: string): string | null {
  let best: { key: string; mean: number; count: number } | null = null;
  for (const key of kg.graph.outEdges(type)) {
    const a = kg.graph.getEdgeAttributes(key);
    if (a.kind !== 'reward') continue;
    const better =
      best === null ||
      a.meanReward > best.mean ||
      (a.meanReward === best.mean &&
        (a.count > best.count || (a.count === best.count && cmp(key, best.key) < 0)));
    if (better) best = { key, mean: a.meanReward, count: a.count };
  }
  return best?.key ?? null;
}

function viewNode(kg: KnowledgeGraph, key: string, a: KgNode, opts: KgViewOptions): KgViewNode {
  if (a.kind === 'type')
    return {
      key,
      kind: 'type',
      label: a.label,
      signatureId: null,
      name: a.label,
      count: a.predicted,
    };
  if (a.kind === 'action') {
    let rewarded = 0;
    kg.graph.forEachInEdge(key, (_e, e) => {
      if (e.kind === 'reward') rewarded += e.count;
    });
    return {
      key,
      kind: 'action',
      label: `${a.id} ${a.label}`,
      signatureId: null,
      name: a.id,
      count: rewarded,
    };
  }
  let flows = 0;
  kg.graph.forEachOutEdge(key, (_e, e) => {
    if (e.kind === 'predicts') flows += e.flows;
  });
  return signatureNode(key, a.signature, flows, opts);
}

function signatureNode(key: string, leaf: number, flows: number, opts: KgViewOptions): KgViewNode {
  const { id, text } = opts.signatureOf(leaf);
  const label = id === null ? `leaf ${leaf}` : `sig #${id}`;
  return { key, kind: 'signature', label, signatureId: id, name: text ?? label, count: flows };
}

/** An edge's weight and label; `leaf` picks the signature whose B a misclassification shows. */
function viewEdge(
  kg: KnowledgeGraph,
  key: string,
  a: KgEdge,
  source: string,
  target: string,
  leaf: number | null,
): KgViewEdge {
  const base = { key, source, target };
  if (a.kind === 'reward')
    return {
      ...base,
      kind: 'reward',
      weight: a.cumulativeReward,
      label: `avg ${a.meanReward.toFixed(1)} over ${INT.format(a.count)}`,
    };
  if (a.kind === 'predicts')
    return {
      ...base,
      kind: 'predicts',
      weight: a.confidence,
      label: `B=${a.confidence.toFixed(2)}`,
    };
  const from = kg.graph.getNodeAttributes(source);
  const labelled = from.kind === 'type' ? from.labelled : 0;
  const b = misclassConfidence(a, leaf);
  return {
    ...base,
    kind: 'misclassified',
    weight: a.rate,
    label:
      `${percent(a.rate)} (${INT.format(a.count)} of ${INT.format(labelled)} episodes)` +
      (b === null ? '' : `, B=${b.toFixed(2)}`),
  };
}

/**
 * The detector's confidence behind a misclassification: the signature's own B when it made this
 * mistake, else the mean B of the signatures that did, weighted by how often each did.
 */
function misclassConfidence(e: MisclassEdge, leaf: number | null): number | null {
  const own = leaf === null ? undefined : e.signatures[String(leaf)];
  if (own) return own.confidence;
  let sum = 0;
  let n = 0;
  for (const s of Object.values(e.signatures)) {
    sum += s.count * s.confidence;
    n += s.count;
  }
  return n > 0 ? sum / n : null;
}

const INT = new Intl.NumberFormat('en-US');

/** 0.15 → "15%", 0.042 → "4.2%": one decimal only where it matters. */
function percent(rate: number): string {
  const p = 100 * rate;
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}
