/**
 * A plain MLP on tf.Variables (the actor and the critic are one each, as in CleanRL): seeded
 * initialisation in JS so a seed gives the same weights on every backend, and weights that
 * serialise to plain arrays for checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import type { MlpShape, MlpWeights } from './fast/shape';

export type { Activation, MlpShape, MlpWeights } from './fast/shape';

/** Standard normal from a uniform source (Box–Muller). */
function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Seeded weights: scaled Gaussian with std gain/sqrt(fan-in) (an orthogonal-like scale), zero
 * biases; the output layer gets `outGain` (CleanRL: 0.01 for the actor, 1 for the critic).
 */
export function initMlp(shape: MlpShape, rand: () => number, outGain: number): MlpWeights {
  const params: Float32Array[] = [];
  const { sizes } = shape;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const gain = l + 2 === sizes.length ? outGain : Math.SQRT2;
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (gaussian(rand) * gain) / Math.sqrt(fanIn);
    params.push(w, new Float32Array(fanOut));
  }
  return { ...shape, sizes: [...sizes], params };
}

/** The MLP as trainable tf.Variables. */
export class Mlp {
  readonly vars: tf.Variable[];

  constructor(readonly shape: MlpWeights) {
    const { sizes } = shape;
    this.vars = shape.params.map((p, k) => {
      const l = k >> 1;
      const t = k % 2 === 0 ? tf.tensor2d(p, [sizes[l]!, sizes[l + 1]!]) : tf.tensor1d(p);
      const v = tf.variable(t, true);
      t.dispose();
      return v;
    });
  }

  /** Output (logits or values) for a batch of states [rows, input]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      const layers = this.vars.length / 2;
      for (let l = 0; l < layers; l++) {
        h = tf.add(tf.matMul(h, this.vars[2 * l] as tf.Tensor2D), this.vars[2 * l + 1]!);
        if (l + 1 < layers) h = this.shape.activation === 'tanh' ? tf.tanh(h) : tf.relu(h);
      }
      return h;
    });
  }

  /** Current weights as plain arrays. */
  weights(): MlpWeights {
    return {
      sizes: [...this.shape.sizes],
      activation: this.shape.activation,
      params: this.vars.map((v) => v.dataSync() as Float32Array).map((a) => new Float32Array(a)),
    };
  }

  /** Free the variables. */
  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}
