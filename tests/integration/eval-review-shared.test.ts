/**
 * B's calibration and "needs review" on the real shared CIC-IDS2017 files (skipped when absent):
 * the measures are in range on a real split, and the novelty check tells flows of another source
 * (the original CIC format) from held-out flows of the training source.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFlows } from '../../src/main/domain/classify/collect';
import { trainDetector, type TrainedDetector } from '../../src/main/domain/classify/detect';
import type { FlowMatrix } from '../../src/main/domain/classify/flowMatrix';
import { bestAction, loadCatalogue, rewardTable } from '../../src/main/domain/catalogue/catalogue';
import { alertRows, type AlertRows } from '../../src/main/domain/eval/alertSet';
import { calibrationReport } from '../../src/main/domain/eval/calibration';
import { fitOracle, oracleActions } from '../../src/main/domain/eval/oracle';
import { leafTrueCountsOf, reviewMetrics } from '../../src/main/domain/eval/review';

const dataDir = fileURLToPath(new URL('../../../shared/data/cicids2017', import.meta.url));
const present = existsSync(dataDir);
if (!present) console.log(`eval-review-shared: ${dataDir} not found, skipping the real-data tests`);

const csvs = (sub: string): string[] =>
  readdirSync(join(dataDir, sub))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dataDir, sub, f));

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
};

describe.skipIf(!present)('calibration and review on improved-rnd5000', () => {
  let matrix: FlowMatrix;
  let names: string[];
  let d: TrainedDetector;
  let test: AlertRows;
  beforeAll(async () => {
    const r = await collectFlows(csvs('improved-rnd5000'));
    matrix = r.matrix;
    names = r.report.classNames;
    d = trainDetector(matrix, names, { seed: 1 });
    test = alertRows(d, matrix, d.test);
  });

  it('counts N on the calibration rows only and reports B’s reliability in range', () => {
    const total = Array.from(d.n).reduce((a, b) => a + b, 0);
    expect(total).toBe(d.calibration!.length);
    const cal = calibrationReport(test);
    expect(cal.flows).toBe(d.test.length);
    expect(cal.bins.reduce((s, b) => s + b.count, 0)).toBe(cal.flows);
    expect(cal.ece).toBeGreaterThanOrEqual(0);
    expect(cal.ece).toBeLessThanOrEqual(cal.mce);
    expect(cal.accuracy).toBeCloseTo(d.report.accuracy, 12);
  });

  it('gives review measures in range for the training oracle’s decisions', () => {
    const cat = loadCatalogue();
    const A = cat.actions.length;
    const rewards = rewardTable(cat, names);
    const best = Int32Array.from(names, (c) => bestAction(cat, c));
    const train = alertRows(d, matrix, d.train);
    const actions = oracleActions(fitOracle(train, rewards, A), test);
    const counts = leafTrueCountsOf(d);
    const m = reviewMetrics({
      rows: test,
      actions,
      pi: new Float32Array(test.size).fill(1),
      rewards,
      numActions: A,
      best,
      trueCounts: (i) => counts(test.signature[i]!),
      novelty: test.novelty ?? null,
    });
    for (const share of [m.flaggedShare, m.wrongActionShare, m.wrongCaughtShare ?? 0]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    // π is 1 for every decision: ranking by it is a random order, whose AURC is the wrong share.
    expect(m.aurcByPi).toBeCloseTo(m.wrongActionShare, 9);
    for (const a of [m.aurc, m.aurcByB, m.aurcByPi])
      expect(a).toBeGreaterThanOrEqual(m.aurcOptimal - 1e-12);
    expect(m.curve.at(-1)!.risk).toBeCloseTo(m.wrongActionShare, 9);
  });

  it('finds flows of the original CIC format far more novel than held-out flows of its own', async () => {
    const other = await collectFlows(csvs('original'));
    const all = Uint32Array.from({ length: other.matrix.rows }, (_, i) => i);
    const foreign = alertRows(d, other.matrix, all);
    expect(mean(foreign.novelty!)).toBeGreaterThan(10 * mean(test.novelty!));
  });
});
