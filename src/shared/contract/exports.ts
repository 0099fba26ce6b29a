/** Writing the decisions or the audit log to a file (`export.decisions`). */
import { z } from 'zod';
import { id } from './common';

/** Argument schemas of the export requests. */
export const exportRequests = {
  'export.decisions': z
    .object({
      what: z.enum(['decisions', 'audit']),
      format: z.enum(['csv', 'json']),
      datasetId: id.optional(),
    })
    .strict(),
} as const;

export interface ExportResult {
  /** File written under the data folder's exports/. */
  path: string;
  rows: number;
  /** Relative URL the headless host serves it at (token required); null in Electron. */
  url: string | null;
}

/** Result types of the export requests. */
export interface ExportResults {
  'export.decisions': ExportResult;
}
