/**
 * The detector on rows as the loader now keeps them: zero-duration flows whose rates are Infinity,
 * -Infinity or NaN. Training and prediction must be deterministic and agree with each other, and
 * every threshold stays finite (so signatures and the stored tree stay plain numbers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DecisionTree,
  extractSignatures,
  trainTree,
  type SerializedTree,
} from '../../src/main/domain/detector';
import { FEATURES, FEATURE_COUNT, FEATURE_INDEX } from '../../src/main/domain/ingest/schema';
import { writeMalformedCorpus } from '../helpers/malformedCorpus';
import { load } from '../fixtures/ingest/collect';

const dir = mkdtempSync(join(tmpdir(), 'rampart-detector-nf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the detector on flows with non-finite rates', () => {
  it('tells an infinite rate from the fastest finite one, by a finite threshold', () => {
    const rows = 300;
    const features = Float32Array.from({ length: rows }, (_, r) =>
      r % 10 === 1 ? Infinity : r % 10 === 2 ? -Infinity : r % 50,
    );
    const classes = Int16Array.from(features, (v) =>
      v === Infinity ? 1 : v === -Infinity ? 2 : 0,
    );
    const all = Uint32Array.from({ length: rows }, (_, i) => i);
    const tree = trainTree({ rows, features, classes, classCount: 3 }, all);
    expect([...tree.toJSON().threshold].sort()).toEqual(
      [-3.4028234663852886e38, 3.4028234663852886e38].sort(),
    );
    const probe = new Float32Array([Infinity, 3.4e38, 49, -3.4e38, -Infinity, NaN]);
    // NaN (missing) goes left at every split, as in training: here that is -Infinity's side.
    expect([0, 1, 2, 3, 4, 5].map((r) => tree.classOfLeaf(tree.predictLeaf(probe, r)))).toEqual([
      1, 0, 0, 0, 2, 2,
    ]);
  });

  it('trains deterministically, predicts the same in every path, keeps thresholds finite', async () => {
    const file = writeMalformedCorpus(dir).find((f) => f.name === 'non-finite.csv')!;
    const { batches } = await load([file.path]);
    const features = new Float32Array(batches.flatMap((b) => Array.from(b.features)));
    const rows = features.length / FEATURE_COUNT;
    // Class 1: the zero-duration flows, i.e. exactly the rows with non-finite rates.
    const at = (r: number, f: keyof typeof FEATURE_INDEX) =>
      features[r * FEATURE_COUNT + FEATURE_INDEX[f]]!;
    const classes = Int16Array.from({ length: rows }, (_, r) =>
      Number.isFinite(at(r, 'Flow Packets/s')) ? 0 : 1,
    );
    expect(classes.filter((c) => c === 1)).toHaveLength(40);
    // Only the rates may separate the classes: Flow Duration is hidden from the tree.
    const masked = features.slice();
    for (let r = 0; r < rows; r++) masked[r * FEATURE_COUNT + FEATURE_INDEX['Flow Duration']] = 5;
    const data = { rows, features: masked, classes, classCount: 2 };
    const all = Uint32Array.from({ length: rows }, (_, i) => i);
    const a = trainTree(data, all, { seed: 7 });
    const b = trainTree(data, all, { seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const json = a.toJSON();
    expect(json.threshold.every((t) => Number.isFinite(t))).toBe(true);

    const leaf = new Int32Array(rows);
    const cls = new Int16Array(rows);
    a.predictBatch(masked, rows, leaf, cls);
    const back = DecisionTree.fromJSON(JSON.parse(JSON.stringify(json)) as SerializedTree);
    for (let r = 0; r < rows; r++) {
      expect(a.predictLeaf(masked, r)).toBe(leaf[r]);
      expect(back.predictLeaf(masked, r)).toBe(leaf[r]);
    }
    // Infinity, -Infinity and NaN rates are all learnable: the training rows are fitted exactly.
    expect(Array.from(cls)).toEqual(Array.from(classes));
    for (const s of extractSignatures(a, FEATURES)) {
      for (const c of s.conditions) expect(Number.isFinite(c.threshold)).toBe(true);
    }
  });
});
