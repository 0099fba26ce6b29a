/**
 * The fused learner: PPO's minibatch step (clipped surrogate, value loss, entropy bonus and the
 * KL to π_LLM, then global-norm clipping and Adam) and the cross-entropy step of behaviour
 * cloning and the DL baseline, computed on an Arena with hand-derived gradients. The maths is
 * ppo.ts's and supervised.ts's term for term (tests/unit/rl-fast-equivalence.test.ts checks the
 * losses, gradients and updated weights against TensorFlow.js on the same weights and batches).
 */
import type { Arena, AdamOptions } from './arena';
import type { FastMlp } from './net';

/** p ← the softmax of the row f[o, o + A) in float64; returns the row's log Σ exp. */
function softmaxInto(f: Float32Array, o: number, A: number, p: Float64Array): number {
  let max = -Infinity;
  for (let j = 0; j < A; j++) if (f[o + j]! > max) max = f[o + j]!;
  let z = 0;
  for (let j = 0; j < A; j++) z += p[j] = Math.exp(f[o + j]! - max);
  for (let j = 0; j < A; j++) p[j]! /= z;
  return max + Math.log(z);
}

/** Adam state over one contiguous parameter block. */
export class FastAdam {
  private readonly m: number;
  private readonly v: number;
  private t = 0;

  constructor(
    readonly arena: Arena,
    readonly params: number,
    readonly grads: number,
    readonly count: number,
    readonly options: AdamOptions,
  ) {
    this.m = arena.alloc(count);
    this.v = arena.alloc(count);
  }

  /** Global gradient norm of the block. */
  gradNorm(): number {
    return Math.sqrt(this.arena.sumSq(this.grads, this.count));
  }

  /** One step with the gradients scaled by `scale`. */
  step(scale = 1): void {
    this.arena.adam(
      this.params,
      this.grads,
      this.m,
      this.v,
      this.count,
      this.options,
      ++this.t,
      scale,
    );
  }
}

/** PPO's loss coefficients (RlConfig's fields of the same names). */
export interface PpoCoefficients {
  clipCoef: number;
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  normAdvantages: boolean;
}

/** A PPO minibatch, gathered: rows × dim states and per-row rollout data. */
export interface FastBatch {
  rows: number;
  actions: Int32Array;
  logp: Float32Array;
  adv: Float32Array;
  returns: Float32Array;
  /** rows × A log π_LLM, or null. */
  logPllm: Float32Array | null;
}

/**
 * Actor and critic on one arena with contiguous parameters, a minibatch input buffer and the
 * loss gradients' buffers.
 */
export class FastPpoLearner {
  /** Minibatch states (maxBatch × dim). */
  readonly x: number;
  private readonly dLogits: number;
  private readonly dV: number;
  readonly adam: FastAdam;
  /** Per-row scratch: the gradient w.r.t. log π, and π. */
  private g = new Float64Array(0);
  private p = new Float64Array(0);

  constructor(
    readonly actor: FastMlp,
    readonly critic: FastMlp,
    readonly coef: PpoCoefficients,
    lr: number,
    readonly maxBatch: number,
  ) {
    if (critic.arena !== actor.arena || critic.params !== actor.params + actor.count)
      throw new Error(
        'the fused learner needs the actor and critic parameters contiguous on one arena',
      );
    const a = actor.arena;
    const A = actor.sizes.at(-1)!;
    this.x = a.alloc(maxBatch * actor.sizes[0]!);
    this.dLogits = a.alloc(maxBatch * A);
    this.dV = a.alloc(maxBatch);
    this.adam = new FastAdam(a, actor.params, actor.grads, actor.count + critic.count, {
      lr,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-5,
    });
  }

  /**
   * Losses and gradients of the minibatch whose states are in `x`: returns
   * [policy, value, entropy, approx_kl, clipfrac, kl_llm] and leaves the gradients in the block.
   */
  lossAndGrads(b: FastBatch, lambda: number, kl: boolean): Float32Array {
    const { actor, critic, coef: c } = this;
    const arena = actor.arena;
    const B = b.rows;
    const A = actor.sizes.at(-1)!;
    const lo = actor.forward(this.x, B);
    const vo = critic.forward(this.x, B);
    const f = arena.f32;
    let mean = 0;
    let std = 1;
    if (c.normAdvantages) {
      for (let r = 0; r < B; r++) mean += b.adv[r]!;
      mean /= B;
      let v = 0;
      for (let r = 0; r < B; r++) v += (b.adv[r]! - mean) ** 2;
      std = Math.sqrt(v / B) + 1e-8;
    }
    if (this.g.length < A) {
      this.g = new Float64Array(A);
      this.p = new Float64Array(A);
    }
    const g = this.g;
    const prob = this.p;
    let pgLoss = 0;
    let vLoss = 0;
    let ent = 0;
    let approxKl = 0;
    let clipfrac = 0;
    let klSum = 0;
    const useKl = kl && lambda > 0;
    for (let r = 0; r < B; r++) {
      const o = lo + r * A;
      const lse = softmaxInto(f, o, A, prob);
      const act = b.actions[r]!;
      const newLogp = f[o + act]! - lse;
      const logratio = newLogp - b.logp[r]!;
      const ratio = Math.exp(logratio);
      const adv = c.normAdvantages ? (b.adv[r]! - mean) / std : b.adv[r]!;
      const clipped = Math.min(Math.max(ratio, 1 - c.clipCoef), 1 + c.clipCoef);
      const pg1 = -adv * ratio;
      const pg2 = -adv * clipped;
      pgLoss += Math.max(pg1, pg2);
      const inside = ratio >= 1 - c.clipCoef && ratio <= 1 + c.clipCoef;
      const dRatio = pg1 >= pg2 || inside ? -adv : 0;
      approxKl += ratio - 1 - logratio;
      if (Math.abs(ratio - 1) > c.clipCoef) clipfrac++;
      let h = 0;
      let klr = 0;
      let gSum = 0;
      for (let j = 0; j < A; j++) {
        const lp = f[o + j]! - lse;
        const p = prob[j]!;
        h -= p * lp;
        let gj = (c.entCoef * p * (lp + 1)) / B;
        if (b.logPllm) {
          const d = lp - b.logPllm[r * A + j]!;
          klr += p * d;
          if (useKl) gj += (lambda * p * (d + 1)) / B;
        }
        if (j === act) gj += (dRatio * ratio) / B;
        g[j] = gj;
        gSum += gj;
      }
      ent += h;
      klSum += klr;
      const d = this.dLogits + r * A;
      for (let j = 0; j < A; j++) f[d + j] = g[j]! - prob[j]! * gSum;
      const diff = f[vo + r]! - b.returns[r]!;
      vLoss += diff * diff;
      f[this.dV + r] = (c.vfCoef * diff) / B;
    }
    actor.backward(this.x, B, this.dLogits);
    critic.backward(this.x, B, this.dV);
    return Float32Array.of(
      pgLoss / B,
      (0.5 * vLoss) / B,
      ent / B,
      approxKl / B,
      clipfrac / B,
      klSum / B,
    );
  }

  /** One PPO minibatch step: losses, gradients, clipping, Adam. Returns the stats. */
  step(b: FastBatch, lambda: number, kl: boolean): Float32Array {
    const stats = this.lossAndGrads(b, lambda, kl);
    const norm = this.adam.gradNorm();
    const m = this.coef.maxGradNorm;
    this.adam.step(norm > m ? m / (norm + 1e-6) : 1);
    return stats;
  }
}

/**
 * Cross-entropy of the actor's logits to `targets` for a batch of `rows` rows whose states are
 * the `unique` distinct states at offset x, row r having state slot[r]: forward once per distinct
 * state, the rows' dLogits summed per state, backward once per state. Because the network is a
 * function of its input, this is the same gradient as one forward and backward per row, up to
 * float summation order. Leaves the gradients in the actor's block; returns [summed loss, correct].
 */
export function crossEntropyGrads(
  actor: FastMlp,
  x: number,
  unique: number,
  slot: Int32Array,
  targets: Int32Array,
  rows: number,
  dLogits: number,
): [number, number] {
  const A = actor.sizes.at(-1)!;
  const lo = actor.forward(x, unique);
  const f = actor.arena.f32;
  f.fill(0, dLogits, dLogits + unique * A);
  let loss = 0;
  let correct = 0;
  const p = new Float64Array(A);
  for (let r = 0; r < rows; r++) {
    const o = lo + slot[r]! * A;
    const lse = softmaxInto(f, o, A, p);
    let arg = 0;
    for (let j = 1; j < A; j++) if (f[o + j]! > f[o + arg]!) arg = j;
    const t = targets[r]!;
    loss -= f[o + t]! - lse;
    if (arg === t) correct++;
    const d = dLogits + slot[r]! * A;
    for (let j = 0; j < A; j++) f[d + j]! += (p[j]! - (j === t ? 1 : 0)) / rows;
  }
  actor.backward(x, unique, dLogits);
  return [loss, correct];
}
