/** The deterministic incident twin, its scenarios and the optimal-plan solver. */
export type { Emitter, FeedbackModel, Requirement, ScenarioModel, VariantModel } from './model';
export { DEFAULT_EVIDENCE_NOISE } from './model';
export { k } from './model';
export { decoyScenarioIds, hardScenarioIds, scenarioModel, SCENARIOS } from './scenarios';
export { optimalSteps, remainingPlan, remainingSteps } from './solver';
export { serviceTarget, targetsOf, Twin, type TwinOptions } from './twin';
