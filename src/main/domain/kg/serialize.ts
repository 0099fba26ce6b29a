/** The knowledge graph as JSON (nodes and edges with their attributes), and back, validated. */
import { DirectedGraph } from 'graphology';
import { z } from 'zod';
import type { Catalogue } from '../catalogue/catalogue';
import { KnowledgeGraph, type KgGraphAttributes } from './graph';
import type { KgEdge, KgNode } from './types';

/** The format tag of an exported graph. */
export const KG_JSON_FORMAT = 'rampart-kg';
/** Bumped when the JSON layout changes incompatibly. */
export const KG_JSON_FORMAT_VERSION = 1;

const stat = z.object({
  sum: z.number(),
  count: z.number().int().nonnegative(),
  positive: z.number().int().nonnegative(),
});
const count = z.number().int().nonnegative();
const intKey = z.string().regex(/^-?\d+$/);

const node = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('type'),
    label: z.string(),
    predicted: count,
    labelled: count,
    correct: count,
    asTrue: z.record(intKey, stat),
  }),
  z.object({
    kind: z.literal('action'),
    label: z.string(),
    index: count,
    id: z.string(),
  }),
  z.object({ kind: z.literal('signature'), label: z.string(), signature: z.number().int() }),
]);

const edge = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reward'),
    weight: z.number(),
    cumulativeReward: z.number(),
    count,
    positive: count,
    meanReward: z.number(),
  }),
  z.object({
    kind: z.literal('predicts'),
    weight: z.number(),
    confidence: z.number(),
    flows: count,
    labelled: count,
    correct: count,
    trueCounts: z.record(z.string(), count),
    actions: z.record(intKey, stat),
  }),
  z.object({
    kind: z.literal('misclassified'),
    weight: z.number(),
    count,
    rate: z.number(),
    signatures: z.record(intKey, z.object({ count, confidence: z.number() })),
  }),
]);

const schema = z.object({
  format: z.literal(KG_JSON_FORMAT),
  formatVersion: z.literal(KG_JSON_FORMAT_VERSION),
  version: count,
  nodeCount: count,
  edgeCount: count,
  nodes: z.array(z.object({ key: z.string(), attributes: node })),
  edges: z.array(
    z.object({ key: z.string(), source: z.string(), target: z.string(), attributes: edge }),
  ),
});

/** The exported graph: metadata, then every node and edge (insertion order) with attributes. */
export type KgJson = z.infer<typeof schema>;

/** Export the graph as plain JSON data (deep copies: later updates do not change it). */
export function toKgJson(kg: KnowledgeGraph): KgJson {
  const nodes: KgJson['nodes'] = [];
  const edges: KgJson['edges'] = [];
  kg.graph.forEachNode((key, a) => nodes.push({ key, attributes: structuredClone(a) }));
  kg.graph.forEachEdge((key, a, source, target) =>
    edges.push({ key, source, target, attributes: structuredClone(a) }),
  );
  return {
    format: KG_JSON_FORMAT,
    formatVersion: KG_JSON_FORMAT_VERSION,
    version: kg.version,
    nodeCount: nodes.length,
    edgeCount: edges.length,
    nodes,
    edges,
  };
}

/**
 * Rebuild a graph from exported JSON, checked against the catalogue: action indices must still
 * name the same ATT&CK IDs, or every recorded reward would be credited to the wrong action.
 */
export function fromKgJson(
  json: unknown,
  catalogue: Catalogue,
  source = 'knowledge graph',
): KnowledgeGraph {
  const r = schema.safeParse(json);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is not a valid Rampart KG export: ${why.slice(0, 5).join('; ')}`);
  }
  const data = r.data;
  const g = new DirectedGraph<KgNode, KgEdge, KgGraphAttributes>();
  g.setAttribute('version', data.version);
  for (const n of data.nodes) {
    const a = n.attributes;
    if (a.kind === 'action' && catalogue.actions[a.index]?.id !== a.id)
      throw new Error(
        `${source}: action ${a.id} was index ${a.index}, but the catalogue has ` +
          `${catalogue.actions[a.index]?.id ?? 'nothing'} there`,
      );
    g.addNode(n.key, a);
  }
  for (const e of data.edges) g.addDirectedEdgeWithKey(e.key, e.source, e.target, e.attributes);
  if (g.order !== data.nodeCount || g.size !== data.edgeCount)
    throw new Error(`${source}: node/edge counts do not match the header`);
  return new KnowledgeGraph(catalogue, g);
}
