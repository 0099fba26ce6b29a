/**
 * Long-running jobs (loads, re-classifications, resumed loads, training runs, the model download):
 * cancellation, progress, a result typed per kind of job, and the durable record each job keeps
 * in the store (`jobs.list`), which says after a crash or kill -9 what was interrupted and where.
 */
import { z } from 'zod';
import { handle, id } from './common';

/** Argument schemas of the job requests. */
export const jobRequests = {
  'jobs.cancel': z.object({ jobId: handle }).strict(),
  'jobs.list': z
    .object({
      /** Only this dataset's jobs. Default: every job. */
      datasetId: id.optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
} as const;

/** Result types of the job requests. */
export interface JobResults {
  'jobs.cancel': { cancelled: boolean };
  'jobs.list': JobRecord[];
}

/**
 * Where a job stands. `interrupted`: it was running when its process died (crash, kill -9,
 * power loss); the next start-up marks it so, and resumes it or offers the next step.
 */
export type JobStatus = 'queued' | 'running' | 'interrupted' | 'failed' | 'cancelled' | 'done';

/**
 * What a job was doing. A load goes ingest → detector (training the tree in a worker) → classify
 * → policy (training the recommending policy in a worker) → recommend → done.
 */
export type JobStage =
  | 'queued'
  | 'ingest'
  | 'detector'
  | 'classify'
  | 'policy'
  | 'recommend'
  | 'download'
  | 'training'
  | 'done';

/** Every kind of durable job: the runner's kinds and the dashboard's training runs. */
export type JobRecordKind = JobKind | 'training';

/** A job as the store keeps it. */
export interface JobRecord {
  id: string;
  kind: JobRecordKind;
  datasetId: number | null;
  status: JobStatus;
  stage: JobStage;
  /** Progress within the stage: `done` of `total` (rows, episodes; 0 of 0 when unknown). */
  done: number;
  total: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The job that resumed or redid this one (an interrupted job's follow-up). */
  followedBy: string | null;
}

/**
 * A load's phases in order: reading the files, training the detector, classifying every flow,
 * advising (training the recommending policy), recommending for every alert, done.
 */
export type LoadPhase =
  'reading' | 'training' | 'classifying' | 'advising' | 'recommending' | 'done';

/** How far the current phase is: `done` of `total` in `unit`s. */
export interface PhaseStep {
  done: number;
  total: number;
  /**
   * bytes read, flows classified, policy training percent, alerts recommended; `seconds` for the
   * detector's training, which reports no steps: its total is an estimate from the rows and the
   * last training's speed.
   */
  unit: 'bytes' | 'flows' | 'percent' | 'alerts' | 'seconds';
}

/** A load job's progress (job.progress), sent when it starts and as each phase moves. */
export interface JobProgress {
  jobId: string;
  phase: LoadPhase;
  rowsRead: number;
  rowsSkipped: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSec: number;
  /** Of the whole load, 0..1. */
  fraction: number;
  /**
   * Seconds left in the current phase, from its own rate (`step`); null only until the phase has
   * made its first step.
   */
  etaSec: number | null;
  /** The current phase's steps; absent from senders that do not count them. */
  step?: PhaseStep;
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
  /** Cells read as Infinity / NaN per column: kept rows (zero-duration flows), a note, not a skip. */
  nonFinite: Record<string, number>;
  examples: { file: string; line: number; reason: string; detail: string }[];
  /**
   * Rows skipped per excluded group that extra classes would keep (e.g. { Bot: 1966 }): the
   * one-click choices for the next load. Absent on a load that failed before reading.
   */
  excluded?: Record<string, number>;
  /** Rows stored per class, the extra classes this load kept included. */
  classes?: Record<string, number>;
  /**
   * The detector trained by this load failed the training-set check (no Benign, or a class below
   * the minimum): the warning naming the classes. It scores no feed or re-score until confirmed.
   */
  warning?: string | null;
}

/** A finished model download: the GGUF file it saved (null unless it succeeded). */
export interface DownloadFinished extends JobOutcome {
  kind: 'download';
  path: string | null;
}

/** What a job on a stored dataset (re-classify, resume) wrote. */
interface DatasetJobOutcome extends JobOutcome {
  datasetId: number;
  /** Alerts this job wrote. */
  alerts: number;
  /** Recommendations this job wrote. */
  recommended: number;
}

/** A finished re-classification: the detector trained again, every flow classified again. */
export interface ReclassifyFinished extends DatasetJobOutcome {
  kind: 'reclassify';
}

/** A finished resumed load: the flows without an alert classified, the alerts without one recommended. */
export interface ResumeFinished extends DatasetJobOutcome {
  kind: 'resume';
}

/** The `job.finished` payload, told apart by `kind`. */
export type JobFinished = LoadFinished | DownloadFinished | ReclassifyFinished | ResumeFinished;

/** A kind of job. */
export type JobKind = JobFinished['kind'];

/** What a job of kind `K` reports when it ends, before the runner adds its id. */
export type JobResult<K extends JobKind = JobKind> = K extends JobKind
  ? Omit<Extract<JobFinished, { kind: K }>, 'jobId'>
  : never;
