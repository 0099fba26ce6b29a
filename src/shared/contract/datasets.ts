/** Datasets and the load jobs that fill them (`datasets.*`). */
import { z } from 'zod';
import { id, noArgs } from './common';
import type { JobRecord } from './jobs';

/** Argument schemas of the dataset requests. */
export const datasetRequests = {
  'datasets.list': noArgs,
  'datasets.loadDemo': z
    .object({
      rows: z.number().int().min(100).max(5_000_000).default(20_000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
    })
    .strict(),
  'datasets.loadPaths': z
    .object({
      paths: z.array(z.string().min(1).max(4096)).min(1).max(64),
      /** Labels or excluded groups (e.g. Bot, Heartbleed) to keep as extra classes. */
      extraClasses: z.array(z.string().min(1).max(64)).max(16).default([]),
    })
    .strict(),
  /**
   * Train the dataset's detector again, classify every flow and recommend, as a load would (a
   * durable job). Refused while a job runs on it and when any of its alerts has a decision.
   */
  'datasets.reclassify': z.object({ datasetId: id }).strict(),
  /** Continue an interrupted load: classify the flows without an alert, recommend the rest. */
  'datasets.resume': z.object({ datasetId: id }).strict(),
  /** Delete the dataset and everything derived from it, in one transaction. */
  'datasets.delete': z.object({ datasetId: id }).strict(),
  /**
   * Classify every flow of the dataset again with another stored detector (no training), then
   * recommend with that detector's policy: a durable re-classify job, audited. Refused as
   * re-classify is, and for a detector that needs confirmation.
   */
  'datasets.rescore': z.object({ datasetId: id, detectorId: id }).strict(),
  /** Every stored detector (newest first) with what it was trained on and its policy. */
  'detector.list': noArgs,
  /**
   * Confirm a detector whose training set failed the check (no Benign, or a class below the
   * minimum), so it may score feeds and re-scores; audited with the warning it overrides.
   */
  'detector.confirm': z.object({ detectorId: id }).strict(),
} as const;

/** A stored detector as the console shows it next to what it scores. */
export interface DetectorInfo {
  id: number;
  /** The labelled load it was trained on. */
  datasetId: number;
  datasetName: string;
  createdAt: string;
  /** Classes with labelled training rows (all its class names for a detector stored before the check). */
  classes: string[];
  /** Labelled training rows per class; null for a detector stored before the check. */
  rowsByClass: Record<string, number> | null;
  /** Its newest policy, which recommends for what it scores; null while it has none. */
  policy: { id: number; method: string; createdAt: string } | null;
  /** Its training set failed the check and no analyst confirmed it: it scores no feed or re-score. */
  needsConfirmation: boolean;
  /** The check's warning naming the missing and thin classes (kept after confirmation); null when it passed. */
  warning: string | null;
  confirmed: { by: string; at: string } | null;
}

/** The step the console offers for a dataset whose last job did not finish. */
export interface DatasetNextStep {
  action: 'resume' | 'reclassify' | 'reload';
  /** Why, in the analyst's words. */
  why: string;
}

export interface DatasetSummary {
  id: number;
  name: string;
  createdAt: string;
  /** `interrupted`: its last job was cut short by a crash or kill (see `job` and `next`). */
  status: 'loading' | 'ready' | 'cancelled' | 'failed' | 'interrupted';
  synthetic: boolean;
  rowsStored: number;
  rowsSkipped: number;
  detectorId: number | null;
  alerts: number;
  /** The last job that worked on it (load, re-classify, resume, training run), if any. */
  job: JobRecord | null;
  /** What to do next when that job was interrupted or failed; null when nothing is owed. */
  next: DatasetNextStep | null;
  /** The detector whose alerts it holds (its own, another's for unlabelled data, a feed's pinned one). */
  scoredBy: DetectorInfo | null;
  /** The detector trained on it (with its training-set warning), if any. */
  trained: DetectorInfo | null;
}

/** Result types of the dataset requests. */
export interface DatasetResults {
  'datasets.list': DatasetSummary[];
  'datasets.loadDemo': { jobId: string };
  'datasets.loadPaths': { jobId: string };
  'datasets.reclassify': { jobId: string };
  'datasets.resume': { jobId: string };
  'datasets.delete': { datasetId: number; flows: number; alerts: number };
  'datasets.rescore': { jobId: string };
  'detector.list': DetectorInfo[];
  'detector.confirm': DetectorInfo;
}
