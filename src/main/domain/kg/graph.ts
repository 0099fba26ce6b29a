/**
 * The knowledge graph of paper 1 (§III-B) on graphology: traffic types, mitigation actions and
 * signatures, linked by reward, prediction and misclassification edges, accumulated from the
 * replay buffer and analyst feedback.
 */
import { DirectedGraph } from 'graphology';
import type { Catalogue } from '../catalogue/catalogue';
import type { Experience, KgAnswer, KgView } from '../catalogue/types';
import { queryKg } from './query';
import {
  actionKey,
  addReward,
  emptyStat,
  sigKey,
  typeKey,
  type KgEdge,
  type KgNode,
  type MisclassEdge,
  type PredictsEdge,
  type RewardEdge,
  type TypeNode,
} from './types';

/** Graph-level attributes: the version, bumped by every update. */
export type KgGraphAttributes = { version: number };

/** The graphology graph underneath a KnowledgeGraph. */
export type KgGraph = DirectedGraph<KgNode, KgEdge, KgGraphAttributes>;

/** Node and edge counts, in total and by kind. */
export interface KgCounts {
  nodes: number;
  edges: number;
  types: number;
  actions: number;
  signatures: number;
  rewardEdges: number;
  predictsEdges: number;
  misclassEdges: number;
}

/** A misclassification edge out of a predicted type, with the true type it points to. */
export interface MisclassOut {
  trueClass: string;
  edge: MisclassEdge;
}

/** The knowledge graph: accumulates experiences, answers (type, signature) queries. */
export class KnowledgeGraph implements KgView {
  /** The graph itself (read it; change it only through update()). */
  readonly graph: KgGraph;

  private naming = { name: (leaf: number) => String(leaf), generation: 0 };

  /**
   * How the graph's records name a signature it knows by leaf (default: the leaf number). The app
   * names the stored signature id (`#52`), the id the analyst sees everywhere else.
   */
  get signatureName(): (leaf: number) => string {
    return this.naming.name;
  }

  set signatureName(name: (leaf: number) => string) {
    this.naming = { name, generation: this.naming.generation + 1 };
  }

  /**
   * Changes whenever the text of the graph's records may change: a new version, or a new way of
   * naming signatures (what caches of records and advice key on).
   */
  get textStamp(): string {
    return `${this.version}:${this.naming.generation}`;
  }

  /** An empty graph over the catalogue's actions, or one wrapping an imported graph. */
  constructor(
    readonly catalogue: Catalogue,
    graph?: KgGraph,
  ) {
    this.graph = graph ?? new DirectedGraph<KgNode, KgEdge, KgGraphAttributes>();
    if (!graph) this.graph.setAttribute('version', 0);
  }

  /** The version: 0 when empty, +1 per update() call. */
  get version(): number {
    return this.graph.getAttribute('version');
  }

  /**
   * Add experiences (each exactly once: the graph accumulates, it is not rebuilt) and bump the
   * version even when the list is empty, so advisers re-read after every training cycle. The
   * result depends only on the experiences and their order (the latest confidence wins).
   */
  update(experiences: readonly Experience[]): number {
    const touched = new Set<string>();
    for (const e of experiences) this.apply(e, touched);
    // Rates depend on the predicted type's labelled total, so refresh them once at the end.
    for (const cls of touched) this.refreshRates(cls);
    const v = this.version + 1;
    this.graph.setAttribute('version', v);
    return v;
  }

  /** What the graph knows about a predicted type and signature (see queryKg). */
  query(predictedClass: string, signature: number): KgAnswer {
    return queryKg(this, predictedClass, signature);
  }

  /** Node and edge counts. */
  counts(): KgCounts {
    const c: KgCounts = {
      nodes: this.graph.order,
      edges: this.graph.size,
      types: 0,
      actions: 0,
      signatures: 0,
      rewardEdges: 0,
      predictsEdges: 0,
      misclassEdges: 0,
    };
    this.graph.forEachNode((_k, a) => {
      if (a.kind === 'type') c.types++;
      else if (a.kind === 'action') c.actions++;
      else c.signatures++;
    });
    this.graph.forEachEdge((_k, a) => {
      if (a.kind === 'reward') c.rewardEdges++;
      else if (a.kind === 'predicts') c.predictsEdges++;
      else c.misclassEdges++;
    });
    return c;
  }

  /** The type node of a class, if the graph has seen it. */
  typeNode(cls: string): TypeNode | undefined {
    const k = typeKey(cls);
    if (!this.graph.hasNode(k)) return undefined;
    const a = this.graph.getNodeAttributes(k);
    return a.kind === 'type' ? a : undefined;
  }

  /** The signature's edge to a predicted type, if the graph has seen that pair. */
  predicts(signature: number, cls: string): PredictsEdge | undefined {
    const a = this.edgeAttrs(sigKey(signature), typeKey(cls));
    return a?.kind === 'predicts' ? a : undefined;
  }

  /** The reward edge of a predicted type and an action index, if that action was tried. */
  rewardEdge(cls: string, action: number): RewardEdge | undefined {
    const id = this.catalogue.actions[action]?.id;
    if (id === undefined) return undefined;
    const a = this.edgeAttrs(typeKey(cls), actionKey(id));
    return a?.kind === 'reward' ? a : undefined;
  }

  /** Misclassification edges out of a predicted type, most frequent first (ties by name). */
  misclassOut(cls: string): MisclassOut[] {
    const k = typeKey(cls);
    if (!this.graph.hasNode(k)) return [];
    const out: MisclassOut[] = [];
    this.graph.forEachOutEdge(k, (_e, edge, _s, target, _sa, ta) => {
      if (edge.kind === 'misclassified' && ta.kind === 'type')
        out.push({ trueClass: ta.label, edge });
    });
    return out.sort((a, b) => b.edge.count - a.edge.count || cmp(a.trueClass, b.trueClass));
  }

  private edgeAttrs(source: string, target: string): KgEdge | undefined {
    const key = edgeKey(source, target);
    return this.graph.hasEdge(key) ? this.graph.getEdgeAttributes(key) : undefined;
  }

  private apply(e: Experience, touched: Set<string>): void {
    const act = this.catalogue.actions[e.action];
    if (!act) throw new RangeError(`experience names action ${e.action}, not in the catalogue`);
    if (!Number.isFinite(e.reward)) throw new RangeError(`experience reward ${e.reward}`);
    const pred = this.ensureType(e.predictedClass);
    pred.predicted++;
    const aKey = this.ensureAction(e.action, act.id, act.name);
    const tKey = typeKey(e.predictedClass);
    const r = this.ensureEdge(tKey, aKey, newRewardEdge) as RewardEdge;
    r.cumulativeReward += e.reward;
    r.count++;
    if (e.reward > 0) r.positive++;
    r.meanReward = r.cumulativeReward / r.count;
    r.weight = r.cumulativeReward;

    const sKey = this.ensureSignature(e.signature);
    const p = this.ensureEdge(sKey, tKey, newPredictsEdge) as PredictsEdge;
    p.flows++;
    p.confidence = e.confidence;
    p.weight = e.confidence;
    addReward((p.actions[String(e.action)] ??= emptyStat()), e.reward);
    if (e.trueClass === null) return;

    pred.labelled++;
    p.labelled++;
    p.trueCounts[e.trueClass] = (p.trueCounts[e.trueClass] ?? 0) + 1;
    const truth = this.ensureType(e.trueClass);
    addReward((truth.asTrue[String(e.action)] ??= emptyStat()), e.reward);
    touched.add(e.predictedClass);
    if (e.trueClass === e.predictedClass) {
      pred.correct++;
      p.correct++;
      return;
    }
    const m = this.ensureEdge(tKey, typeKey(e.trueClass), newMisclassEdge) as MisclassEdge;
    m.count++;
    const bySig = (m.signatures[String(e.signature)] ??= { count: 0, confidence: e.confidence });
    bySig.count++;
    bySig.confidence = e.confidence;
  }

  private refreshRates(cls: string): void {
    const t = this.typeNode(cls);
    if (!t) return;
    for (const { edge } of this.misclassOut(cls)) {
      edge.rate = t.labelled > 0 ? edge.count / t.labelled : 0;
      edge.weight = edge.rate;
    }
  }

  private ensureType(cls: string): TypeNode {
    const k = typeKey(cls);
    if (!this.graph.hasNode(k))
      this.graph.addNode(k, {
        kind: 'type',
        label: cls,
        predicted: 0,
        labelled: 0,
        correct: 0,
        asTrue: {},
      });
    return this.graph.getNodeAttributes(k) as TypeNode;
  }

  private ensureAction(index: number, id: string, name: string): string {
    const k = actionKey(id);
    if (!this.graph.hasNode(k)) this.graph.addNode(k, { kind: 'action', label: name, index, id });
    return k;
  }

  private ensureSignature(signature: number): string {
    const k = sigKey(signature);
    if (!this.graph.hasNode(k))
      this.graph.addNode(k, { kind: 'signature', label: `signature ${signature}`, signature });
    return k;
  }

  // Attributes are mutated in place (no graphology events are used): millions of experiences
  // per cycle would otherwise allocate an updater closure each.
  private ensureEdge(source: string, target: string, make: () => KgEdge): KgEdge {
    const key = edgeKey(source, target);
    if (!this.graph.hasEdge(key)) this.graph.addDirectedEdgeWithKey(key, source, target, make());
    return this.graph.getEdgeAttributes(key);
  }
}

/** The deterministic key of the edge source → target. */
export function edgeKey(source: string, target: string): string {
  return `${source}->${target}`;
}

/** Plain code-unit string order: deterministic, locale-free tie-breaking. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newRewardEdge(): RewardEdge {
  return { kind: 'reward', weight: 0, cumulativeReward: 0, count: 0, positive: 0, meanReward: 0 };
}

function newPredictsEdge(): PredictsEdge {
  return {
    kind: 'predicts',
    weight: 0,
    confidence: 0,
    flows: 0,
    labelled: 0,
    correct: 0,
    trueCounts: {},
    actions: {},
  };
}

function newMisclassEdge(): MisclassEdge {
  return { kind: 'misclassified', weight: 0, count: 0, rate: 0, signatures: {} };
}
