/** The decision-tree detector: training, prediction, signatures, Beta confidence and metrics. */
export type { TreeConfig, TrainingData } from './config';
export { DEFAULT_TREE_CONFIG } from './config';
export { stratifiedSplit } from './split';
export { trainTree } from './train';
export type { SerializedTree } from './tree';
export { DecisionTree } from './tree';
export type { Condition, SignatureDef } from './signatures';
export { extractSignatures, formatThreshold, signatureText } from './signatures';
export type { BetaPrior } from './beta';
export { DEFAULT_BETA_PRIOR, betaSummary } from './beta';
export type { ClassScore, EvalReport } from './metrics';
export { evaluate, signatureCounts } from './metrics';
export type { LeafBounds, Novelty } from './novelty';
export { NOVELTY_MARGIN, leafBoundsOf, noveltyScore } from './novelty';
