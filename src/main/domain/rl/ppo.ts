/**
 * PPO for the one-step bandit, read top to bottom like CleanRL's ppo.py: sample a rollout of
 * episodes, act with the current policy, step the environment, then optimise the clipped
 * surrogate + value loss − entropy bonus (+ λ·KL(π_θ‖π_LLM) for the knowledge-infused methods)
 * over minibatches × epochs with Adam. One-step episodes make the return the reward, so the
 * advantage is A = r − V(s) (no GAE).
 */
import * as tf from '@tensorflow/tfjs';
import type { RlConfig } from './config';
import type { BanditEnv, EpisodeSampler } from './env';
import { FastPpoLearner } from './fast/learner';
import { FastMlp } from './fast/net';
import { tfNet } from './nets';
import type { SignatureCounts } from './online';
import type { NetPolicy } from './policy';
import { encodeStates, stateDim, type AlertSet } from './state';

/** CleanRL's metrics of one update (means over its minibatch steps), plus the knowledge-infusion terms. */
export interface UpdateMetrics {
  policy_loss: number;
  value_loss: number;
  entropy: number;
  approx_kl: number;
  clipfrac: number;
  explained_variance: number;
  /** Mean KL(π_θ‖π_LLM) over the update (0 when the set has no adviceDist). */
  kl_llm: number;
  /** λ used in this update. */
  lambda: number;
  /** Mean reward of the rollout's episodes. */
  mean_reward: number;
  /** Episodes per second since training started. */
  SPS: number;
}

/** One point of the learning curve: mean rollout reward after `episodes` episodes. */
export interface CurvePoint {
  episodes: number;
  meanReward: number;
}

/**
 * The episodes a run took, in order (the rollout buffer, kept whole): which row, the action
 * sampled, the reward earned, and the N and B its state showed.
 */
export interface Trajectory {
  rows: Uint32Array;
  actions: Int32Array;
  rewards: Float32Array;
  n: Float32Array;
  b: Float32Array;
}

/** Collects a run's rollouts into one Trajectory. */
export class TrajectoryBuffer {
  private parts: Trajectory[] = [];

  push(t: Trajectory): void {
    this.parts.push(t);
  }

  /** Every episode pushed so far, in order. */
  trajectory(): Trajectory {
    const cat = <K extends keyof Trajectory>(k: K, make: (n: number) => Trajectory[K]) => {
      const out = make(this.parts.reduce((a, p) => a + p.rows.length, 0));
      let o = 0;
      for (const p of this.parts) {
        out.set(p[k] as never, o);
        o += p.rows.length;
      }
      return out;
    };
    return {
      rows: cat('rows', (n) => new Uint32Array(n)),
      actions: cat('actions', (n) => new Int32Array(n)),
      rewards: cat('rewards', (n) => new Float32Array(n)),
      n: cat('n', (n) => new Float32Array(n)),
      b: cat('b', (n) => new Float32Array(n)),
    };
  }
}

/** A rollout: encoded states and what happened. */
interface Rollout {
  size: number;
  indices: Uint32Array;
  /** N and B each episode's state showed. */
  n: Float32Array;
  b: Float32Array;
  x: Float32Array;
  actions: Int32Array;
  logp: Float32Array;
  values: Float32Array;
  rewards: Float32Array;
  /** log π_LLM rows (smoothed), when the set has advice distributions. */
  logPllm: Float32Array | null;
}

/** Everything a PPO run needs. */
export interface PpoRun {
  set: AlertSet;
  env: BanditEnv;
  policy: NetPolicy;
  sampler: EpisodeSampler;
  /** Adam of the TensorFlow.js path (null on the fused path, which keeps its own). */
  optimizer: tf.Optimizer | null;
  config: RlConfig;
  /** Weight the KL term (knowledge infusion); otherwise λ = 0. */
  kl: boolean;
  rand: () => number;
  curve: CurvePoint[];
  /** Per-signature N, C updated as episodes arrive (null: the set's counts stay as they are). */
  counts: SignatureCounts | null;
  /** Where the episodes taken are recorded. */
  trajectory: TrajectoryBuffer;
  onUpdate?: (m: UpdateMetrics) => void;
  signal?: AbortSignal;
}

/** λ after `fraction` of the training: linear from lambdaStart to lambdaEnd. */
export function lambdaAt(cfg: RlConfig, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return cfg.lambdaStart + (cfg.lambdaEnd - cfg.lambdaStart) * f;
}

/** Smoothed log π_LLM rows of the given set rows. */
export function llmLogProbs(
  set: AlertSet,
  indices: ArrayLike<number>,
  smoothing: number,
): Float32Array {
  const A = set.numActions;
  const out = new Float32Array(indices.length * A);
  const dist = set.adviceDist!;
  for (let r = 0; r < indices.length; r++) {
    const o = indices[r]! * A;
    for (let a = 0; a < A; a++)
      out[r * A + a] = Math.log((1 - smoothing) * dist[o + a]! + smoothing / A);
  }
  return out;
}

/** Act on a batch of episodes with the current policy (seeded sampling) and collect rewards. */
function collectRollout(run: PpoRun, indices: Uint32Array): Rollout {
  const { policy, set, config } = run;
  const A = set.numActions;
  const dim = stateDim(policy.encoder);
  // The flows arrive: each state shows its signature's N, C, B just before it, then it counts.
  const live = run.counts ? run.counts.arrive(set, indices) : undefined;
  const x = encodeStates(policy.encoder, set, indices, undefined, live);
  let probs: Float32Array;
  let values: Float32Array;
  if (policy.actor instanceof FastMlp && policy.critic instanceof FastMlp) {
    probs = softmaxRows(policy.actor.predict(x, indices.length), A);
    values = policy.critic.predict(x, indices.length);
  } else {
    const [p, v] = tf.tidy(() => {
      const xt = tf.tensor2d(x, [indices.length, dim]);
      return [tf.softmax(tfNet(policy.actor).forward(xt)), tfNet(policy.critic!).forward(xt)];
    });
    probs = p.dataSync() as Float32Array;
    values = new Float32Array(v.dataSync());
    p.dispose();
    v.dispose();
  }
  const actions = new Int32Array(indices.length);
  const logp = new Float32Array(indices.length);
  for (let r = 0; r < indices.length; r++) {
    let u = run.rand();
    let pick = A - 1;
    for (let a = 0; a < A; a++) {
      u -= probs[r * A + a]!;
      if (u < 0) {
        pick = a;
        break;
      }
    }
    actions[r] = pick;
    logp[r] = Math.log(Math.max(probs[r * A + pick]!, 1e-12));
  }
  const rewards = run.env.step(indices, actions);
  const logPllm = set.adviceDist ? llmLogProbs(set, indices, config.llmSmoothing) : null;
  return {
    size: indices.length,
    indices,
    n: live ? live.n : Float32Array.from(indices, (i) => set.n[i]!),
    b: live ? live.b : Float32Array.from(indices, (i) => set.b[i]!),
    x,
    actions,
    logp,
    values,
    rewards,
    logPllm,
  };
}

/** Softmax of each row of `logits` (rows × A), in place; returns it. */
export function softmaxRows(logits: Float32Array, A: number): Float32Array {
  for (let o = 0; o < logits.length; o += A) {
    let max = -Infinity;
    for (let j = 0; j < A; j++) if (logits[o + j]! > max) max = logits[o + j]!;
    let z = 0;
    for (let j = 0; j < A; j++) z += Math.exp(logits[o + j]! - max);
    for (let j = 0; j < A; j++) logits[o + j] = Math.exp(logits[o + j]! - max) / z;
  }
  return logits;
}

/** 1 − Var(r − V) / Var(r). */
export function explainedVariance(values: Float32Array, returns: Float32Array): number {
  const n = returns.length;
  let mr = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    mr += returns[i]! / n;
    md += (returns[i]! - values[i]!) / n;
  }
  let vr = 0;
  let vd = 0;
  for (let i = 0; i < n; i++) {
    vr += (returns[i]! - mr) ** 2;
    vd += (returns[i]! - values[i]! - md) ** 2;
  }
  return vr === 0 ? Number.NaN : 1 - vd / vr;
}

/** Rollout tensors, gathered per minibatch. */
export interface Batch {
  x: tf.Tensor2D;
  actions: tf.Tensor1D;
  logp: tf.Tensor1D;
  adv: tf.Tensor1D;
  returns: tf.Tensor1D;
  logPllm: tf.Tensor2D | null;
}

/** The PPO loss of one minibatch; returns [loss, stats] with stats kept for the caller. */
export function ppoLoss(
  run: PpoRun,
  b: Batch,
  lambda: number,
): { loss: tf.Scalar; stats: tf.Tensor1D } {
  const { config: c, policy } = run;
  const A = run.set.numActions;
  const logp = tf.logSoftmax(tfNet(policy.actor).forward(b.x));
  const p = tf.exp(logp);
  const newLogp = tf.sum(tf.mul(logp, tf.oneHot(b.actions, A)), 1);
  const logratio = tf.sub(newLogp, b.logp);
  const ratio = tf.exp(logratio);
  let adv: tf.Tensor1D = b.adv;
  if (c.normAdvantages) {
    const { mean, variance } = tf.moments(adv);
    adv = tf.div(tf.sub(adv, mean), tf.add(tf.sqrt(variance), 1e-8));
  }
  const pg1 = tf.mul(tf.neg(adv), ratio);
  const pg2 = tf.mul(tf.neg(adv), tf.clipByValue(ratio, 1 - c.clipCoef, 1 + c.clipCoef));
  const pgLoss = tf.mean(tf.maximum(pg1, pg2));
  const v = tf.reshape(tfNet(policy.critic!).forward(b.x), [-1]);
  const vLoss = tf.mul(0.5, tf.mean(tf.square(tf.sub(v, b.returns))));
  const entropy = tf.mean(tf.neg(tf.sum(tf.mul(p, logp), 1)));
  const klLlm = b.logPllm ? tf.mean(tf.sum(tf.mul(p, tf.sub(logp, b.logPllm)), 1)) : tf.scalar(0);
  let loss = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, entropy)), tf.mul(c.vfCoef, vLoss));
  if (run.kl && lambda > 0) loss = tf.add(loss, tf.mul(lambda, klLlm));
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio));
  const clipfrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clipCoef), 'float32'));
  const stats = tf.keep(
    tf.stack([pgLoss, vLoss, entropy, approxKl, clipfrac, klLlm]) as tf.Tensor1D,
  );
  return { loss: loss as tf.Scalar, stats };
}

/** One optimiser step with global-norm gradient clipping; returns the minibatch stats. */
export function minibatchStep(run: PpoRun, b: Batch, lambda: number): Float32Array {
  const vars = [...tfNet(run.policy.actor).vars, ...tfNet(run.policy.critic!).vars];
  let stats: tf.Tensor1D | null = null;
  const { value, grads } = run.optimizer!.computeGradients(() => {
    const r = ppoLoss(run, b, lambda);
    stats = r.stats;
    return r.loss;
  }, vars);
  tf.tidy(() => {
    const list = Object.values(grads);
    const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!;
    const scale = norm > run.config.maxGradNorm ? run.config.maxGradNorm / (norm + 1e-6) : 1;
    const clipped: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) clipped[k] = scale === 1 ? g : tf.mul(g, scale);
    run.optimizer!.applyGradients(clipped);
  });
  value.dispose();
  tf.dispose(Object.values(grads));
  const s = stats as tf.Tensor1D | null;
  const out = s ? Float32Array.from(s.dataSync()) : new Float32Array(6);
  s?.dispose();
  return out;
}

function gatherBatch(all: Batch, idx: Int32Array): Batch {
  const it = tf.tensor1d(idx, 'int32');
  const g = <T extends tf.Tensor>(t: T): T => tf.gather(t, it) as T;
  const b: Batch = {
    x: g(all.x),
    actions: g(all.actions),
    logp: g(all.logp),
    adv: g(all.adv),
    returns: g(all.returns),
    logPllm: all.logPllm ? g(all.logPllm) : null,
  };
  it.dispose();
  return b;
}

/** Fisher–Yates with `rand` (both paths draw the same numbers, so a seed gives the same order). */
function shuffleInPlace(order: Int32Array, rand: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

/** The fused path's optimise: the same shuffles, minibatches and early stop as optimise(). */
function optimiseFast(
  run: PpoRun,
  fast: FastPpoLearner,
  ro: Rollout,
  lambda: number,
): Float32Array {
  const { config: c } = run;
  const dim = stateDim(run.policy.encoder);
  const A = run.set.numActions;
  const mb = Math.max(1, Math.floor(ro.size / c.minibatches));
  const order = Int32Array.from({ length: ro.size }, (_, i) => i);
  const adv = ro.rewards.map((r, i) => r - ro.values[i]!);
  const batch = {
    rows: mb,
    actions: new Int32Array(mb),
    logp: new Float32Array(mb),
    adv: new Float32Array(mb),
    returns: new Float32Array(mb),
    logPllm: ro.logPllm ? new Float32Array(mb * A) : null,
  };
  const sum = new Float32Array(6);
  let steps = 0;
  for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
    shuffleInPlace(order, run.rand);
    let epochKl = 0;
    for (let s = 0; s + mb <= ro.size; s += mb) {
      const f = fast.actor.arena.f32;
      for (let r = 0; r < mb; r++) {
        const i = order[s + r]!;
        f.set(ro.x.subarray(i * dim, i * dim + dim), fast.x + r * dim);
        batch.actions[r] = ro.actions[i]!;
        batch.logp[r] = ro.logp[i]!;
        batch.adv[r] = adv[i]!;
        batch.returns[r] = ro.rewards[i]!;
        if (batch.logPllm) batch.logPllm.set(ro.logPllm!.subarray(i * A, i * A + A), r * A);
      }
      const st = fast.step(batch, lambda, run.kl);
      for (let k = 0; k < 6; k++) sum[k]! += st[k]!;
      steps++;
      epochKl = st[3]!;
    }
    if (c.targetKl > 0 && epochKl > c.targetKl) break;
  }
  return sum.map((v) => v / Math.max(1, steps));
}

/** Optimise on one rollout; returns the mean stats of its minibatch steps. */
function optimise(run: PpoRun, ro: Rollout, lambda: number): Float32Array {
  const { config: c } = run;
  const dim = stateDim(run.policy.encoder);
  const adv = ro.rewards.map((r, i) => r - ro.values[i]!);
  const all: Batch = {
    x: tf.tensor2d(ro.x, [ro.size, dim]),
    actions: tf.tensor1d(ro.actions, 'int32'),
    logp: tf.tensor1d(ro.logp),
    adv: tf.tensor1d(adv),
    returns: tf.tensor1d(ro.rewards),
    logPllm: ro.logPllm ? tf.tensor2d(ro.logPllm, [ro.size, run.set.numActions]) : null,
  };
  const mb = Math.max(1, Math.floor(ro.size / c.minibatches));
  const order = Int32Array.from({ length: ro.size }, (_, i) => i);
  const sum = new Float32Array(6);
  let steps = 0;
  for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
    shuffleInPlace(order, run.rand);
    let epochKl = 0;
    for (let s = 0; s + mb <= ro.size; s += mb) {
      const b = gatherBatch(all, order.subarray(s, s + mb));
      const st = minibatchStep(run, b, lambda);
      tf.dispose([b.x, b.actions, b.logp, b.adv, b.returns, ...(b.logPllm ? [b.logPllm] : [])]);
      for (let k = 0; k < 6; k++) sum[k]! += st[k]!;
      steps++;
      epochKl = st[3]!;
    }
    if (c.targetKl > 0 && epochKl > c.targetKl) break;
  }
  tf.dispose([
    all.x,
    all.actions,
    all.logp,
    all.adv,
    all.returns,
    ...(all.logPllm ? [all.logPllm] : []),
  ]);
  return sum.map((v) => v / Math.max(1, steps));
}

/**
 * Run PPO from the policy's progress to its totalEpisodes (or until `signal` aborts, checked
 * between updates). Returns false when cancelled. λ falls once over config.lambdaEpisodes
 * episodes of the run (its totalEpisodes when 0), wherever this call starts in it.
 */
export async function runPpo(run: PpoRun): Promise<boolean> {
  const prog = run.policy.progress;
  const t0 = performance.now();
  const startEpisodes = prog.episodes;
  const horizon = run.config.lambdaEpisodes || prog.totalEpisodes;
  const { actor, critic } = run.policy;
  const fast =
    actor instanceof FastMlp && critic instanceof FastMlp
      ? new FastPpoLearner(
          actor,
          critic,
          run.config,
          run.config.learningRate,
          Math.max(1, Math.floor(run.config.rolloutSize / run.config.minibatches)),
        )
      : null;
  while (prog.episodes < prog.totalEpisodes) {
    if (run.signal?.aborted) return false;
    const lambda = run.kl ? lambdaAt(run.config, prog.episodes / horizon) : 0;
    const n = Math.min(run.config.rolloutSize, prog.totalEpisodes - prog.episodes);
    const ro = collectRollout(run, run.sampler.next(n));
    run.trajectory.push({
      rows: ro.indices,
      actions: ro.actions,
      rewards: ro.rewards,
      n: ro.n,
      b: ro.b,
    });
    const st = fast ? optimiseFast(run, fast, ro, lambda) : optimise(run, ro, lambda);
    prog.episodes += n;
    prog.updates++;
    const meanReward = ro.rewards.reduce((a, r) => a + r, 0) / n;
    run.curve.push({ episodes: prog.episodes, meanReward });
    const seconds = (performance.now() - t0) / 1000;
    run.onUpdate?.({
      policy_loss: st[0]!,
      value_loss: st[1]!,
      entropy: st[2]!,
      approx_kl: st[3]!,
      clipfrac: st[4]!,
      explained_variance: explainedVariance(ro.values, ro.rewards),
      kl_llm: st[5]!,
      lambda,
      mean_reward: meanReward,
      SPS: (prog.episodes - startEpisodes) / Math.max(seconds, 1e-9),
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return true;
}
