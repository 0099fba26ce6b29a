/** Rebuild a detector saved in the store, to classify new (e.g. unlabelled) flows with it. */
import { DecisionTree, type SignatureDef } from '../../domain/detector';
import type { Store } from '../../store/store';
import type { DetectOptions, TrainedDetector } from '../../domain/classify/detect';

/** The stored detector as a TrainedDetector (empty splits) plus its signature ids by leaf. */
export function loadStoredDetector(
  store: Store,
  detectorId?: number,
): { detector: TrainedDetector; detectorId: number; signatureIds: number[] } | null {
  const rec = store.getDetector(detectorId);
  if (!rec) return null;
  const tree = DecisionTree.fromJSON(JSON.parse(rec.tree));
  const sigs = store.signaturesOf(rec.id);
  const n = new Uint32Array(tree.leafCount);
  const c = new Uint32Array(tree.leafCount);
  const signatureIds: number[] = [];
  const signatures: SignatureDef[] = sigs.map((s) => {
    n[s.leaf] = s.n;
    c[s.leaf] = s.c;
    signatureIds[s.leaf] = s.id;
    return {
      leaf: s.leaf,
      classIndex: tree.classOfLeaf(s.leaf),
      conditions: JSON.parse(s.conditions),
      text: s.text,
    };
  });
  const options = JSON.parse(rec.config) as DetectOptions;
  const detector: TrainedDetector = {
    tree,
    classNames: JSON.parse(rec.class_names) as string[],
    train: new Uint32Array(0),
    test: new Uint32Array(0),
    report: JSON.parse(rec.report),
    signatures,
    n,
    c,
    trainMs: rec.train_ms,
    options,
  };
  return { detector, detectorId: rec.id, signatureIds };
}
