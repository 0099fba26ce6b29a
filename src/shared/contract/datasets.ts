/** Datasets and the load jobs that fill them (`datasets.*`). */
import { z } from 'zod';
import { noArgs } from './common';

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
} as const;

export interface DatasetSummary {
  id: number;
  name: string;
  createdAt: string;
  status: 'loading' | 'ready' | 'cancelled' | 'failed';
  synthetic: boolean;
  rowsStored: number;
  rowsSkipped: number;
  detectorId: number | null;
  alerts: number;
}

/** Result types of the dataset requests. */
export interface DatasetResults {
  'datasets.list': DatasetSummary[];
  'datasets.loadDemo': { jobId: string };
  'datasets.loadPaths': { jobId: string };
}
