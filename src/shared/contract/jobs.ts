/**
 * Long-running jobs (loads, the model download): cancellation, progress, and a result typed per
 * kind of job, so a download reports what it fetched rather than rows it never read.
 */
import { z } from 'zod';
import { handle } from './common';

/** Argument schemas of the job requests. */
export const jobRequests = {
  'jobs.cancel': z.object({ jobId: handle }).strict(),
} as const;

/** Result types of the job requests. */
export interface JobResults {
  'jobs.cancel': { cancelled: boolean };
}

export interface JobProgress {
  jobId: string;
  phase: 'reading' | 'training' | 'classifying' | 'advising' | 'done';
  rowsRead: number;
  rowsSkipped: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSec: number;
  /** 0..1 */
  fraction: number;
  etaSec: number | null;
}

/** How any job ended. */
interface JobOutcome {
  jobId: string;
  ok: boolean;
  cancelled: boolean;
  error: string | null;
}

/** A finished load: the dataset it made and the rows it kept and skipped. */
export interface LoadFinished extends JobOutcome {
  kind: 'load';
  datasetId: number | null;
  rowsStored: number;
  rowsSkipped: number;
  skippedByReason: Record<string, number>;
  examples: { file: string; line: number; reason: string; detail: string }[];
}

/** A finished model download: the GGUF file it saved (null unless it succeeded). */
export interface DownloadFinished extends JobOutcome {
  kind: 'download';
  path: string | null;
}

/** The `job.finished` payload, told apart by `kind`. */
export type JobFinished = LoadFinished | DownloadFinished;

/** A kind of job. */
export type JobKind = JobFinished['kind'];

/** What a job of kind `K` reports when it ends, before the runner adds its id. */
export type JobResult<K extends JobKind = JobKind> = K extends JobKind
  ? Omit<Extract<JobFinished, { kind: K }>, 'jobId'>
  : never;
