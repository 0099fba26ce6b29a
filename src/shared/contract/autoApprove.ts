/** Per-class thresholds for approving recommendations automatically (`autoApprove.*`). */
import { z } from 'zod';
import { noArgs } from './common';

/** Argument schemas of the auto-approval requests. */
export const autoApproveRequests = {
  'autoApprove.get': noArgs,
  'autoApprove.set': z
    .object({
      /** Per predicted class: approve automatically when the Beta confidence mean ≥ this; null = off. */
      thresholds: z.record(z.string().min(1).max(64), z.number().min(0.5).max(1).nullable()),
    })
    .strict(),
} as const;

export interface AutoApproveSettings {
  thresholds: Record<string, number | null>;
}

/** Result types of the auto-approval requests. */
export interface AutoApproveResults {
  'autoApprove.get': AutoApproveSettings;
  'autoApprove.set': AutoApproveSettings;
}
