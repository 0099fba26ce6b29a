/** Rebuild a detector saved in the store, to classify new (e.g. unlabelled) flows with it. */
import { DecisionTree, type LeafBounds, type SignatureDef } from '../../domain/detector';
import type { Store } from '../../store/store';
import { parseTrueCounts } from '../decisions/trueCounts';
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
  const classNames = JSON.parse(rec.class_names) as string[];
  const K = classNames.length;
  // Labelled flows by true class, when every signature has them (else: only N and C are known).
  let leafTrueCounts: Uint32Array | null =
    sigs.length > 0 && sigs.every((s) => s.true_counts !== null)
      ? new Uint32Array(tree.leafCount * K)
      : null;
  const signatureIds: number[] = [];
  const signatures: SignatureDef[] = sigs.map((s) => {
    n[s.leaf] = s.n;
    c[s.leaf] = s.c;
    if (leafTrueCounts) {
      const counts = parseTrueCounts(s.true_counts, K);
      if (counts) leafTrueCounts.set(counts, s.leaf * K);
      else leafTrueCounts = null;
    }
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
    classNames,
    train: new Uint32Array(0),
    test: new Uint32Array(0),
    report: JSON.parse(rec.report),
    signatures,
    n,
    c,
    leafTrueCounts,
    leafBounds: decodeLeafBounds(rec.leaf_bounds, rec.leaf_bounds_features, tree.leafCount),
    trainMs: rec.train_ms,
    options,
  };
  return { detector, detectorId: rec.id, signatureIds };
}

/** One leaf's row of a leafCount × K true-count matrix, as JSON for the signature row. */
export function trueCountsJson(
  counts: Uint32Array | null | undefined,
  leaf: number,
  k: number,
): string | null {
  if (!counts || counts.length < (leaf + 1) * k) return null;
  return JSON.stringify(Array.from(counts.subarray(leaf * k, leaf * k + k)));
}

/** Leaf bounds as one BLOB: Float32 lo, Float32 hi, then one NaN byte per cell (0 when unknown). */
export function encodeLeafBounds(b: LeafBounds): { blob: Buffer; features: string } {
  const cells = b.lo.length;
  const blob = Buffer.alloc(cells * 9);
  Buffer.from(b.lo.buffer, b.lo.byteOffset, b.lo.byteLength).copy(blob, 0);
  Buffer.from(b.hi.buffer, b.hi.byteOffset, b.hi.byteLength).copy(blob, cells * 4);
  if (b.nan) Buffer.from(b.nan.buffer, b.nan.byteOffset, b.nan.byteLength).copy(blob, cells * 8);
  return { blob, features: JSON.stringify({ features: b.features, nan: b.nan !== undefined }) };
}

/** Stored leaf bounds back, or null when the detector has none or they do not fit its tree. */
export function decodeLeafBounds(
  blob: Buffer | null | undefined,
  meta: string | null | undefined,
  leafCount: number,
): LeafBounds | null {
  if (!blob || !meta) return null;
  const { features, nan } = JSON.parse(meta) as { features: number[]; nan: boolean };
  const cells = leafCount * features.length;
  if (blob.byteLength !== cells * 9) return null;
  // Copy: the Buffer may not be 4-byte aligned for a Float32Array view.
  const lo = new Float32Array(cells);
  const hi = new Float32Array(cells);
  new Uint8Array(lo.buffer).set(blob.subarray(0, cells * 4));
  new Uint8Array(hi.buffer).set(blob.subarray(cells * 4, cells * 8));
  const out: LeafBounds = { features, lo, hi };
  if (nan) out.nan = new Uint8Array(blob.subarray(cells * 8, cells * 9));
  return out;
}
