/** The advisor: which one answers, the LLM's load state and the model download (`advisor.*`). */
import { z } from 'zod';
import { noArgs } from './common';

/** Argument schemas of the advisor requests. */
export const advisorRequests = {
  'advisor.status': noArgs,
  'advisor.setModel': z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
  'advisor.download': noArgs,
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
    }
  | { status: 'error'; path: string; message: string };

/** The advisor in use and the LLM's load state (Model settings). */
export interface AdvisorStatus {
  /** Which advisor answers now: the LLM when a model is loaded, else the KG advisor. */
  active: 'llm' | 'kg';
  model: ModelState;
  /** Mean LLM call time of recent uncached calls, ms; null before any. */
  latencyMs: number | null;
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
}
