/** The LLM advisor's public surface: model manager, download, advisor and the test model writer. */
export { LlmAdvisor, validate } from './llmAdvisor';
export { FallbackAdvisor, sumCounts } from './fallbackAdvisor';
export type { FallbackCounts, TimedAdvisor } from './fallbackAdvisor';
export type { LlmAdvice, LlmAdvisorOptions, LlmFallback } from './llmAdvisor';
export {
  ModelManager,
  NoModelError,
  defaultThreads,
  describeModel,
  physicalCores,
} from './modelManager';
export type {
  LoadedModel,
  ModelInfo,
  ModelManagerOptions,
  ModelSettings,
  ModelState,
} from './modelManager';
export {
  RECOMMENDED_MODEL,
  DownloadError,
  downloadModel,
  sha256File,
  verifyModelFile,
} from './download';
export type { DownloadOptions, DownloadProgress, ModelDescriptor } from './download';
export { AbortError } from './lock';
export { NON_CANDIDATE_FLOOR, candidateDistribution } from './distribution';
export {
  ADVISOR_INSTRUCTIONS,
  ANSWER_PREFIX,
  PAPER_INSTRUCTIONS,
  buildPrompt,
  answerGrammar,
  answerSchema,
  instructionsFor,
} from './prompt';
export type { AdvisorPrompt, PromptCandidate, PromptStyle } from './prompt';
export { adviceCacheKey } from './cache';
export type { InferenceStats } from './inference';
