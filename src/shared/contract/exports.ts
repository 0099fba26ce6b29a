/** Writing the decisions or the audit log to a file (`export.decisions`). */
import { z } from 'zod';
import { auditFilter } from './audit';
import { id } from './common';

/** Argument schemas of the export requests. */
export const exportRequests = {
  'export.decisions': z
    .object({
      what: z.enum(['decisions', 'audit']),
      format: z.enum(['csv', 'json']),
      /** Decisions only: this dataset's (default: every dataset's). */
      datasetId: id.optional(),
      /** Audit only: the rows this filter selects, as the Audit screen shows them (default: all). */
      audit: auditFilter.optional(),
    })
    .strict()
    .refine((a) => a.what === 'audit' || a.audit === undefined, {
      message: 'an audit filter applies to the audit export only',
      path: ['audit'],
    }),
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
