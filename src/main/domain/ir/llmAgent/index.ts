/** The in-context LLM response agent (paper 2) and its roles. */
export { LlmResponseAgent, greedyLlm, oneShotLlm } from './llmAgent';
export type { LlmAgentDeps, LlmAgentMode, LlmAgentOptions, LlmAgentStats } from './llmAgent';
export { act, entityList, perceive, plan, planWhole, reason } from './roles';
export type {
  Perception,
  PlanSettings,
  Planning,
  Reasoning,
  RoleEnv,
  WorldModel,
  WorldModelFactory,
} from './roles';
export { CallTimeoutError, IrLlm, PromptTooLongError } from './call';
export type { AskRequest, CallStats, CallTotals, IrLlmOptions, LlmAnswer } from './call';
export {
  IR_INSTRUCTIONS,
  alertsBrief,
  budgetVariants,
  contextText,
  summariseAlerts,
  userVariants,
} from './context';
export type { ContextBudget, HistoryEntry, IncidentContext } from './context';
export * from './grounding';
