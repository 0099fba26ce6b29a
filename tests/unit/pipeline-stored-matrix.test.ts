/** A stored dataset read back into a FlowMatrix, and the detector's split rebuilt from it. */
import { describe, expect, it } from 'vitest';
import { FlowMatrix } from '../../src/main/domain/classify/flowMatrix';
import { labelledSplit, trainDetector } from '../../src/main/domain/classify/detect';
import { readStoredMatrix } from '../../src/main/app/loads/storedMatrix';
import { Store } from '../../src/main/store/store';
import { makeBatch } from '../helpers/batch';

const CLASSES = ['Benign', 'DDoS', 'DoS'];

/** Three stored batches (some rows unlabelled) and the matrix the load would have collected. */
function storedDataset(): { store: Store; datasetId: number; loaded: FlowMatrix } {
  const store = Store.open(':memory:');
  const datasetId = store.createDataset('t', ['t.csv'], false, CLASSES);
  const loaded = new FlowMatrix();
  for (const count of [300, 1, 250]) {
    const b = makeBatch(count, 3);
    for (let i = 0; i < count; i += 7) b.classes[i] = -1;
    const ids = store.insertFlows(datasetId, 0, b);
    loaded.append(b.features, b.classes, b.count, ids);
  }
  return { store, datasetId, loaded };
}

describe('readStoredMatrix', () => {
  it('returns the rows, classes, features and flow ids in load order', async () => {
    const { store, datasetId, loaded } = storedDataset();
    const m = await readStoredMatrix(store, datasetId);
    expect(m.rows).toBe(loaded.rows);
    expect(m.classView).toEqual(loaded.classView);
    expect(m.featureView).toEqual(loaded.featureView);
    expect(m.flowIds.subarray(0, m.rows)).toEqual(loaded.flowIds.subarray(0, loaded.rows));
    store.close();
  });

  it('stops when its signal is aborted', async () => {
    const { store, datasetId } = storedDataset();
    await expect(readStoredMatrix(store, datasetId, AbortSignal.abort())).rejects.toThrow();
    store.close();
  });
});

describe('labelledSplit', () => {
  it('rebuilds trainDetector’s split from the stored rows, split fraction and seed', async () => {
    const { store, datasetId, loaded } = storedDataset();
    const det = trainDetector(loaded, CLASSES, { split: 0.7, seed: 5 });
    const again = labelledSplit(await readStoredMatrix(store, datasetId), 0.7, 5);
    expect(again.train).toEqual(det.train);
    expect(again.test).toEqual(det.test);
    // Only labelled rows, and a different seed gives a different split.
    for (const r of again.train) expect(loaded.classes[r]).toBeGreaterThanOrEqual(0);
    expect(labelledSplit(loaded, 0.7, 6).train).not.toEqual(det.train);
    store.close();
  });
});
