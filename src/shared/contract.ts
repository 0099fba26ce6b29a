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
      status: z.enum(['pending', 'approved', 'overridden', 'auto']).optional(),
    })
    .strict(),
  'alerts.detail': z.object({ id }).strict(),
  'alerts.decide': z
    .object({
      alertIds: z.array(id).min(1).max(5000),
      /** approve: take the recommended action; override: take `action` instead. */
      decision: z.enum(['approve', 'override']),
      /** Catalogue index of the action taken (required for override). */
      action: z.number().int().min(0).max(63).optional(),
      /**
       * The analyst's disposition: the flow's true class (the predicted class = true positive,
       * 'Benign' = false positive, another class = misclassified). Omitted: the prediction stands.
       */
      trueClass: z.string().min(1).max(64).optional(),
      note: z.string().max(2000).default(''),
      actor: z.string().min(1).max(64).default('analyst'),
    })
    .strict()
    .refine((d) => d.decision !== 'override' || d.action !== undefined, {
      message: 'an override needs the action taken',
      path: ['action'],
    }),
  'advisor.status': z.object({}).strict(),
  'advisor.setModel': z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
  'advisor.download': z.object({}).strict(),
  'kg.summary': z.object({ detectorId: id.optional() }).strict(),
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
  /** The mitigation catalogue, in index order. */
  actions: ActionInfo[];
  /** Per class, the catalogue indices ranked best first (Table II). */
  ranked: Record<string, number[]>;
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
  /** What the engine recommended when the alert was decided on; null until a policy exists. */
  recommendation: RecommendationBrief | null;
}

/** One catalogue action as the UI shows it. */
export interface ActionInfo {
  /** Index into the catalogue (0..14). */
  index: number;
  /** ATT&CK mitigation ID, e.g. M1037 (or NA for No Action). */
  id: string;
  name: string;
  description: string;
}

/** The recommendation columns of an alert row. */
export interface RecommendationBrief {
  /** The policy's greedy action (catalogue index) and its probability π(a|s). */
  action: number;
  probability: number;
  /** Which advisor produced the suggestion: always shown. */
  advisor: 'llm' | 'kg';
  adviceAction: number;
  /** Historical reward the advice was based on (R_LLM). */
  adviceReward: number;
}

/** An advisor's evidence record (the serialised KG record it was given). */
export interface EvidenceRecord {
  kind: 'action-reward' | 'misclassification' | 'signature-confidence';
  text: string;
}

/** Everything fixed at decision time for one alert. */
export interface RecommendationDetail extends RecommendationBrief {
  /** π(·|s) over every catalogue action. */
  policyProbs: number[];
  /** π_LLM / the KG advisor's distribution over every action. */
  adviceProbs: number[];
  evidence: EvidenceRecord[];
  /** Model versions that produced it. */
  policyId: number;
  method: string;
  detectorId: number;
  kgVersion: number;
  /** GGUF file name for LLM advice; null for the KG advisor. */
  advisorModel: string | null;
  createdAt: string;
}

/** One analyst (or automatic) decision on an alert. */
export interface DecisionEntry {
  id: number;
  alertId: number;
  auditId: number;
  at: string;
  actor: string;
  kind: 'approve' | 'override' | 'auto';
  /** Recommended action at decision time (null when none existed). */
  recommended: number | null;
  action: number;
  trueClass: string | null;
  note: string;
}

export interface AlertDetail {
  alert: AlertRow;
  signature: SignatureDetail;
  recommendation: RecommendationDetail | null;
  decisions: DecisionEntry[];
}

export interface DecideResult {
  decided: number;
  /** Alerts skipped because they no longer exist. */
  missing: number[];
  auditIds: number[];
  /** KG version after the feedback was applied (null when no KG exists yet). */
  kgVersion: number | null;
}

/** The advisor in use and the LLM's load state (Model settings). */
export interface AdvisorStatus {
  /** Which advisor answers now: the LLM when a model is loaded, else the KG advisor. */
  active: 'llm' | 'kg';
  model:
    | { status: 'none' }
    | { status: 'loading'; path: string }
    | {
        status: 'loaded';
        path: string;
        name: string;
        sizeBytes: number;
        contextSize: number;
        threads: number;
        backend: string;
      }
    | { status: 'error'; path: string; message: string };
  /** Mean LLM call time of recent uncached calls, ms; null before any. */
  latencyMs: number | null;
  recommended: { name: string; sizeBytes: number; license: string; url: string };
  download: {
    state: 'idle' | 'downloading' | 'done' | 'failed' | 'cancelled';
    receivedBytes: number;
    totalBytes: number | null;
    jobId: string | null;
    error: string | null;
  };
}

/** The knowledge graph's size and version, and the policy in use, for a detector. */
export interface KgSummary {
  detectorId: number | null;
  version: number | null;
  nodes: number;
  edges: number;
  snapshots: number;
  policy: {
    id: number;
    method: string;
    createdAt: string;
    episodes: number;
    backend: string;
  } | null;
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
  'alerts.detail': AlertDetail | null;
  'alerts.decide': DecideResult;
  'advisor.status': AdvisorStatus;
  'advisor.setModel': AdvisorStatus;
  'advisor.download': { jobId: string };
  'kg.summary': KgSummary;
}

export type RequestResult<K extends RequestName> = RequestResults[K];

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
  'advisor.changed': AdvisorStatus;
  /** Decisions were recorded or recommendations recomputed for a dataset. */
  'alerts.changed': { datasetId: number; alertIds: number[] };
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = [
  'job.progress',
  'job.finished',
  'datasets.changed',
  'advisor.changed',
  'alerts.changed',
];

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
