import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import { trainDetector } from '../../src/main/domain/classify/detect';
import { FlowMatrix } from '../../src/main/domain/classify/flowMatrix';
import { trainDetectorInWorker } from '../../src/main/domain/classify/trainInWorker';
import { makeBatch } from '../helpers/batch';

describe('training in a worker thread', () => {
  it('gives exactly the in-thread result and hands the matrix buffers back', async () => {
    const m = new FlowMatrix();
    const b = makeBatch(3000, 3);
    // Make the classes learnable from feature 0 with some overlap.
    for (let i = 0; i < b.count; i++)
      b.features[i * FEATURE_COUNT] = (b.classes[i] ?? 0) * 10 + (i % 13);
    m.append(b.features, b.classes, b.count);
    const names = ['Benign', 'DDoS', 'DoS'];
    const local = trainDetector(m, names, { seed: 3 });
    const remote = await trainDetectorInWorker(m, names, { seed: 3 });
    expect(m.features.length).toBeGreaterThanOrEqual(3000 * FEATURE_COUNT); // not detached
    expect(m.featureView[5 * FEATURE_COUNT + 1]).toBe(b.features[5 * FEATURE_COUNT + 1]);
    expect(remote.tree.toJSON()).toEqual(local.tree.toJSON());
    expect(remote.report).toEqual(local.report);
    expect(Array.from(remote.n)).toEqual(Array.from(local.n));
    expect(remote.signatures).toEqual(local.signatures);
  });

  it('reports a training error from the worker', async () => {
    const m = new FlowMatrix();
    const b = makeBatch(50, 1);
    m.append(b.features, b.classes, b.count);
    await expect(trainDetectorInWorker(m, ['Benign'], {})).rejects.toThrow(/at least two classes/);
    expect(m.rows).toBe(50);
    expect(m.classView).toHaveLength(50);
  });
});
