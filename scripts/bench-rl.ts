/**
 * RL benchmark. Prints one JSON line.
 *
 *   npx tsx scripts/bench-rl.ts [--rows 30000] [--backends wasm,cpu] [--episodes N] [--seed 1]
 *
 * For each available backend: PPO and PPO-KG training throughput (episodes/s, CleanRL's SPS; each
 * episode is optimised updateEpochs = 4 times), DL training throughput (samples/s over one epoch)
 * and greedy decisions/s of the trained policy over the whole set, on a seeded synthetic alert
 * set (8 classes, 95% detector accuracy, 90% good advice). --episodes defaults to 40,960 on
 * wasm / tensorflow and 8,192 on cpu (the pure-JS backend is ~5× slower).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendPreference } from '../src/main/domain/rl/backend';
import type { Method } from '../src/main/domain/rl/config';
import { syntheticAlertSet } from '../src/main/domain/rl/synthetic';
import { train } from '../src/main/domain/rl/train';

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

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function benchBackend(
  prefer: BackendPreference,
  rows: number,
  seed: number,
  episodesArg: number,
) {
  const choice = await selectBackend(prefer);
  if (choice.failures.length > 0 && prefer !== 'auto')
    return { backend: prefer, skipped: choice.failures.map((f) => f.error).join('; ') };
  const set = syntheticAlertSet({ rows, classNames: CLASSES, seed });
  const episodes = episodesArg || (choice.name === 'cpu' ? 8192 : 40960);
  const out: Record<string, unknown> = { backend: choice.name, reason: choice.reason, episodes };
  for (const method of ['ppo', 'ppo-kg'] as Method[]) {
    const r = await train(set, method, { seed, episodes });
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      r.policy.act(set);
      best = Math.min(best, performance.now() - t0);
    }
    out[method] = {
      episodesPerSecond: Math.round(r.episodes / r.seconds),
      decisionsPerSecond: Math.round((set.size / best) * 1000),
      finalMeanReward: Number(r.curve.at(-1)?.meanReward.toFixed(3)),
    };
    r.policy.dispose();
  }
  const dl = await train(set, 'dl', { seed, dlEpochs: 1 });
  out.dl = { samplesPerSecond: Math.round(set.size / dl.seconds) };
  dl.policy.dispose();
  return out;
}

const rows = Number(arg('rows', '30000'));
const seed = Number(arg('seed', '1'));
const episodes = Number(arg('episodes', '0'));
const backends = arg('backends', 'wasm,cpu').split(',') as BackendPreference[];
const results = [];
for (const b of backends) results.push(await benchBackend(b, rows, seed, episodes));
console.log(
  JSON.stringify({
    bench: 'rl',
    rows,
    node: process.version,
    tfjs: tf.version.tfjs,
    cores: (await import('node:os')).cpus().length,
    results,
  }),
);
