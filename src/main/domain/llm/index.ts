/** The LLM advisor's public surface: model manager, download, advisor and the test model writer. */
export { LlmAdvisor, validate } from './llmAdvisor';
export type { LlmAdvice, LlmAdvisorOptions, LlmFallback } from './llmAdvisor';
export { ModelManager, NoModelError, defaultThreads, physicalCores } from './modelManager';
export type { LoadedModel, ModelManagerOptions, ModelSettings, ModelState } from './modelManager';
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
export { ADVISOR_INSTRUCTIONS, ANSWER_PREFIX, buildPrompt, answerSchema } from './prompt';
export type { AdvisorPrompt, PromptCandidate } from './prompt';
export { adviceCacheKey } from './cache';
export type { InferenceStats } from './inference';
