import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/domain/rl/backend';
import type { RlConfig } from '../../src/main/domain/rl/config';
import { save, type Policy } from '../../src/main/domain/rl/policy';
import type { AlertSet } from '../../src/main/domain/rl/state';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import { train, type TrainProgress } from '../../src/main/domain/rl/train';

/** Tiny settings: a 1000-row, 3-class toy bandit with a perfect detector. */
const tiny: Partial<RlConfig> = { rolloutSize: 512, episodes: 8192, hidden: [32, 32] };

function meanReward(set: AlertSet, policy: Policy): number {
  const acts = policy.act(set);
  let total = 0;
  for (let i = 0; i < set.size; i++)
    total += set.rewardTable[set.trueClass[i]! * set.numActions + acts[i]!]!;
  return total / set.size;
}

/** Mean KL(π‖π_LLM) over the set, with the trainer's smoothing of π_LLM. */
function klToLlm(set: AlertSet, policy: Policy, smoothing = 0.01): number {
  const p = policy.probs(set);
  const A = set.numActions;
  let kl = 0;
  for (let k = 0; k < p.length; k++) {
    const q = (1 - smoothing) * set.adviceDist![k]! + smoothing / A;
    if (p[k]! > 0) kl += p[k]! * Math.log(p[k]! / q);
  }
  return kl / set.size;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('PPO on the toy bandit', () => {
  const set = syntheticAlertSet({ rows: 1000, accuracy: 1 });

  it('learns near-optimal actions in a few seconds', async () => {
    const events: TrainProgress[] = [];
    const r = await train(set, 'ppo', tiny, (p) => events.push(p));
    expect(r.status).toBe('completed');
    expect(r.episodes).toBe(8192);
    expect(r.updates).toBe(16);
    expect(meanReward(set, r.policy)).toBeGreaterThan(4.8);
    expect(r.curve.at(-1)!.meanReward).toBeGreaterThan(r.curve[0]!.meanReward + 3);
    const m = r.last!;
    for (const k of [
      'policy_loss',
      'value_loss',
      'entropy',
      'approx_kl',
      'clipfrac',
      'SPS',
    ] as const)
      expect(Number.isFinite(m[k])).toBe(true);
    expect(typeof m.explained_variance).toBe('number'); // NaN once every reward is 5
    expect(events.filter((e) => e.phase === 'rl')).toHaveLength(16);
    expect(events.at(-1)!.fraction).toBe(1);
  });

  it('uses the default budget of 5 passes over the rows', async () => {
    const small = syntheticAlertSet({ rows: 100 });
    const ac = new AbortController();
    const r = await train(
      small,
      'ppo',
      { rolloutSize: 64, hidden: [8] },
      () => ac.abort(),
      ac.signal,
    );
    expect(r.status).toBe('cancelled');
    expect(
      (r.policy as unknown as { progress: { totalEpisodes: number } }).progress.totalEpisodes,
    ).toBe(500);
  });

  it('the KL term pulls the policy towards π_LLM when λ is high', async () => {
    const s = syntheticAlertSet({ rows: 600, accuracy: 1 });
    // π_LLM prefers a fixed, wrong action (so the pull fights the reward).
    for (let i = 0; i < s.size; i++)
      for (let a = 0; a < 15; a++) s.adviceDist![i * 15 + a] = a === 9 ? 0.9 : 0.1 / 14;
    const cfg = { ...tiny, episodes: 4096, rolloutSize: 256 };
    const high = await train(s, 'ppo-kg', { ...cfg, lambdaStart: 5, lambdaEnd: 5 });
    const none = await train(s, 'ppo-kg', { ...cfg, lambdaStart: 0, lambdaEnd: 0 });
    const start = await train(s, 'ppo-kg', { ...cfg, episodes: 1, rolloutSize: 4, minibatches: 1 });
    const kHigh = klToLlm(s, high.policy);
    const kNone = klToLlm(s, none.policy);
    const kStart = klToLlm(s, start.policy);
    expect(kHigh).toBeLessThan(0.5 * kStart);
    expect(kHigh).toBeLessThan(0.5 * kNone);
    expect(high.last!.lambda).toBe(5);
    expect(high.last!.kl_llm).toBeLessThan(none.last!.kl_llm);
  });

  it('is reproducible: the same seed gives the same run', async () => {
    const cfg = { ...tiny, episodes: 2048 };
    const a = await train(set, 'ppo', { ...cfg, seed: 5 });
    const b = await train(set, 'ppo', { ...cfg, seed: 5 });
    const c = await train(set, 'ppo', { ...cfg, seed: 6 });
    expect(b.curve).toEqual(a.curve);
    expect([...b.policy.probs(set, [0, 1, 2])]).toEqual([...a.policy.probs(set, [0, 1, 2])]);
    expect(c.curve).not.toEqual(a.curve);
  });

  it('cancel stops training at the next update; a checkpoint resumes it', async () => {
    const ac = new AbortController();
    const r = await train(
      set,
      'ppo-kg',
      tiny,
      (p) => {
        if (p.updates >= 3) ac.abort();
      },
      ac.signal,
    );
    expect(r.status).toBe('cancelled');
    expect(r.episodes).toBe(3 * 512);
    const ckpt = JSON.parse(JSON.stringify(save(r.policy))) as ReturnType<typeof save>;
    const lambdas: number[] = [];
    const resumed = await train(set, 'ppo-kg', {}, (p) => lambdas.push(p.lambda), undefined, ckpt);
    expect(resumed.status).toBe('completed');
    expect(resumed.episodes).toBe(8192);
    expect(resumed.updates).toBe(16);
    expect(lambdas[0]).toBeCloseTo(1 + (0.05 - 1) * (1536 / 8192));
    expect(meanReward(set, resumed.policy)).toBeGreaterThan(4.5);
    const more = await train(
      set,
      'ppo-kg',
      { episodes: 9216 },
      undefined,
      undefined,
      save(resumed.policy),
    );
    expect(more.episodes).toBe(9216);
    expect(more.updates).toBe(18);
  });

  it('refuses knowledge-infused methods without advice', async () => {
    const s = syntheticAlertSet({ rows: 10 });
    delete s.adviceDist;
    await expect(train(s, 'ppo-kg', tiny)).rejects.toThrow(/adviceDist/);
  });
});
