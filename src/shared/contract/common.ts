/** Schemas and types several areas of the contract share. */
import { z } from 'zod';

/** A store id. */
export const id = z.number().int().positive();

/** An id the core made up (job, run, feed, incident). */
export const handle = z.string().min(1).max(64);

/** A request that takes no arguments. */
export const noArgs = z.object({}).strict();

/** A Beta posterior summary: mean and 95% equal-tailed credible interval. */
export interface BetaSummary {
  mean: number;
  lo: number;
  hi: number;
}

/** Where an alert stands: awaiting the analyst, decided by them, or approved automatically. */
export const ALERT_STATUSES = ['pending', 'approved', 'overridden', 'auto'] as const;

/** One of {@link ALERT_STATUSES}. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];
