import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/domain/rl/backend';
import { BanditEnv } from '../../src/main/domain/rl/env';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import { train } from '../../src/main/domain/rl/train';

beforeAll(async () => {
  await selectBackend('wasm');
});

function agreement(a: Int32Array, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

describe('supervised learners', () => {
  it('behaviour cloning (PPO-KG-PT pre-training) agrees with adviceAction', async () => {
    const set = syntheticAlertSet({ rows: 800, adviceQuality: 1, accuracy: 0.9 });
    // passes: 0 leaves only the pre-training.
    const r = await train(set, 'ppo-kg-pt', {
      passes: 0,
      bcEpochs: 10,
      supervisedBatch: 32,
      hidden: [32, 32],
    });
    expect(r.status).toBe('completed');
    expect(r.pretrain!.epoch).toBe(10);
    expect(r.episodes).toBe(0);
    expect(agreement(r.policy.act(set), set.adviceAction!)).toBeGreaterThan(0.98);
  });

  it("DL learns the true class's top-ranked action", async () => {
    const set = syntheticAlertSet({ rows: 800, accuracy: 1 });
    const epochs: number[] = [];
    const r = await train(set, 'dl', { dlEpochs: 8, hidden: [32, 32] }, (p) =>
      epochs.push(p.epoch!.epoch),
    );
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const best = new BanditEnv(set).bestActions();
    expect(
      agreement(
        r.policy.act(set),
        Array.from(set.trueClass, (c) => best[c]!),
      ),
    ).toBeGreaterThan(0.98);
    expect(r.supervised!.accuracy).toBeGreaterThan(0.9);
  });

  it('LLM-KG acts on the advice without learning', async () => {
    const set = syntheticAlertSet({ rows: 50 });
    const r = await train(set, 'llm-kg');
    expect([...r.policy.act(set)]).toEqual([...set.adviceAction!]);
    expect([...r.policy.probs(set, [3])]).toEqual([...set.adviceDist!.subarray(45, 60)]);
  });

  it('cancel stops a supervised run', async () => {
    const set = syntheticAlertSet({ rows: 400 });
    const ac = new AbortController();
    const r = await train(set, 'dl', { dlEpochs: 50 }, () => ac.abort(), ac.signal);
    expect(r.status).toBe('cancelled');
    expect(r.episodes).toBe(400);
  });
});
