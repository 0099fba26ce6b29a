/** Online N, C, B (SPEC.md: updated whenever a flow arrives and matches a signature). */
import { beforeAll, describe, expect, it } from 'vitest';
import { actOnline } from '../../src/main/domain/eval/online';
import { selectBackend } from '../../src/main/domain/rl/backend';
import { SignatureCounts } from '../../src/main/domain/rl/online';
import { AdvicePolicy } from '../../src/main/domain/rl/policy';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import { train } from '../../src/main/domain/rl/train';

beforeAll(async () => {
  await selectBackend('wasm');
});

const tiny = { rolloutSize: 128, minibatches: 2, updateEpochs: 1, hidden: [16] };

describe('online counts during training', () => {
  const set = syntheticAlertSet({ rows: 300, accuracy: 0.8 });

  it('a signature’s N in the state grows by exactly its episodes, C by its correct ones', async () => {
    const r = await train(set, 'ppo', { ...tiny, episodes: 700, seed: 3 });
    const t = r.trajectory!;
    expect(t.rows).toHaveLength(700);
    const start = SignatureCounts.fromRows(set);
    const seen = new Map<number, number[]>();
    const correct = new Map<number, number>();
    t.rows.forEach((i, k) => {
      const sig = set.signature[i]!;
      (seen.get(sig) ?? seen.set(sig, []).get(sig)!).push(t.n[k]!);
      if (set.predicted[i] === set.trueClass[i]) correct.set(sig, (correct.get(sig) ?? 0) + 1);
    });
    expect(seen.size).toBeGreaterThan(3);
    const after = SignatureCounts.fromSnapshot(r.counts!);
    for (const [sig, ns] of seen) {
      const n0 = start.nOf(sig);
      // Each episode shows N as it stood just before the flow: N0, N0 + 1, …
      expect(ns).toEqual(ns.map((_, k) => n0 + k));
      expect(after.nOf(sig)).toBe(n0 + ns.length);
      expect(after.cOf(sig)).toBe(start.cOf(sig) + (correct.get(sig) ?? 0));
      expect(after.bOf(sig)).toBeCloseTo((1 + after.cOf(sig)) / (2 + after.nOf(sig)), 12);
    }
    r.policy.dispose();
  });

  it('onlineCounts: false keeps the detector’s counts', async () => {
    const r = await train(set, 'ppo', { ...tiny, episodes: 256, seed: 3, onlineCounts: false });
    const t = r.trajectory!;
    t.rows.forEach((i, k) => expect(t.n[k]).toBe(set.n[i]));
    expect(r.counts).toBeUndefined();
    r.policy.dispose();
  });
});

describe('actOnline', () => {
  const set = syntheticAlertSet({ rows: 200, accuracy: 0.7, seed: 11 });

  it('each flow sees its signature’s counts from the labels before it', () => {
    const out = actOnline(new AdvicePolicy(set.numActions), set, { alpha: 1, beta: 1 }, 1);
    const start = SignatureCounts.fromRows(set);
    const n = new Map<number, number>();
    const c = new Map<number, number>();
    for (let i = 0; i < set.size; i++) {
      const sig = set.signature[i]!;
      const dn = n.get(sig) ?? 0;
      const dc = c.get(sig) ?? 0;
      expect(out.n[i]).toBe(start.nOf(sig) + dn);
      expect(out.c[i]).toBe(start.cOf(sig) + dc);
      expect(out.b[i]).toBeCloseTo((1 + start.cOf(sig) + dc) / (2 + start.nOf(sig) + dn), 6);
      n.set(sig, dn + 1);
      if (set.predicted[i] === set.trueClass[i]) c.set(sig, dc + 1);
      expect(out.actions[i]).toBe(set.adviceAction![i]);
    }
    for (const [sig, dn] of n) expect(out.counts.nOf(sig)).toBe(start.nOf(sig) + dn);
  });

  it('with chunked labels, a chunk’s flows see the counts as of its start', () => {
    const out = actOnline(new AdvicePolicy(set.numActions), set, undefined, 50);
    const start = SignatureCounts.fromRows(set);
    for (let i = 0; i < 50; i++) expect(out.n[i]).toBe(start.nOf(set.signature[i]!));
    const sig = set.signature[50]!;
    let before = 0;
    for (let i = 0; i < 50; i++) if (set.signature[i] === sig) before++;
    expect(out.n[50]).toBe(start.nOf(sig) + before);
  });
});
