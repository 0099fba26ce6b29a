import { describe, expect, it } from 'vitest';
import { LruCache, adviceCacheKey } from '../../src/main/domain/llm/cache';
import {
  NON_CANDIDATE_FLOOR,
  bestRewardCandidate,
  candidateDistribution,
  pointDistribution,
} from '../../src/main/domain/llm/distribution';

const sum = (d: Float32Array): number => d.reduce((a, b) => a + b, 0);

describe('candidateDistribution', () => {
  it('sums to 1, renormalises over candidates and floors the rest', () => {
    const d = candidateDistribution(
      [
        { action: 1, logProb: Math.log(0.2) },
        { action: 4, logProb: Math.log(0.05) },
      ],
      15,
    );
    expect(sum(d)).toBeCloseTo(1, 6);
    expect(d[1]! / d[4]!).toBeCloseTo(4, 4);
    expect(d[0]).toBeCloseTo(NON_CANDIDATE_FLOOR, 9);
    expect(d[1]! + d[4]!).toBeCloseTo(1 - 13 * NON_CANDIDATE_FLOOR, 6);
  });
  it('survives very negative and impossible scores', () => {
    const d = candidateDistribution(
      [
        { action: 0, logProb: -900 },
        { action: 2, logProb: -905 },
        { action: 3, logProb: -Infinity },
      ],
      15,
    );
    expect(sum(d)).toBeCloseTo(1, 6);
    expect(d[3]).toBe(0);
    expect(d[0]! > d[2]!).toBe(true);
    const u = candidateDistribution(
      [
        { action: 0, logProb: -Infinity },
        { action: 1, logProb: -Infinity },
      ],
      4,
    );
    expect(u[0]).toBeCloseTo(u[1]!, 9);
    expect(sum(u)).toBeCloseTo(1, 6);
  });
  it('rejects actions outside the catalogue and empty inputs', () => {
    expect(() => candidateDistribution([{ action: 15, logProb: 0 }], 15)).toThrow(RangeError);
    expect(() => candidateDistribution([], 15)).toThrow();
  });
  it('point distribution peaks on the chosen action', () => {
    const d = pointDistribution(2, [0, 2, 5], 15);
    expect(sum(d)).toBeCloseTo(1, 6);
    expect(d.indexOf(Math.max(...d))).toBe(2);
  });
  it('best-reward candidate ranks unknown rewards last', () => {
    expect(
      bestRewardCandidate([
        { action: 0, historicalReward: null },
        { action: 3, historicalReward: -5 },
        { action: 7, historicalReward: 2 },
      ]).action,
    ).toBe(7);
    expect(bestRewardCandidate([{ action: 4, historicalReward: null }]).action).toBe(4);
  });
});

describe('advice cache', () => {
  it('keys on type, signature and KG version without collisions', () => {
    expect(adviceCacheKey('DoS', 1, 2)).toBe(adviceCacheKey('DoS', 1, 2));
    expect(adviceCacheKey('DoS', 1, 2)).not.toBe(adviceCacheKey('DoS', 1, 3));
    expect(adviceCacheKey('DoS', 1, 2)).not.toBe(adviceCacheKey('DoS', 12, 2));
    expect(adviceCacheKey('a,1', 2, 3)).not.toBe(adviceCacheKey('a', 12, 3));
  });
  it('evicts the least recently used entry', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.size).toBe(2);
  });
});
