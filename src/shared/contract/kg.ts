/** The knowledge graph: its size and version, and the view of it (`kg.*`). */
import { z } from 'zod';
import { id } from './common';

/** Argument schemas of the KG requests. */
export const kgRequests = {
  'kg.summary': z.object({ detectorId: id.optional() }).strict(),
  /** The KG for the view: the neighbourhood of a signature (and its type), or the whole graph. */
  'kg.graph': z
    .object({
      detectorId: id.optional(),
      /** Signature id (store id) to centre on; omitted: the whole graph. */
      signatureId: id.optional(),
      /** Cap on nodes returned (signature nodes are dropped first, least-seen first). */
      maxNodes: z.number().int().min(10).max(5000).default(800),
    })
    .strict(),
} as const;

/** The knowledge graph's size and version, and the policy in use, for a detector. */
export interface KgSummary {
  detectorId: number | null;
  version: number | null;
  nodes: number;
  edges: number;
  snapshots: number;
  policy: {
    id: number;
    method: string;
    createdAt: string;
    episodes: number;
    backend: string;
  } | null;
}

/** A node of the KG view. */
export interface KgViewNode {
  /** Graph key: `type:<Class>`, `action:<ID>` or `sig:<leaf>`. */
  key: string;
  kind: 'type' | 'action' | 'signature';
  label: string;
  /** Store id of a signature node (to filter the queue by it); null otherwise. */
  signatureId: number | null;
  /** Class name of a type node, ATT&CK ID of an action node. */
  name: string;
  /**
   * Episodes behind the node (predicted for a type, matched for a signature, rewarded for an
   * action): each time a flow was decided, in training passes or by an analyst, not distinct flows.
   */
  count: number;
}

/** An edge of the KG view. */
export interface KgViewEdge {
  key: string;
  source: string;
  target: string;
  kind: 'reward' | 'predicts' | 'misclassified';
  /** reward: cumulative reward; predicts: Beta confidence B; misclassified: rate. */
  weight: number;
  /** e.g. "avg 4.9 over 812", "B=0.97", "15.0% (120 of 800 episodes), B=0.62". */
  label: string;
}

/** Most signature ids a matrix cell carries (alerts.query takes at most this many). */
export const KG_CELL_MAX_SIGNATURES = 500;

/**
 * One cell of the misclassification matrix: labelled episodes predicted `predicted` whose true
 * class was `actual` (the diagonal: predicted right), over the whole graph, whatever the node cap.
 */
export interface KgMatrixCell {
  predicted: string;
  actual: string;
  /** Episodes (each time a flow was decided), not distinct flows. */
  count: number;
  /** count / labelled episodes predicted `predicted` (the misclassification edge's rate). */
  rate: number;
  /** Labelled episodes predicted `predicted`: the rate's denominator. */
  labelled: number;
  /**
   * The detector's confidence B behind the cell: the mean of its signatures' B, weighted by how
   * many of the cell's episodes each made (off the diagonal, B at each one's latest mistake).
   */
  confidence: number | null;
  /** How many signatures made the cell's episodes. */
  signatures: number;
  /**
   * Store ids of those signatures, most episodes first, at most {@link KG_CELL_MAX_SIGNATURES}
   * (signatures the store does not know are left out).
   */
  signatureIds: number[];
}

export interface KgGraphView {
  detectorId: number | null;
  version: number | null;
  nodes: KgViewNode[];
  edges: KgViewEdge[];
  /** Nodes left out by maxNodes. */
  truncated: number;
  /** The detector's misclassification matrix, non-empty cells only, by predicted then actual. */
  matrix: KgMatrixCell[];
}

/** Result types of the KG requests. */
export interface KgResults {
  'kg.summary': KgSummary;
  'kg.graph': KgGraphView;
}
