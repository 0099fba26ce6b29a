import { describe, expect, it } from 'vitest';
import {
  encodeStates,
  makeEncoder,
  signatureHash,
  stateDim,
  type AlertSet,
} from '../../src/main/domain/rl/state';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';

function rowOf(set: AlertSet, i: number, augment = false): Float32Array {
  const spec = makeEncoder(set, { augment });
  return encodeStates(spec, set, [i]);
}

describe('state encoding', () => {
  const set = syntheticAlertSet({ rows: 300 });

  it('has the documented layout: class one-hot, 32 hash buckets, N, C/N, B (+ advice)', () => {
    const spec = makeEncoder(set);
    expect(stateDim(spec)).toBe(3 + 32 + 3);
    expect(stateDim(makeEncoder(set, { augment: true }))).toBe(3 + 32 + 3 + 15 + 1);
    const x = encodeStates(spec, set, [0, 1, 2]);
    expect(x.length).toBe(3 * stateDim(spec));
    const r = rowOf(set, 5);
    expect(r[set.predicted[5]!]).toBe(1);
    expect(r.slice(0, 3).reduce((a, v) => a + v, 0)).toBe(1);
    const n = set.n[5]!;
    expect(r[35]).toBeCloseTo(Math.log1p(n) / spec.logMaxN);
    expect(r[36]).toBeCloseTo(set.c[5]! / n);
    expect(r[37]).toBeCloseTo(set.b[5]!);
    const aug = rowOf(set, 5, true);
    expect(aug[38 + set.adviceAction![5]!]).toBe(1);
    expect(aug[38 + 15]).toBeCloseTo(set.adviceReward![5]! / 5);
  });

  it('hashes a signature deterministically into signed ±1 buckets', () => {
    expect(signatureHash(3776, 0, 32)).toEqual(signatureHash(3776, 0, 32));
    const a = rowOf(set, 0);
    const b = rowOf(set, 0);
    expect([...a]).toEqual([...b]);
  });

  it('never encodes the raw id as a magnitude', () => {
    const one = syntheticAlertSet({ rows: 2 });
    const hashPart = (id: number): number[] => {
      one.signature[0] = id;
      return [...rowOf(one, 0).slice(3, 35)];
    };
    for (const id of [1, 7, 3776, 123_456, 2_000_000_000]) {
      const h = hashPart(id);
      expect(h.every((v) => Number.isInteger(v) && Math.abs(v) <= 2)).toBe(true);
      expect(h.reduce((s, v) => s + Math.abs(v), 0)).toBeGreaterThan(0);
    }
    // Different ids land in different patterns (almost always).
    const patterns = new Set(Array.from({ length: 200 }, (_, i) => hashPart(1000 + i).join(',')));
    expect(patterns.size).toBeGreaterThan(190);
  });

  it('scales N into [0, 1] and guards N = 0', () => {
    const s = syntheticAlertSet({ rows: 3 });
    s.n[1] = 0;
    s.c[1] = 0;
    const spec = makeEncoder(s);
    const x = encodeStates(spec, s, [0, 1]);
    const dim = stateDim(spec);
    expect(x[35]).toBeLessThanOrEqual(1);
    expect(x[dim + 35]).toBe(0);
    expect(x[dim + 36]).toBe(0);
  });

  it('refuses augmentation without advice', () => {
    const s = syntheticAlertSet({ rows: 3 });
    delete s.adviceAction;
    expect(() => encodeStates(makeEncoder(s, { augment: true }), s, [0])).toThrow(/advice/);
  });
});
