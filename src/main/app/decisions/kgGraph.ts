/** `kg.graph`: a detector's live knowledge graph as nodes and edges for the console's KG view. */
import type { KgGraphView, ValidArgs } from '../../../shared/contract';
import {
  kgMisclassMatrix,
  kgNeighbourhoodView,
  kgWholeView,
  type KgViewOptions,
} from '../../domain/kg';
import type { DecisionEngine } from './engine';

/**
 * The detector's KG for the view: the neighbourhood of `signatureId` when given, else the whole
 * graph under `maxNodes`; either way with the detector's whole misclassification matrix. The detector defaults to the signature's own, else the newest. No
 * detector or no graph yet: an empty view (nulls); a signature the detector lacks: no nodes.
 */
export async function kgGraph(
  engine: DecisionEngine,
  args: ValidArgs<'kg.graph'>,
): Promise<KgGraphView> {
  const sig =
    args.signatureId === undefined ? undefined : engine.store.getSignature(args.signatureId);
  const det = engine.store.getDetector(args.detectorId ?? sig?.detector_id);
  const empty: KgGraphView = {
    detectorId: null,
    version: null,
    nodes: [],
    edges: [],
    truncated: 0,
    matrix: [],
  };
  if (!det) return empty;
  const live = await engine.liveFor(det.id);
  if (!live) return { ...empty, detectorId: det.id };
  const head = {
    detectorId: det.id,
    version: live.kg.version,
    matrix: kgMisclassMatrix(live.kg, (leaf) => live.signatureIds[leaf] ?? null),
  };
  const opts: KgViewOptions = {
    signatureOf: (leaf) => ({
      id: live.signatureIds[leaf] ?? null,
      text: live.signatureTexts[leaf] ?? null,
    }),
    maxNodes: args.maxNodes,
  };
  if (args.signatureId === undefined) return { ...head, ...kgWholeView(live.kg, opts) };
  const leaf = live.leafOf.get(args.signatureId);
  if (leaf === undefined || !sig) return { ...head, nodes: [], edges: [], truncated: 0 };
  return {
    ...head,
    ...kgNeighbourhoodView(live.kg, leaf, { ...opts, predictedClass: sig.class_name }),
  };
}
