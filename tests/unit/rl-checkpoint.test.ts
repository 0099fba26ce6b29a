import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/domain/rl/backend';
import { load, save, type PolicyCheckpoint } from '../../src/main/domain/rl/policy';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import { train } from '../../src/main/domain/rl/train';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('policy checkpoints', () => {
  const set = syntheticAlertSet({ rows: 300 });

  it('round-trips through JSON with identical action probabilities', async () => {
    const r = await train(set, 'ppo-kg', { episodes: 1024, rolloutSize: 256, hidden: [16, 16] });
    const json = JSON.stringify(save(r.policy));
    const back = load(JSON.parse(json) as PolicyCheckpoint);
    expect(back.method).toBe('ppo-kg');
    expect([...back.probs(set)]).toEqual([...r.policy.probs(set)]);
    expect([...back.act(set)]).toEqual([...r.policy.act(set)]);
    expect([...back.act(set, false, undefined, 3)]).toEqual([
      ...r.policy.act(set, false, undefined, 3),
    ]);
  });

  it('round-trips the advice policy and refuses foreign JSON', async () => {
    const r = await train(set, 'llm-kg');
    const back = load(JSON.parse(JSON.stringify(save(r.policy))) as PolicyCheckpoint);
    expect([...back.act(set)]).toEqual([...set.adviceAction!]);
    expect(() => load({ format: 'x' } as unknown as PolicyCheckpoint)).toThrow(/checkpoint/);
  });

  it('leaks no tensors: training then disposing leaves the tensor count as it was', async () => {
    const warm = await train(set, 'ppo-kg-pt', { episodes: 512, rolloutSize: 256, bcEpochs: 1 });
    warm.policy.dispose();
    const before = tf.memory().numTensors;
    for (const m of ['ppo', 'ppo-kg-pt', 'dl'] as const) {
      const r = await train(set, m, { episodes: 512, rolloutSize: 256, bcEpochs: 1, dlEpochs: 1 });
      r.policy.probs(set);
      r.policy.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to resume a checkpoint of another method', async () => {
    const r = await train(set, 'ppo', { episodes: 256, rolloutSize: 256, hidden: [8] });
    await expect(train(set, 'ppo-kg', {}, undefined, undefined, save(r.policy))).rejects.toThrow(
      /ppo/,
    );
  });
});
