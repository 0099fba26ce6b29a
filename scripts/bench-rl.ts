/**
 * RL benchmark. Prints one JSON line.
 *
 *   npx tsx scripts/bench-rl.ts [--rows 30000] [--backends wasm,cpu] [--episodes N] [--seed 1]
 *     [--torch-threads N]
 *
 * For each available backend: PPO and PPO-KG training throughput (episodes/s, CleanRL's SPS; each
 * episode is optimised updateEpochs = 4 times), DL training throughput (samples/s over one epoch)
 * and greedy decisions/s of the trained policy over the whole set, on a seeded synthetic alert
 * set (8 classes, 95% detector accuracy, 90% good advice). --episodes defaults to 40,960 on
 * wasm / tensorflow and 8,192 on cpu (the pure-JS backend is ~5× slower).
 *
 * Then the same set, episode count, seed and config go to a CleanRL-style PyTorch reference
 * (scripts/bench/ppo_reference.py, via scripts/bench/torch-reference.ts) with --torch-threads
 * threads (default 1, as the wasm backend; pass the core count for a multi-threaded backend) on
 * the CPUs this process may use: `reference` holds its numbers and `ratio` Rampart's fastest
 * backend ÷ PyTorch per method (> 1: Rampart is faster). Without python3 + torch the reference is
 * `{ skipped }` and Rampart's part still runs.
 */
import { cpus, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendPreference } from '../src/main/domain/rl/backend';
import type { Method } from '../src/main/domain/rl/config';
import { syntheticAlertSet } from '../src/main/domain/rl/synthetic';
import { train } from '../src/main/domain/rl/train';
import {
  runTorchReference,
  type TorchReference,
  type TorchReferenceResult,
} from './bench/torch-reference';

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
  // About 5 s of training per method on each backend here (the fused learner runs ~45k/s).
  const episodes =
    episodesArg ||
    (choice.name === 'cpu' ? 8192 : choice.name.startsWith('fused') ? 204800 : 40960);
  const out: Record<string, unknown> = { backend: choice.name, reason: choice.reason, episodes };
  for (const method of ['ppo', 'ppo-kg'] as Method[]) {
    const r = await train(set, method, { seed, episodes });
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      r.policy.act(set);
      best = Math.min(best, performance.now() - t0);
    }
    // One alert at a time, as a live feed decides them, with its advice already cached on the
    // row (the KG advisor's memo): p50 / p99 of 5,000 single-alert decisions after 500 warm-up.
    const one = new Uint32Array(1);
    const lat: number[] = [];
    for (let k = 0; k < 5500; k++) {
      one[0] = (k * 7919) % set.size;
      const t0 = performance.now();
      r.policy.act(set, true, one);
      if (k >= 500) lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    const q = (p: number) =>
      Number(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(4));
    out[method] = {
      episodesPerSecond: Math.round(r.episodes / r.seconds),
      decisionsPerSecond: Math.round((set.size / best) * 1000),
      singleAlertMs: { p50: q(0.5), p99: q(0.99) },
      finalMeanReward: Number(r.curve.at(-1)?.meanReward.toFixed(3)),
    };
    r.policy.dispose();
  }
  const dlEpochs = choice.name.startsWith('fused') ? 5 : 1;
  const dl = await train(set, 'dl', { seed, dlEpochs });
  out.dl = { samplesPerSecond: Math.round((dlEpochs * set.size) / dl.seconds), epochs: dlEpochs };
  dl.policy.dispose();
  return out;
}

const rows = Number(arg('rows', '30000'));
const seed = Number(arg('seed', '1'));
const episodes = Number(arg('episodes', '0'));
const backends = arg('backends', 'fast,wasm').split(',') as BackendPreference[];
// The reference runs once per thread count listed and Rampart is compared with the fastest: one
// thread (Rampart's learner is single-threaded per run) and every core (what a researcher gets by
// default). Two OpenMP threads on this shared 2-core VM sometimes ran slower than one.
const torchThreads = arg('torch-threads', `1,${cpus().length}`)
  .split(',')
  .map(Number)
  .filter((n, i, a) => n > 0 && a.indexOf(n) === i);
const results = [];
for (const b of backends) results.push(await benchBackend(b, rows, seed, episodes));
const { reference, ratio } = await compareWithTorch(results);
console.log(
  JSON.stringify({
    bench: 'rl',
    command: [process.argv[0], ...process.execArgv, ...process.argv.slice(1)].join(' '),
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    rows,
    node: process.version,
    tfjs: tf.version.tfjs,
    torch: 'skipped' in reference ? null : reference.torch,
    cores: cpus().length,
    results,
    reference,
    ratio,
  }),
);

// A readable summary after the JSON line (bench.js keeps only the JSON).
for (const r of results)
  if (typeof r.episodes === 'number') {
    const m = (k: string) => r[k] as Record<string, number> | undefined;
    console.log(
      `${String(r.backend)}: PPO ${m('ppo')?.episodesPerSecond} ep/s, PPO-KG ${m('ppo-kg')?.episodesPerSecond} ep/s, DL ${m('dl')?.samplesPerSecond} samples/s`,
    );
  }
if ('skipped' in reference) console.log(`PyTorch reference skipped: ${reference.skipped}`);
else
  console.log(
    `PyTorch ${reference.torch} (best of ${torchThreads.join(', ')} threads): PPO ${reference.ppo?.episodesPerSecond} ep/s, PPO-KG ${reference['ppo-kg']?.episodesPerSecond} ep/s, DL ${reference.dl?.samplesPerSecond} samples/s; Rampart ÷ PyTorch: PPO ${ratio?.ppo}×, PPO-KG ${ratio?.['ppo-kg']}×, DL ${ratio?.dl}×`,
  );

/** Rampart's best rate of a method over the measured backends. */
function fastest(results: Record<string, unknown>[], method: string, key: string): number | null {
  const rates = results
    .map((r) => (r[method] as Record<string, number> | undefined)?.[key])
    .filter((v): v is number => typeof v === 'number');
  return rates.length > 0 ? Math.max(...rates) : null;
}

/**
 * The PyTorch reference on the same synthetic set, seed and the episode count of the fastest
 * backend's PPO run; ratio = Rampart's fastest ÷ PyTorch per method.
 */
async function compareWithTorch(results: Record<string, unknown>[]): Promise<{
  reference: TorchReference;
  ratio: Record<string, number | null> | null;
}> {
  const measured = results.filter((r) => typeof r.episodes === 'number');
  if (measured.length === 0)
    return { reference: { skipped: 'no Rampart backend ran' }, ratio: null };
  const ppoRate = (r: Record<string, unknown>) => fastest([r], 'ppo', 'episodesPerSecond') ?? 0;
  const best = measured.reduce((a, r) => (ppoRate(r) > ppoRate(a) ? r : a));
  const set = syntheticAlertSet({ rows, classNames: CLASSES, seed });
  const runs: TorchReference[] = [];
  for (const cores of torchThreads)
    runs.push(
      await runTorchReference(set, { episodes: best.episodes as number, seed, cores }).catch(
        (err: unknown) => ({ skipped: `the reference failed: ${String(err)}` }),
      ),
    );
  const ok = runs.filter((x): x is TorchReferenceResult => !('skipped' in x));
  if (ok.length === 0) return { reference: runs[0]!, ratio: null };
  // Per method, the faster of the thread counts (the harder comparison for Rampart).
  const rate = (x: TorchReferenceResult, k: 'ppo' | 'ppo-kg' | 'dl'): number =>
    k === 'dl' ? (x.dl?.samplesPerSecond ?? 0) : (x[k]?.episodesPerSecond ?? 0);
  // The fastest run of method k, with the thread count it ran at.
  const fastestRef = <K extends 'ppo' | 'ppo-kg' | 'dl'>(k: K) => {
    const best = ok.reduce((a, x) => (rate(x, k) > rate(a, k) ? x : a));
    return best[k] && { ...best[k]!, threads: best.threads };
  };
  const reference = {
    ...ok[0]!,
    ppo: fastestRef('ppo'),
    'ppo-kg': fastestRef('ppo-kg'),
    dl: fastestRef('dl'),
    byThreads: ok,
  };
  const r = (rampart: number | null, torch: number | undefined) =>
    rampart !== null && torch ? Number((rampart / torch).toFixed(3)) : null;
  return {
    reference,
    ratio: {
      ppo: r(fastest(measured, 'ppo', 'episodesPerSecond'), reference.ppo?.episodesPerSecond),
      'ppo-kg': r(
        fastest(measured, 'ppo-kg', 'episodesPerSecond'),
        reference['ppo-kg']?.episodesPerSecond,
      ),
      dl: r(fastest(measured, 'dl', 'samplesPerSecond'), reference.dl?.samplesPerSecond),
    },
  };
}
