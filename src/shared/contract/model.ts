/** The advisor: which one answers, the LLM's load state and the model download (`advisor.*`). */
import { z } from 'zod';
import { noArgs } from './common';

/** The advisor's prompt: Rampart's default, or the paper's Table III template. */
export const PROMPT_STYLES = ['default', 'paper'] as const;
/** One of {@link PROMPT_STYLES}. */
export type PromptStyle = (typeof PROMPT_STYLES)[number];

/** Argument schemas of the advisor requests. */
export const advisorRequests = {
  'advisor.status': noArgs,
  'advisor.setModel': z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
  'advisor.download': noArgs,
  'advisor.setPrompt': z.object({ prompt: z.enum(PROMPT_STYLES) }).strict(),
} as const;

/** The LLM's load state, as the model manager keeps it and the Model settings screen shows it. */
export type ModelState =
  | { status: 'none' }
  | { status: 'loading'; path: string }
  | {
      status: 'loaded';
      path: string;
      name: string;
      sizeBytes: number;
      contextSize: number;
      threads: number;
      /** The backend in use: 'cpu' or the GPU type (cuda, vulkan, metal). */
      backend: string;
      /** Total parameters, from the GGUF's tensor shapes. */
      parameters: number;
      /** Quantisation (the GGUF file type), e.g. Q4_K_M. */
      quantization: string;
      /** Whether the GGUF ships a chat template (an instruction-tuned model). */
      instructionTuned: boolean;
      /** general.architecture, e.g. gemma3. */
      architecture: string;
    }
  | { status: 'error'; path: string; message: string };

/** The advisor in use and the LLM's load state (Model settings). */
export interface AdvisorStatus {
  /** Which advisor answers now: the LLM when a model is loaded, else the KG advisor. */
  active: 'llm' | 'kg';
  model: ModelState;
  /** Mean LLM call time of recent uncached calls, ms; null before any. */
  latencyMs: number | null;
  /** The prompt the LLM advisor fills (default 'default'). */
  prompt: PromptStyle;
  recommended: { name: string; sizeBytes: number; license: string; url: string };
  download: {
    state: 'idle' | 'downloading' | 'done' | 'failed' | 'cancelled';
    receivedBytes: number;
    totalBytes: number | null;
    jobId: string | null;
    error: string | null;
  };
}

/** Result types of the advisor requests. */
export interface AdvisorResults {
  'advisor.status': AdvisorStatus;
  'advisor.setModel': AdvisorStatus;
  'advisor.download': { jobId: string };
  'advisor.setPrompt': AdvisorStatus;
}
