/**
 * An MLP's shape and weights as plain arrays: the format both learners (TensorFlow.js in
 * ../network.ts, the fused learner here) read and write, and checkpoints serialise.
 */

/** Hidden-layer activation. */
export type Activation = 'tanh' | 'relu';

/** Layer widths [input, hidden..., output] and the hidden activation. */
export interface MlpShape {
  sizes: number[];
  activation: Activation;
}

/** An MLP's weights as plain arrays: [W0, b0, W1, b1, ...], W row-major [in, out]. */
export interface MlpWeights extends MlpShape {
  params: Float32Array[];
}
