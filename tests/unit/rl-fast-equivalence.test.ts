/**
 * Differential test of the fused learner against the TensorFlow.js path (CleanRL-style): the
 * same initial weights and the same minibatch give the same losses (policy, value, entropy, KL),
 * the same gradients and the same weights after one clipped Adam step, for PPO, PPO-KG and the
 * cross-entropy step of behaviour cloning / DL. tfjs runs on its cpu backend (float32, the
 * reference implementation of every op). Tolerances are float32 summation-order noise.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/domain/random';
import { selectBackend } from '../../src/main/domain/rl/backend';
import { resolveConfig } from '../../src/main/domain/rl/config';
import { Arena } from '../../src/main/domain/rl/fast/arena';
import { FastPpoLearner } from '../../src/main/domain/rl/fast/learner';
import { createNets, type FastMlp } from '../../src/main/domain/rl/fast/net';
import { initMlp, Mlp } from '../../src/main/domain/rl/network';
import {
  llmLogProbs,
  minibatchStep,
  ppoLoss,
  type Batch,
  type PpoRun,
} from '../../src/main/domain/rl/ppo';
import { encodeStates, makeEncoder, stateDim } from '../../src/main/domain/rl/state';
import { trainSupervised } from '../../src/main/domain/rl/supervised';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';

const CLASSES = ['Benign', 'PortScan', 'DoS', 'SSH-Patator', 'Web'];

/** max |a − b| ≤ abs + rel · max |b|, reported with the worst element. */
function expectClose(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  what: string,
  rel = 1e-3,
  abs = 1e-6,
): void {
  expect(a.length, what).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  expect(
    worst,
    `${what}: worst |Δ| at ${at} (${a[at]} vs ${b[at]}), scale ${scale}`,
  ).toBeLessThanOrEqual(abs + rel * scale);
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** A PPO minibatch on real encoded states, with old log-probs moved off the current policy. */
function makeBatch(augment: boolean, rows: number, seed: number) {
  const set = syntheticAlertSet({ rows: 2000, classNames: CLASSES, seed });
  const enc = makeEncoder(set, { augment });
  const rand = mulberry32(seed);
  const idx = Uint32Array.from({ length: rows }, () => Math.floor(rand() * set.size));
  const dim = stateDim(enc);
  const A = set.numActions;
  const cfg = resolveConfig({ seed });
  const actorW = initMlp({ sizes: [dim, 64, 64, A], activation: 'tanh' }, rand, 0.01);
  // A larger output gain than CleanRL's 0.01 so the logits (and the entropy, KL terms) are not flat.
  actorW.params[4] = actorW.params[4]!.map((w) => w * 100);
  const criticW = initMlp({ sizes: [dim, 64, 64, 1], activation: 'tanh' }, rand, 1);
  const x = encodeStates(enc, set, idx);
  const actions = Int32Array.from(idx, () => Math.floor(rand() * A));
  return {
    set,
    cfg,
    dim,
    A,
    idx,
    x,
    actions,
    // Old log-probs: the current policy's, moved by N(0, 0.3) so some ratios leave the clip range.
    noise: Float32Array.from(idx, () => 0.3 * gaussian(rand)),
    adv: Float32Array.from(idx, () => gaussian(rand)),
    returns: Float32Array.from(idx, () => 5 * rand() - 1),
    logPllm: llmLogProbs(set, idx, cfg.llmSmoothing),
    actorW,
    criticW,
  };
}

function tfOldLogp(
  actor: Mlp,
  x: Float32Array,
  rows: number,
  dim: number,
  actions: Int32Array,
  noise: Float32Array,
) {
  const lp = tf.tidy(() => tf.logSoftmax(actor.forward(tf.tensor2d(x, [rows, dim]))).dataSync());
  const A = lp.length / rows;
  return Float32Array.from(actions, (a, r) => lp[r * A + a]! + noise[r]!);
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the fused kernels equal the JavaScript kernels', () => {
  it.each([
    [37, 64, 64],
    [64, 64, 15],
    [64, 15, 64],
    [50, 64, 1],
    [5, 3, 7],
    [33, 43, 48],
  ])('gemm, gemmTN, colSum for %i×%i·%i', (rows, K, N) => {
    const results = (['wasm-simd', 'js'] as const).map((kind) => {
      const a = new Arena(kind);
      const x = a.alloc(rows * K);
      const m = a.alloc(K * N);
      const b = a.alloc(N);
      const out = a.alloc(rows * N);
      const d = a.alloc(rows * N);
      const gw = a.alloc(K * N);
      const gb = a.alloc(N);
      const r2 = mulberry32(rows * 1000 + K * 10 + N);
      // Sparse input: a third of x is zero (the one-hot and hash parts of a state are).
      for (let i = 0; i < rows * K; i++) a.f32[x + i] = r2() < 0.33 ? 0 : r2() - 0.5;
      for (let i = 0; i < K * N; i++) a.f32[m + i] = r2() - 0.5;
      for (let i = 0; i < N; i++) a.f32[b + i] = r2() - 0.5;
      for (let i = 0; i < rows * N; i++) a.f32[d + i] = r2() - 0.5;
      a.gemm(x, m, b, out, rows, K, N, true);
      const tanhOut = a.view(out, rows * N).slice();
      a.gemm(x, m, 0, out, rows, K, N, false);
      const linOut = a.view(out, rows * N).slice();
      a.gemmTN(x, d, gw, rows, K, N);
      a.colSum(d, gb, rows, N);
      return [tanhOut, linOut, a.view(gw, K * N).slice(), a.view(gb, N).slice()];
    });
    const names = ['tanh(x·m + b)', 'x·m', 'xᵀ·d', 'Σ_r d'];
    names.forEach((n, k) => expectClose(results[0]![k]!, results[1]![k]!, n, 1e-5, 1e-6));
  });

  it('tanh is within float error over its whole range', () => {
    const a = new Arena('wasm-simd');
    const n = 4001;
    const x = a.alloc(n);
    const one = a.alloc(1);
    const out = a.alloc(n);
    for (let i = 0; i < n; i++) a.f32[x + i] = -10 + (20 * i) / (n - 1);
    a.f32[one] = 1;
    a.gemm(x, one, 0, out, n, 1, 1, true);
    const want = Float32Array.from(a.view(x, n), Math.tanh);
    expectClose(a.view(out, n), want, 'tanh', 0, 5e-7); // ≤ 4 ulp near ±1
  });
});

describe('a PPO minibatch: fused learner vs TensorFlow.js', () => {
  it.each([
    ['PPO', false, 0],
    ['PPO-KG', true, 0.7],
  ] as const)('%s: same losses, gradients and updated weights', (_name, augment, lambda) => {
    const B = 512;
    const t = makeBatch(augment, B, augment ? 11 : 5);
    const tfActor = new Mlp({ ...t.actorW, params: t.actorW.params.map((p) => p.slice()) });
    const tfCritic = new Mlp({ ...t.criticW, params: t.criticW.params.map((p) => p.slice()) });
    const logp = tfOldLogp(tfActor, t.x, B, t.dim, t.actions, t.noise);
    const batch: Batch = {
      x: tf.tensor2d(t.x, [B, t.dim]),
      actions: tf.tensor1d(t.actions, 'int32'),
      logp: tf.tensor1d(logp),
      adv: tf.tensor1d(t.adv),
      returns: tf.tensor1d(t.returns),
      logPllm: augment ? tf.tensor2d(t.logPllm, [B, t.A]) : null,
    };
    const run = {
      policy: { actor: tfActor, critic: tfCritic },
      config: t.cfg,
      set: { numActions: t.A },
      kl: augment,
      optimizer: tf.train.adam(t.cfg.learningRate, 0.9, 0.999, 1e-5),
    } as unknown as PpoRun;
    // TensorFlow.js: loss terms and gradients by autodiff, then the real minibatchStep.
    let tfStats = new Float32Array(0);
    const vars = [...tfActor.vars, ...tfCritic.vars];
    const { value, grads } = run.optimizer!.computeGradients(() => {
      const r = ppoLoss(run, batch, lambda);
      tfStats = Float32Array.from(r.stats.dataSync());
      r.stats.dispose();
      return r.loss;
    }, vars);
    const tfGrads = vars.map((v) => Float32Array.from(grads[v.name]!.dataSync()));
    value.dispose();
    tf.dispose(Object.values(grads));
    const tfStepStats = minibatchStep(run, batch, lambda);
    const tfAfter = [...tfActor.weights().params, ...tfCritic.weights().params];

    // Fused learner on the same weights and batch.
    const { nets } = createNets([t.actorW, t.criticW]);
    const [actor, critic] = nets as [FastMlp, FastMlp];
    const fast = new FastPpoLearner(actor, critic, t.cfg, t.cfg.learningRate, B);
    actor.arena.f32.set(t.x, fast.x);
    const fb = {
      rows: B,
      actions: t.actions,
      logp,
      adv: t.adv,
      returns: t.returns,
      logPllm: augment ? t.logPllm : null,
    };
    const stats = fast.lossAndGrads(fb, lambda, augment);
    const names = ['policy loss', 'value loss', 'entropy', 'approx_kl', 'clipfrac', 'kl_llm'];
    names.forEach((n, k) => expectClose([stats[k]!], [tfStats[k]!], n, 1e-4, 1e-6));
    expect(tfStats[4], 'some ratios are clipped').toBeGreaterThan(0.05);
    if (augment) expect(tfStats[5], 'the KL term is not zero').toBeGreaterThan(0.1);
    // Gradients, tensor by tensor (tfjs names them in vars order: W0, b0, ... actor then critic).
    const f = actor.arena.f32;
    const fastGrads = [
      ...actor.w.flatMap((w, l) => [
        f.slice(actor.gw[l]!, actor.gw[l]! + (actor.b[l]! - w)),
        f.slice(actor.gb[l]!, actor.gb[l]! + actor.sizes[l + 1]!),
      ]),
      ...critic.w.flatMap((w, l) => [
        f.slice(critic.gw[l]!, critic.gw[l]! + (critic.b[l]! - w)),
        f.slice(critic.gb[l]!, critic.gb[l]! + critic.sizes[l + 1]!),
      ]),
    ];
    fastGrads.forEach((g, k) =>
      expectClose(g, tfGrads[k]!, `gradient ${vars[k]!.name}`, 1e-3, 1e-7),
    );
    // One clipped Adam step from the same state.
    const norm = fast.adam.gradNorm();
    fast.adam.step(norm > t.cfg.maxGradNorm ? t.cfg.maxGradNorm / (norm + 1e-6) : 1);
    expectClose(stats, tfStepStats, 'minibatchStep stats', 1e-4, 1e-6);
    const fastAfter = [...actor.weights().params, ...critic.weights().params];
    fastAfter.forEach((w, k) =>
      expectClose(w, tfAfter[k]!, `weights ${k} after the step`, 1e-5, 1e-7),
    );
    // The step moved the weights by lr-sized amounts (the comparison above is not vacuous).
    const moved = fastAfter[2]!.reduce(
      (s, w, i) => Math.max(s, Math.abs(w - t.actorW.params[2]![i]!)),
      0,
    );
    expect(moved).toBeGreaterThan(t.cfg.learningRate * 0.5);
    tf.dispose([
      batch.x,
      batch.actions,
      batch.logp,
      batch.adv,
      batch.returns,
      ...(batch.logPllm ? [batch.logPllm] : []),
    ]);
    run.optimizer!.dispose();
    tfActor.dispose();
    tfCritic.dispose();
  });
});

describe('cross-entropy training (behaviour cloning, DL): fused vs TensorFlow.js', () => {
  it('two epochs of minibatches leave the same weights and report the same loss and accuracy', async () => {
    const set = syntheticAlertSet({ rows: 1024, classNames: CLASSES, seed: 3 });
    const enc = makeEncoder(set, { augment: true });
    const w = initMlp(
      { sizes: [stateDim(enc), 64, 64, set.numActions], activation: 'tanh' },
      mulberry32(9),
      0.01,
    );
    const common = {
      encoder: enc,
      set,
      targets: set.adviceAction!,
      epochs: 2,
      batch: 256,
      learningRate: 1e-3,
    };
    const tfActor = new Mlp({ ...w, params: w.params.map((p) => p.slice()) });
    const tfLast = await trainSupervised({ ...common, actor: tfActor, rand: mulberry32(4) });
    const fastActor = createNets([w]).nets[0]!;
    const fastLast = await trainSupervised({ ...common, actor: fastActor, rand: mulberry32(4) });
    expect(fastLast!.accuracy).toBeCloseTo(tfLast!.accuracy, 3);
    expect(Math.abs(fastLast!.loss - tfLast!.loss)).toBeLessThan(
      1e-4 * Math.abs(tfLast!.loss) + 1e-5,
    );
    expect(tfLast!.loss).toBeLessThan(Math.log(set.numActions)); // it learned something
    const a = fastActor.weights().params;
    const b = tfActor.weights().params;
    a.forEach((p, k) => expectClose(p, b[k]!, `weights ${k}`, 1e-3, 1e-6));
    tfActor.dispose();
  });
});
