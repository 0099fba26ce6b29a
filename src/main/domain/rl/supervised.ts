/**
 * Cross-entropy training of the actor network: behaviour cloning on the LLM's choices
 * (PPO-KG-PT's pre-training) and the supervised DL baseline (target: the true class's
 * top-ranked action).
 */
import * as tf from '@tensorflow/tfjs';
import { FastAdam, crossEntropyGrads } from './fast/learner';
import { FastMlp } from './fast/net';
import { tfNet, type Net } from './nets';
import { encodeStates, stateDim, type AlertSet, type EncoderSpec } from './state';

/** One epoch's result. */
export interface EpochStats {
  epoch: number;
  /** Mean cross-entropy over the epoch. */
  loss: number;
  /** Fraction of rows whose argmax matched the target during the epoch. */
  accuracy: number;
}

/** A supervised run: targets[i] is the wanted action of set row i. */
export interface SupervisedRun {
  actor: Net;
  encoder: EncoderSpec;
  set: AlertSet;
  targets: Int32Array;
  epochs: number;
  batch: number;
  learningRate: number;
  rand: () => number;
  onEpoch?: (s: EpochStats) => void;
  signal?: AbortSignal;
}

function shuffled(n: number, rand: () => number): Uint32Array {
  const a = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** The fused path's step: the states are encoded straight into the arena. */
class FastStep {
  private readonly x: number;
  private readonly d: number;
  private readonly adam: FastAdam;
  private readonly y: Int32Array;

  constructor(
    private readonly run: SupervisedRun,
    private readonly actor: FastMlp,
  ) {
    const a = actor.arena;
    this.x = a.alloc(run.batch * stateDim(run.encoder));
    this.d = a.alloc(run.batch * run.set.numActions);
    // tf.train.adam(lr) with the backend's float32 epsilon (1e-7), as the tfjs path uses.
    this.adam = new FastAdam(a, actor.params, actor.grads, actor.count, {
      lr: run.learningRate,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-7,
    });
    this.y = new Int32Array(run.batch);
  }

  step(rows: Uint32Array): [number, number] {
    const { run, actor } = this;
    const dim = stateDim(run.encoder);
    encodeStates(run.encoder, run.set, rows, actor.arena.view(this.x, rows.length * dim));
    for (let r = 0; r < rows.length; r++) this.y[r] = run.targets[rows[r]!]!;
    const out = crossEntropyGrads(actor, this.x, rows.length, this.y, this.d);
    this.adam.step();
    return out;
  }
}

/** One Adam step on a minibatch; returns [summed loss, correct count]. */
function step(run: SupervisedRun, opt: tf.Optimizer, rows: Uint32Array): [number, number] {
  const actor = tfNet(run.actor);
  const dim = stateDim(run.encoder);
  const A = run.set.numActions;
  const x = tf.tensor2d(encodeStates(run.encoder, run.set, rows), [rows.length, dim]);
  const y = tf.tensor1d(
    Int32Array.from(rows, (i) => run.targets[i]!),
    'int32',
  );
  let pred: tf.Tensor | null = null;
  const loss = opt.minimize(
    () => {
      const logits = actor.forward(x);
      pred = tf.keep(tf.argMax(logits, 1));
      return tf.neg(
        tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(y, A)), 1)),
      ) as tf.Scalar;
    },
    true,
    actor.vars,
  )!;
  const p = pred as tf.Tensor | null;
  const correct = p ? tf.tidy(() => tf.sum(tf.cast(tf.equal(p, y), 'float32')).dataSync()[0]!) : 0;
  const l = loss.dataSync()[0]! * rows.length;
  tf.dispose([x, y, loss, ...(p ? [p] : [])]);
  return [l, correct];
}

/** Train the actor for `epochs` epochs; returns the last epoch's stats, or null if cancelled. */
export async function trainSupervised(run: SupervisedRun): Promise<EpochStats | null> {
  const fast = run.actor instanceof FastMlp ? new FastStep(run, run.actor) : null;
  const opt = fast ? null : tf.train.adam(run.learningRate);
  let last: EpochStats = { epoch: 0, loss: Number.NaN, accuracy: 0 };
  try {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const order = shuffled(run.set.size, run.rand);
      let loss = 0;
      let correct = 0;
      for (let s = 0; s < order.length; s += run.batch) {
        if (run.signal?.aborted) return null;
        const rows = order.subarray(s, s + run.batch);
        const [l, c] = fast ? fast.step(rows) : step(run, opt!, rows);
        loss += l;
        correct += c;
        if ((s / run.batch) % 64 === 63) await new Promise<void>((r) => setImmediate(r));
      }
      last = { epoch, loss: loss / order.length, accuracy: correct / order.length };
      run.onEpoch?.(last);
      await new Promise<void>((r) => setImmediate(r));
    }
    return last;
  } finally {
    opt?.dispose();
  }
}
