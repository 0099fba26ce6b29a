import { describe, expect, it } from 'vitest';
import { betaSummary } from '../../src/main/domain/detector';
import {
  DEFAULT_REVIEW,
  actionRisk,
  dirichletPosterior,
  empiricalPrior,
  reviewFlag,
} from '../../src/main/domain/kg/risk';

// Three classes × three actions: class 0 Benign (best action 0, "no action"), class 1 DoS (best 1),
// class 2 PortScan (best 2). r(t, a) = 1 for the best action, −1 for any other.
const K = 3;
const A = 3;
const best = Int32Array.from([0, 1, 2]);
const rewards = Float32Array.from({ length: K * A }, (_, i) =>
  i % A === Math.floor(i / A) ? 1 : -1,
);

describe('actionRisk', () => {
  it('follows the prior with no evidence', () => {
    const r = actionRisk({
      predicted: 0,
      trueCounts: [0, 0, 0],
      action: 0,
      rewards,
      numActions: A,
      best,
    });
    // Prior α = (1, 1/2, 1/2): P(true = predicted) = 1/2, so the best action of the prediction is
    // wrong with probability 1/2, and E[reward] = 1/2·1 + 1/2·(−1) = 0.
    expect(r.pWrong).toBeCloseTo(0.5, 12);
    expect(r.expectedReward).toBeCloseTo(0, 12);
    expect(r.evidence).toBe(0);
    expect(Array.from(r.posterior)).toEqual([0.5, 0.25, 0.25]);
    // Another action: wrong unless the flow is really class 1 (prior mass 1/4).
    const other = actionRisk({
      predicted: 0,
      trueCounts: [0, 0, 0],
      action: 1,
      rewards,
      numActions: A,
      best,
    });
    expect(other.pWrong).toBeCloseTo(0.75, 12);
  });

  it('goes to 0 when every labelled flow was the predicted class and the action is its best', () => {
    const small = actionRisk({
      predicted: 1,
      trueCounts: [0, 10, 0],
      action: 1,
      rewards,
      numActions: A,
      best,
    });
    const large = actionRisk({
      predicted: 1,
      trueCounts: [0, 10000, 0],
      action: 1,
      rewards,
      numActions: A,
      best,
    });
    expect(small.pWrong).toBeCloseTo(1 / 12, 12); // (1/2 + 1/2) / (10 + 2)
    expect(large.pWrong).toBeCloseTo(1 / 10002, 12);
    expect(large.pWrong).toBeLessThan(1e-3);
    expect(large.expectedReward).toBeGreaterThan(0.999);
    // …and to 1 for an action that is not the true class's best.
    const wrong = actionRisk({
      predicted: 1,
      trueCounts: [0, 10000, 0],
      action: 0,
      rewards,
      numActions: A,
      best,
    });
    expect(wrong.pWrong).toBeGreaterThan(0.999);
  });

  it('counts classes that share the best action as right', () => {
    const shared = Int32Array.from([0, 1, 1]);
    const r = actionRisk({
      predicted: 1,
      trueCounts: [0, 5, 5],
      action: 1,
      rewards,
      numActions: A,
      best: shared,
    });
    // Only class 0 (prior 1/2, no counts) makes action 1 wrong: (1/2) / (1 + 1/2 + 1/2 + 10).
    expect(r.pWrong).toBeCloseTo(0.5 / 12, 12);
  });

  it('marginal of "prediction right" is Beta(C+1, N−C+1): mean and interval match betaSummary', () => {
    // Reward 1 only on the predicted class, 0 elsewhere: Σ p_t r_t = p_pred ~ Beta(C+1, N−C+1).
    const ind = Float32Array.from({ length: K * A }, (_, i) => (Math.floor(i / A) === 2 ? 1 : 0));
    for (const [c, wrongA, wrongB] of [
      [9, 1, 0],
      [40, 3, 7],
      [0, 2, 2],
      [7740, 0, 0],
    ] as const) {
      const n = c + wrongA + wrongB;
      const r = actionRisk({
        predicted: 2,
        trueCounts: [wrongA, wrongB, c],
        action: 0,
        rewards: ind,
        numActions: A,
        best,
      });
      const beta = betaSummary(c, n);
      expect(r.posterior[2]).toBeCloseTo(beta.mean, 12);
      expect(r.expectedReward).toBeCloseTo(beta.mean, 12);
      expect(r.rewardInterval[0]).toBeCloseTo(beta.lo, 9);
      expect(r.rewardInterval[1]).toBeCloseTo(beta.hi, 9);
    }
  });

  it('has an interval that contains the mean and narrows with evidence', () => {
    let prevWidth = Infinity;
    for (const n of [0, 5, 50, 500, 5000]) {
      const r = actionRisk({
        predicted: 0,
        trueCounts: [Math.round(0.7 * n), Math.round(0.3 * n), 0],
        action: 0,
        rewards,
        numActions: A,
        best,
      });
      const [lo, hi] = r.rewardInterval;
      expect(lo).toBeLessThanOrEqual(r.expectedReward);
      expect(hi).toBeGreaterThanOrEqual(r.expectedReward);
      expect(lo).toBeGreaterThanOrEqual(-1);
      expect(hi).toBeLessThanOrEqual(1);
      expect(hi - lo).toBeLessThan(prevWidth);
      prevWidth = hi - lo;
    }
  });

  it('matches a Monte Carlo of the Dirichlet with three distinct rewards', () => {
    const three = Float32Array.from([5, 0, 0, -2, 0, 0, 1, 0, 0]); // action 0: 5, −2, 1 by class
    const counts = [6, 3, 2];
    const r = actionRisk({
      predicted: 0,
      trueCounts: counts,
      action: 0,
      rewards: three,
      numActions: A,
      best,
    });
    const alpha = dirichletPosterior(0, counts);
    // Seeded Gamma draws (Marsaglia–Tsang) → Dirichlet samples of Σ p_t r_t.
    let s = 12345;
    const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const gamma = (a: number): number => {
      if (a < 1) return gamma(a + 1) * u() ** (1 / a);
      const d = a - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const x = normal();
        const v = (1 + c * x) ** 3;
        if (v > 0 && Math.log(u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    const draws: number[] = [];
    for (let j = 0; j < 40000; j++) {
      const g = Array.from(alpha, gamma);
      const tot = g.reduce((x, y) => x + y, 0);
      draws.push((5 * g[0]! - 2 * g[1]! + 1 * g[2]!) / tot);
    }
    draws.sort((x, y) => x - y);
    const mean = draws.reduce((x, y) => x + y, 0) / draws.length;
    expect(r.expectedReward).toBeCloseTo(mean, 1);
    expect(Math.abs(r.rewardInterval[0] - draws[Math.floor(0.025 * draws.length)]!)).toBeLessThan(
      0.2,
    );
    expect(Math.abs(r.rewardInterval[1] - draws[Math.floor(0.975 * draws.length)]!)).toBeLessThan(
      0.2,
    );
  });

  it('rejects inconsistent inputs', () => {
    expect(() =>
      actionRisk({ predicted: 3, trueCounts: [0, 0, 0], action: 0, rewards, numActions: A, best }),
    ).toThrow(RangeError);
    expect(() =>
      actionRisk({ predicted: 0, trueCounts: [0, -1, 0], action: 0, rewards, numActions: A, best }),
    ).toThrow(RangeError);
    expect(() =>
      actionRisk({ predicted: 0, trueCounts: [0, 0], action: 0, rewards, numActions: A, best }),
    ).toThrow(RangeError);
  });
});

describe('reviewFlag', () => {
  const sure = actionRisk({
    predicted: 1,
    trueCounts: [0, 500, 0],
    action: 1,
    rewards,
    numActions: A,
    best,
  });
  it('passes a well-evidenced low-risk recommendation on a familiar flow', () => {
    const f = reviewFlag(sure, 0);
    expect(f.needsReview).toBe(false);
    expect(f.reasons).toEqual([]);
    expect(f.score).toBeCloseTo(sure.pWrong, 12);
  });

  it('flags high risk, thin evidence and novelty, each with its sentence', () => {
    const risky = actionRisk({
      predicted: 1,
      trueCounts: [1, 2, 0],
      action: 1,
      rewards,
      numActions: A,
      best,
    });
    const f = reviewFlag(risky, 0.9, DEFAULT_REVIEW, {
      signature: 52,
      outside: ['Flow Duration', 'Fwd IAT Max'],
    });
    expect(f.needsReview).toBe(true);
    expect(f.reasons).toEqual([
      `risk ${Math.round(risky.pWrong * 100)}% that the action is wrong`,
      'thin evidence: 3 labelled flows',
      'flow outside what signature #52 was trained on: Flow Duration, Fwd IAT Max',
    ]);
    expect(f.score).toBeCloseTo(1 - (1 - risky.pWrong) * 0.1, 12);
  });

  it('ranks by risk and by novelty', () => {
    expect(reviewFlag(sure, 0.6).score).toBeGreaterThan(reviewFlag(sure, 0.1).score);
    const risky = actionRisk({
      predicted: 1,
      trueCounts: [200, 300, 0],
      action: 1,
      rewards,
      numActions: A,
      best,
    });
    expect(reviewFlag(risky, 0).score).toBeGreaterThan(reviewFlag(sure, 0).score);
    expect(risky.pWrong).toBeCloseTo((200.5 + 0.5) / 502, 12);
    expect(reviewFlag(risky, 0).needsReview).toBe(true);
  });
});

describe('empiricalPrior', () => {
  it('is the default prior when the class has no labelled flows', () => {
    expect(Array.from(empiricalPrior(0, [0, 0, 0]))).toEqual(
      Array.from(dirichletPosterior(0, [0, 0, 0])),
    );
  });

  it("backs a signature with no flows off to its class's record, and yields to the signature's own evidence", () => {
    // Class 0's predictions were right 990 times, wrong 10 times (all class 2), over all its leaves.
    const prior = empiricalPrior(0, [990, 0, 10]);
    expect(prior.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 12);
    const empty = actionRisk({
      predicted: 0,
      trueCounts: [0, 0, 0],
      action: 0,
      rewards,
      numActions: A,
      best,
      prior,
    });
    // (990 + 1) / (1000 + 2) of the prior's 2 pseudo-flows sit on the prediction.
    expect(empty.pWrong).toBeCloseTo(1 - 991 / 1002, 9);
    const flat = actionRisk({
      predicted: 0,
      trueCounts: [0, 0, 0],
      action: 0,
      rewards,
      numActions: A,
      best,
    });
    expect(flat.pWrong).toBeCloseTo(0.5, 12);
    // A leaf whose own 40 flows were all class 2: its counts outweigh the 2 pseudo-flows.
    const own = actionRisk({
      predicted: 0,
      trueCounts: [0, 0, 40],
      action: 0,
      rewards,
      numActions: A,
      best,
      prior,
    });
    expect(own.pWrong).toBeGreaterThan(0.9);
  });

  it('refuses a prior of the wrong length or with a non-positive entry', () => {
    expect(() => dirichletPosterior(0, [1, 2, 3], [1, 1])).toThrow(RangeError);
    expect(() => dirichletPosterior(0, [1, 2, 3], [1, 0, 1])).toThrow(RangeError);
  });
});

describe('rewardInterval under a skewed prior', () => {
  it('contains the expected reward even when the posterior is extremely skewed', () => {
    const prior = empiricalPrior(0, [100000, 1, 0]);
    for (const action of [0, 1, 2]) {
      const r = actionRisk({
        predicted: 0,
        trueCounts: [0, 0, 0],
        action,
        rewards,
        numActions: A,
        best,
        prior,
      });
      expect(r.rewardInterval[0]).toBeLessThanOrEqual(r.expectedReward);
      expect(r.rewardInterval[1]).toBeGreaterThanOrEqual(r.expectedReward);
    }
  });
});
