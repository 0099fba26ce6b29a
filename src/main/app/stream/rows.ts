/** Picking rows out of a FlowBatch (the worker drops flows a redelivery already stored). */
import { FEATURE_COUNT } from '../../domain/ingest/schema';
import type { FlowBatch } from '../../domain/ingest/types';

/** A new batch of the rows `keep` (ascending indices) of `b`, stream sequences included. */
export function pickRows(b: FlowBatch, keep: readonly number[]): FlowBatch {
  const n = keep.length;
  const features = new Float32Array(n * FEATURE_COUNT);
  keep.forEach((r, i) =>
    features.set(
      b.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT),
      i * FEATURE_COUNT,
    ),
  );
  const typed = <T extends Uint32Array | Int16Array | Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    keep.forEach((r, i) => (out[i] = a[r]!));
    return out;
  };
  const list = <T>(a: T[]): T[] => keep.map((r) => a[r]!);
  return {
    file: b.file,
    count: n,
    features,
    lines: typed(b.lines),
    labels: list(b.labels),
    classes: typed(b.classes),
    srcIp: list(b.srcIp),
    dstIp: list(b.dstIp),
    srcPort: typed(b.srcPort),
    dstPort: typed(b.dstPort),
    protocol: typed(b.protocol),
    timestamps: list(b.timestamps),
    timeMs: typed(b.timeMs),
    ...(b.streamSeqs ? { streamSeqs: typed(b.streamSeqs) } : {}),
  };
}
