/**
 * Cross-entropy training of the actor network: behaviour cloning on the LLM's choices
 * (PPO-KG-PT's pre-training) and the supervised DL baseline (target: the true class's
 * top-ranked action).
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './network';
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
  actor: Mlp;
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

/** One Adam step on a minibatch; returns [summed loss, correct count]. */
function step(run: SupervisedRun, opt: tf.Optimizer, rows: Uint32Array): [number, number] {
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
      const logits = run.actor.forward(x);
      pred = tf.keep(tf.argMax(logits, 1));
      return tf.neg(
        tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(y, A)), 1)),
      ) as tf.Scalar;
    },
    true,
    run.actor.vars,
  )!;
  const p = pred as tf.Tensor | null;
  const correct = p ? tf.tidy(() => tf.sum(tf.cast(tf.equal(p, y), 'float32')).dataSync()[0]!) : 0;
  const l = loss.dataSync()[0]! * rows.length;
  tf.dispose([x, y, loss, ...(p ? [p] : [])]);
  return [l, correct];
}

/** Train the actor for `epochs` epochs; returns the last epoch's stats, or null if cancelled. */
export async function trainSupervised(run: SupervisedRun): Promise<EpochStats | null> {
  const opt = tf.train.adam(run.learningRate);
  let last: EpochStats = { epoch: 0, loss: Number.NaN, accuracy: 0 };
  try {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const order = shuffled(run.set.size, run.rand);
      let loss = 0;
      let correct = 0;
      for (let s = 0; s < order.length; s += run.batch) {
        if (run.signal?.aborted) return null;
        const [l, c] = step(run, opt, order.subarray(s, s + run.batch));
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
    opt.dispose();
  }
}
