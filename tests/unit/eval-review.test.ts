/** Selective-prediction measures of "needs review" and the reliability of B (issue 12, item 3). */
import { describe, expect, it } from 'vitest';
import { aurc, reviewMetrics, riskCoverage } from '../../src/main/domain/eval/review';
import { calibrationReport } from '../../src/main/domain/eval/calibration';
import type { AlertRows } from '../../src/main/domain/eval/alertSet';

describe('aurc', () => {
  // Four decisions, the last one wrong. Hand-computed selective risks at coverage 1/4 .. 4/4:
  // perfect ranking (wrong one kept for last): 0, 0, 0, 1/4        → AURC = (1/4)/4 = 1/16
  // reversed ranking (wrong one first):        1, 1/2, 1/3, 1/4    → AURC = 25/48
  // all tied (random order in expectation):    1/4 at every k      → AURC = 1/4
  const loss = [0, 0, 0, 1];
  it('matches the hand-computed values for perfect, reversed and tied rankings', () => {
    expect(aurc([4, 3, 2, 1], loss)).toBeCloseTo(1 / 16, 12);
    expect(aurc([1, 2, 3, 4], loss)).toBeCloseTo(25 / 48, 12);
    expect(aurc([7, 7, 7, 7], loss)).toBeCloseTo(1 / 4, 12);
    expect(Array.from(riskCoverage([1, 2, 3, 4], loss))).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
  });

  it('puts every ranking between the perfect and the reversed one', () => {
    const wrong = [1, 0, 1, 0, 0, 1, 0, 0, 0, 1];
    const perfect = aurc(
      wrong.map((l) => -l),
      wrong,
    );
    const reversed = aurc(wrong, wrong);
    for (let s = 1; s <= 20; s++) {
      const conf = wrong.map((_, i) => Math.sin(s * (i + 1)));
      const a = aurc(conf, wrong);
      expect(a).toBeGreaterThanOrEqual(perfect - 1e-12);
      expect(a).toBeLessThanOrEqual(reversed + 1e-12);
    }
    // Ties split in expectation: a half-tied ranking sits between its two tie-breaks.
    const half = aurc([2, 1, 1, 0], [0, 1, 0, 1]);
    expect(half).toBeGreaterThan(aurc([3, 2, 1, 0], [0, 0, 1, 1]));
    expect(half).toBeLessThan(aurc([3, 2, 1, 0], [0, 1, 0, 1]));
    expect(aurc([], [])).toBe(0);
  });
});

/** Two classes, two actions: action k is the best for class k (reward 1, else -1). */
const rewards = Float32Array.from([1, -1, -1, 1]);
const best = Int32Array.from([0, 1]);

function rowsOf(predicted: number[], trueClass: number[], b: number[]): AlertRows {
  return {
    classNames: ['Benign', 'DDoS'],
    size: predicted.length,
    predicted: Int16Array.from(predicted),
    signature: Int32Array.from(predicted),
    n: new Float32Array(predicted.length),
    c: new Float32Array(predicted.length),
    b: Float32Array.from(b),
    trueClass: Int16Array.from(trueClass),
  };
}

describe('reviewMetrics', () => {
  it('counts wrong actions, flags and catches; ranks by risk, B and π', () => {
    // Row 0, 1: signature of class 0 with strong evidence it is right; row 2: signature of class 1
    // whose calibration flows were mostly class 0, so acting as if DDoS is risky; row 3 unlabelled.
    const rows = rowsOf([0, 0, 1, 1], [0, 0, 0, -1], [0.9, 0.9, 0.2, 0.2]);
    const counts = [
      [200, 0],
      [200, 0],
      [30, 5],
      [30, 5],
    ];
    const m = reviewMetrics({
      rows,
      actions: Int32Array.from([0, 1, 1, 1]),
      pi: Float32Array.from([0.99, 0.2, 0.995, 0.5]),
      rewards,
      numActions: 2,
      best,
      trueCounts: (r) => counts[r]!,
      novelty: null,
    });
    expect(m.decisions).toBe(3);
    // Row 1 (action 1 on a Benign flow) and row 2 are wrong.
    expect(m.wrongActionShare).toBeCloseTo(2 / 3, 12);
    // Row 1: its signature is almost surely Benign, so action 1 is almost surely wrong: flagged.
    // Row 2: 30 of 35 calibration flows were Benign: flagged. Row 0 is safe.
    expect(m.flaggedShare).toBeCloseTo(2 / 3, 12);
    expect(m.wrongCaughtShare).toBe(1);
    // The review ranking keeps the one right decision for automation: the optimum.
    expect(m.aurc).toBeCloseTo(m.aurcOptimal, 12);
    // B ties rows 0 and 1 (0.9): in expectation half a wrong one among the first.
    expect(m.aurcByB).toBeCloseTo((1 / 2 + 1 / 2 + 2 / 3) / 3, 12);
    // π trusts the risky row 2 most (0.995): risks 1, 1/2, 2/3.
    expect(m.aurcByPi).toBeCloseTo((1 + 1 / 2 + 2 / 3) / 3, 12);
    expect(m.curve.at(-1)).toEqual({ coverage: 1, risk: 2 / 3 });
  });

  it('raises the review score with novelty and reports no catch share without wrong decisions', () => {
    const rows = rowsOf([0, 0], [0, 0], [0.9, 0.9]);
    const input = {
      rows,
      actions: Int32Array.from([0, 0]),
      pi: Float32Array.from([0.9, 0.9]),
      rewards,
      numActions: 2,
      best,
      trueCounts: () => [200, 0],
    };
    const calm = reviewMetrics({ ...input, novelty: Float32Array.from([0, 0]) });
    expect(calm.flaggedShare).toBe(0);
    expect(calm.wrongCaughtShare).toBeNull();
    const novel = reviewMetrics({ ...input, novelty: Float32Array.from([0, 0.9]) });
    expect(novel.flaggedShare).toBe(0.5);
  });
});

describe('calibrationReport', () => {
  it('bins B, compares with accuracy and weighs the gaps by flows', () => {
    // Bin 0.9–1.0: four flows at B 0.95, three right; bin 0.2–0.3: two at B 0.25, both wrong.
    const rows = rowsOf(
      [0, 0, 0, 0, 1, 1, 1],
      [0, 0, 0, 1, 0, 0, -1],
      [0.95, 0.95, 0.95, 0.95, 0.25, 0.25, 0.6],
    );
    const r = calibrationReport(rows);
    expect(r.flows).toBe(6);
    expect(r.bins).toHaveLength(10);
    const top = r.bins[9]!;
    expect(top).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(top.meanB).toBeCloseTo(0.95, 6);
    expect(r.bins[2]).toMatchObject({ count: 2, accuracy: 0 });
    expect(r.bins[6]!.count).toBe(0); // the unlabelled row is not counted
    expect(r.ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.25, 6);
    expect(r.mce).toBeCloseTo(0.25, 6);
    expect(r.accuracy).toBeCloseTo(3 / 6, 12);
    // B = 1 lands in the last bin, B = 0 in the first.
    const edges = calibrationReport(rowsOf([0, 0], [0, 1], [1, 0]));
    expect(edges.bins[9]!.count).toBe(1);
    expect(edges.bins[0]!.count).toBe(1);
    expect(edges.ece).toBe(0);
  });
});
