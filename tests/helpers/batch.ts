/** Build a real FlowBatch in memory for store and pipeline tests. */
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import type { FlowBatch } from '../../src/main/domain/ingest/types';

/** A batch of `count` flows whose feature j of row i is i * 1000 + j, class i % classes. */
export function makeBatch(count: number, classes = 2, file = 'test.csv'): FlowBatch {
  const features = new Float32Array(count * FEATURE_COUNT);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < FEATURE_COUNT; j++) features[i * FEATURE_COUNT + j] = i * 1000 + j;
  return {
    file,
    count,
    features,
    lines: Uint32Array.from({ length: count }, (_, i) => i + 2),
    labels: Array.from({ length: count }, (_, i) => (i % classes === 0 ? 'BENIGN' : 'DDoS')),
    classes: Int16Array.from({ length: count }, (_, i) => i % classes),
    srcIp: Array.from({ length: count }, () => '172.16.0.1'),
    dstIp: Array.from({ length: count }, () => '192.168.10.50'),
    srcPort: Int32Array.from({ length: count }, (_, i) => 40000 + i),
    dstPort: new Int32Array(count).fill(80),
    protocol: new Int16Array(count).fill(6),
    timestamps: Array.from({ length: count }, () => '7/7/2017 3:30:00'),
    timeMs: new Float64Array(count).fill(Date.UTC(2017, 6, 7, 15, 30)),
  };
}
