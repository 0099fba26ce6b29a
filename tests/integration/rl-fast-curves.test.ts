/**
 * The fused learner and the TensorFlow.js path learn the same curve: seeded PPO and PPO-KG runs
 * on both, compared per update against the seed-to-seed spread of the tfjs path. With the same
 * seed both paths draw the same shuffles and samples, so the curves can only part where float32
 * rounding flips a sampled action; the check is that any parting stays inside seed noise.
 */
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendPreference } from '../../src/main/domain/rl/backend';
import type { Method } from '../../src/main/domain/rl/config';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import { train } from '../../src/main/domain/rl/train';

const CLASSES = [
  'Benign',
  'PortScan',
  'DoS',
  'DDoS',
  'SSH-Patator',
  'FTP-Patator',
  'Web',
  'Infiltration',
];
const SEEDS = [1, 2, 3];
const EPISODES = 20480; // 10 updates of 2,048

async function curves(backend: BackendPreference, method: Method): Promise<number[][]> {
  await selectBackend(backend);
  const out: number[][] = [];
  for (const seed of SEEDS) {
    const set = syntheticAlertSet({ rows: 20000, classNames: CLASSES, seed, accuracy: 0.9 });
    const r = await train(set, method, { seed, episodes: EPISODES });
    out.push(r.curve.map((p) => p.meanReward));
    r.policy.dispose();
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe('learning curves: fused learner vs TensorFlow.js (wasm)', () => {
  it.each(['ppo', 'ppo-kg'] as Method[])(
    '%s: per update, the paths differ by less than the seed-to-seed spread',
    async (method) => {
      const tf = await curves('wasm', method);
      const fast = await curves('fast', method);
      expect(fast[0]!.length).toBe(EPISODES / 2048);
      for (let u = 0; u < tf[0]!.length; u++) {
        const t = tf.map((c) => c[u]!);
        const f = fast.map((c) => c[u]!);
        const diff = mean(f) - mean(t);
        // Two standard errors of the seed noise at this update (and never below float noise).
        const noise = (2 * sd(t)) / Math.sqrt(SEEDS.length) + 1e-3;
        expect(
          Math.abs(diff),
          `update ${u + 1}: fused ${mean(f)} vs tfjs ${mean(t)}`,
        ).toBeLessThanOrEqual(noise);
      }
      // Both learned: the last update is well above the first (a flat curve would pass trivially).
      expect(mean(fast.map((c) => c.at(-1)!))).toBeGreaterThan(mean(fast.map((c) => c[0]!)) + 0.5);
    },
    120_000,
  );
});
