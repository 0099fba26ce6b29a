/**
 * Every request of the contract: its argument schema (from each area's file), its result type,
 * and the validation every transport runs before a handler sees the arguments.
 */
import type { z } from 'zod';
import { appRequests, type AppResults } from './app';
import { alertRequests, type AlertResults } from './alerts';
import { auditRequests, type AuditResults } from './audit';
import { autoApproveRequests, type AutoApproveResults } from './autoApprove';
import { datasetRequests, type DatasetResults } from './datasets';
import { detectorRequests, type DetectorResults } from './detector';
import { exportRequests, type ExportResults } from './exports';
import { feedRequests, type FeedResults } from './feeds';
import { incidentRequests, type IncidentResults } from './incidents';
import { jobRequests, type JobResults } from './jobs';
import { kgRequests, type KgResults } from './kg';
import { advisorRequests, type AdvisorResults } from './model';
import { trainingRequests, type TrainingResults } from './training';

/** Argument schemas, one per request. */
export const requestSchemas = {
  ...appRequests,
  ...datasetRequests,
  ...jobRequests,
  ...alertRequests,
  ...advisorRequests,
  ...kgRequests,
  ...trainingRequests,
  ...feedRequests,
  ...exportRequests,
  ...incidentRequests,
  ...autoApproveRequests,
  ...detectorRequests,
  ...auditRequests,
} as const;

export type RequestName = keyof typeof requestSchemas;
/** What a caller passes (defaults may be omitted). */
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
/** What a handler receives after validation (defaults filled in). */
export type ValidArgs<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;

/** Result type of each request. */
export interface RequestResults
  extends
    AppResults,
    DatasetResults,
    JobResults,
    AlertResults,
    AdvisorResults,
    KgResults,
    TrainingResults,
    FeedResults,
    ExportResults,
    IncidentResults,
    AutoApproveResults,
    DetectorResults,
    AuditResults {}

export type RequestResult<K extends RequestName> = RequestResults[K];

/** The API the renderer talks to, whatever the transport. */
export type RampartApi = {
  [K in RequestName]: (args: RequestArgs<K>) => Promise<RequestResult<K>>;
};

/**
 * Error thrown when a request met a state other than the one it expected: another analyst decided
 * the alert first. Nothing was written; `state` is the fresh state, for the caller to show.
 */
export class ConflictError extends Error {
  constructor(
    readonly request: string,
    message: string,
    readonly state: unknown,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Error thrown for a request whose arguments fail validation. */
export class InvalidRequestError extends Error {
  constructor(
    readonly request: string,
    readonly issues: string,
  ) {
    super(`invalid request ${request}: ${issues}`);
  }
}

/** Validate a request by name; throws InvalidRequestError naming what is wrong. */
export function validateRequest<K extends RequestName>(name: K, args: unknown): ValidArgs<K> {
  const schema = requestSchemas[name];
  if (!schema) throw new InvalidRequestError(String(name), 'unknown request');
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    throw new InvalidRequestError(
      name,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data as ValidArgs<K>;
}
