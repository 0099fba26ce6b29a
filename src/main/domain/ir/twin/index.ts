/** The deterministic incident twin, its scenarios and the optimal-plan solver. */
export type {
  Emitter,
  FeedbackModel,
  Requirement,
  ScenarioModel,
  VariantModel,
} from './scenarios/model';
export { DEFAULT_EVIDENCE_NOISE } from './scenarios/model';
export { k } from './scenarios/model';
export {
  decoyScenarioIds,
  hardScenarioIds,
  registerScenario,
  scenarioModel,
  SCENARIOS,
} from './scenarios';
export { loadScenarioFile, parseScenario, ScenarioFileError } from './scenarioFile';
export { optimalSteps, remainingPlan, remainingSteps } from './solver';
export { serviceTarget, targetsOf, Twin, type TwinOptions } from './twin';
