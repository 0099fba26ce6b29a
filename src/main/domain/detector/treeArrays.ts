/** The flat arrays a trained tree is made of (shared by the trainer and DecisionTree). */

/**
 * Internal nodes are numbered in pre-order from 0 (the root). A child reference >= 0 is an internal
 * node; a negative one, ~leaf, is leaf number `leaf`. A tree with a single leaf has no internal nodes.
 * Rows go right when value > threshold, else left (so NaN goes left).
 */
export interface TreeArrays {
  /** Row stride of the matrices the tree reads. */
  featureCount: number;
  classCount: number;
  /** Feature index tested by each internal node. */
  feature: Int32Array;
  /** Threshold of each internal node. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Predicted class of each leaf. */
  leafClass: Int16Array;
  /** Depth of the deepest leaf (root = 0). */
  depth: number;
}
