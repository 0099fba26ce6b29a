/**
 * The one typed contract between the UI and the core. Electron's preload, the main-process IPC
 * handlers and the headless HTTP + WebSocket host are all derived from it. Every request's
 * arguments are validated against its schema before a handler sees them.
 */
import { z } from 'zod';

const id = z.number().int().positive();

/** Argument schemas, one per request. */
export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'datasets.list': z.object({}).strict(),
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
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(64) }).strict(),
  'alerts.query': z
    .object({
      datasetId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      predictedClass: z.string().max(64).optional(),
      sort: z.enum(['id', 'confidence', 'class']).default('id'),
      desc: z.boolean().default(false),
    })
    .strict(),
  'detector.report': z.object({ detectorId: id.optional() }).strict(),
  'signatures.get': z.object({ id }).strict(),
} as const;

export type RequestName = keyof typeof requestSchemas;
/** What a caller passes (defaults may be omitted). */
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
/** What a handler receives after validation (defaults filled in). */
export type ValidArgs<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;

/** Every request name, for deriving transports. */
export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];

/** A Beta posterior summary: mean and 95% equal-tailed credible interval. */
export interface BetaSummary {
  mean: number;
  lo: number;
  hi: number;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'headless';
  dbPath: string;
  classes: string[];
}

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

export interface AlertRow {
  id: number;
  flowId: number;
  time: string | null;
  src: string | null;
  dst: string | null;
  dstPort: number | null;
  predictedClass: string;
  trueClass: string | null;
  signatureId: number;
  signatureText: string;
  confidence: BetaSummary;
  status: 'pending' | 'approved' | 'overridden' | 'auto';
}

export interface AlertPage {
  total: number;
  rows: AlertRow[];
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface DetectorReport {
  detectorId: number;
  datasetId: number;
  createdAt: string;
  signatures: number;
  depth: number;
  trainRows: number;
  testRows: number;
  trainMs: number;
  classes: string[];
  perClass: Record<string, ClassMetrics>;
  macroF1: number;
  accuracy: number;
  /** confusion[true][predicted] over the test split. */
  confusion: number[][];
}

export interface Condition {
  feature: string;
  op: '<=' | '>';
  threshold: number;
}

export interface SignatureDetail {
  id: number;
  detectorId: number;
  predictedClass: string;
  conditions: Condition[];
  text: string;
  n: number;
  c: number;
  alpha: number;
  beta: number;
  confidence: BetaSummary;
}

/** Result type of each request. */
export interface RequestResults {
  'app.info': AppInfo;
  'datasets.list': DatasetSummary[];
  'datasets.loadDemo': { jobId: string };
  'datasets.loadPaths': { jobId: string };
  'jobs.cancel': { cancelled: boolean };
  'alerts.query': AlertPage;
  'detector.report': DetectorReport | null;
  'signatures.get': SignatureDetail | null;
}

export type RequestResult<K extends RequestName> = RequestResults[K];

export interface JobProgress {
  jobId: string;
  phase: 'reading' | 'training' | 'classifying' | 'done';
  rowsRead: number;
  rowsSkipped: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSec: number;
  /** 0..1 */
  fraction: number;
  etaSec: number | null;
}

export interface JobFinished {
  jobId: string;
  ok: boolean;
  cancelled: boolean;
  datasetId: number | null;
  error: string | null;
  rowsStored: number;
  rowsSkipped: number;
  skippedByReason: Record<string, number>;
  examples: { file: string; line: number; reason: string; detail: string }[];
}

/** Payload of each event pushed from the core to the UI. */
export interface EventPayloads {
  'job.progress': JobProgress;
  'job.finished': JobFinished;
  'datasets.changed': Record<string, never>;
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['job.progress', 'job.finished', 'datasets.changed'];

/** The API the renderer talks to, whatever the transport. */
export type RampartApi = {
  [K in RequestName]: (args: RequestArgs<K>) => Promise<RequestResult<K>>;
};

/** Subscribe to an event; returns an unsubscribe function. */
export type Subscribe = <E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
) => () => void;

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

/** Type guard for request names arriving over a transport. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}
