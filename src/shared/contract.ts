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
      sort: z.enum(['id', 'confidence', 'class', 'action', 'probability']).default('id'),
      desc: z.boolean().default(false),
      status: z.enum(['pending', 'approved', 'overridden', 'auto']).optional(),
      minConfidence: z.number().min(0).max(1).optional(),
      maxConfidence: z.number().min(0).max(1).optional(),
      /** Recommended action (catalogue index). */
      action: z.number().int().min(0).max(63).optional(),
      signatureId: id.optional(),
      /** Substring of source, destination or signature text. */
      text: z.string().min(1).max(200).optional(),
    })
    .strict(),
  'alerts.groups': z
    .object({
      datasetId: id,
      status: z.enum(['pending', 'approved', 'overridden', 'auto']).optional(),
      limit: z.number().int().min(1).max(2000).default(500),
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
  /** The KG for the view: the neighbourhood of a signature (and its type), or the whole graph. */
  'kg.graph': z
    .object({
      detectorId: id.optional(),
      /** Signature id (store id) to centre on; omitted: the whole graph. */
      signatureId: id.optional(),
      /** Cap on nodes returned (signature nodes are dropped first, least-seen first). */
      maxNodes: z.number().int().min(10).max(5000).default(800),
    })
    .strict(),
  'training.start': z
    .object({
      datasetId: id,
      method: z.enum(['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl']),
      config: z
        .object({
          seed: z
            .number()
            .int()
            .min(0)
            .max(2 ** 31 - 1),
          passes: z.number().min(0.01).max(100),
          rolloutSize: z.number().int().min(64).max(65536),
          minibatches: z.number().int().min(1).max(256),
          updateEpochs: z.number().int().min(1).max(50),
          learningRate: z.number().positive().max(1),
          clipCoef: z.number().positive().max(1),
          entCoef: z.number().min(0).max(1),
          vfCoef: z.number().min(0).max(10),
          lambdaStart: z.number().min(0).max(100),
          lambdaEnd: z.number().min(0).max(100),
          bcEpochs: z.number().int().min(0).max(200),
          dlEpochs: z.number().int().min(1).max(1000),
          hidden: z.array(z.number().int().min(4).max(1024)).min(1).max(4),
        })
        .partial()
        .strict()
        .default({}),
      /** Install the trained policy for the dataset's detector (new recommendations). */
      install: z.boolean().default(false),
    })
    .strict(),
  'training.control': z
    .object({ runId: z.string().min(1).max(64), action: z.enum(['pause', 'resume', 'stop']) })
    .strict(),
  'training.status': z.object({ runId: z.string().min(1).max(64).optional() }).strict(),
  'feed.start': z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('tail'),
        path: z.string().min(1).max(4096),
        /** Start at the end of the file (only new lines), or read it from the top. */
        fromStart: z.boolean().default(false),
      })
      .strict(),
    z
      .object({
        kind: z.literal('replay'),
        path: z.string().min(1).max(4096),
        ratePerSec: z.number().int().min(1).max(1_000_000).default(1000),
        loop: z.boolean().default(false),
      })
      .strict(),
    z
      .object({
        kind: z.literal('tcp'),
        /** 0: any free port. */
        port: z.number().int().min(0).max(65535).default(0),
        host: z.string().max(255).default('127.0.0.1'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('http'),
        port: z.number().int().min(0).max(65535).default(0),
        host: z.string().max(255).default('127.0.0.1'),
      })
      .strict(),
  ]),
  'feed.stop': z.object({ feedId: z.string().min(1).max(64) }).strict(),
  'feed.list': z.object({}).strict(),
  'export.decisions': z
    .object({
      what: z.enum(['decisions', 'audit']),
      format: z.enum(['csv', 'json']),
      datasetId: id.optional(),
    })
    .strict(),
  'incidents.list': z
    .object({
      datasetId: id,
      /** Quiet time (minutes) that splits one source's alerts into two incidents. */
      gapMin: z.number().min(0.1).max(10_080).default(10),
    })
    .strict(),
  'incidents.get': z.object({ datasetId: id, incidentId: z.string().min(1).max(64) }).strict(),
  'incidents.decide': z
    .object({
      datasetId: id,
      incidentId: z.string().min(1).max(64),
      /** approve: run the recommended step; edit: run `action` instead; reject: refuse it. */
      decision: z.enum(['approve', 'edit', 'reject']),
      action: z
        .object({ verb: z.string().min(1).max(64), target: z.string().min(1).max(200).nullable() })
        .strict()
        .optional(),
      note: z.string().max(2000).default(''),
      actor: z.string().min(1).max(64).default('analyst'),
    })
    .strict()
    .refine((d) => d.decision !== 'edit' || d.action !== undefined, {
      message: 'an edit needs the action to run',
      path: ['action'],
    }),
  'incidents.report': z.object({ datasetId: id, incidentId: z.string().min(1).max(64) }).strict(),
  'autoApprove.get': z.object({}).strict(),
  'autoApprove.set': z
    .object({
      /** Per predicted class: approve automatically when the Beta confidence mean ≥ this; null = off. */
      thresholds: z.record(z.string().min(1).max(64), z.number().min(0.5).max(1).nullable()),
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

/** Alerts grouped by signature. */
export interface AlertGroup {
  signatureId: number;
  signatureText: string;
  predictedClass: string;
  alerts: number;
  pending: number;
  confidence: BetaSummary;
  /** The most common recommended action in the group (null before recommendations). */
  topAction: number | null;
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

/** A node of the KG view. */
export interface KgViewNode {
  /** Graph key: `type:<Class>`, `action:<ID>` or `sig:<leaf>`. */
  key: string;
  kind: 'type' | 'action' | 'signature';
  label: string;
  /** Store id of a signature node (to filter the queue by it); null otherwise. */
  signatureId: number | null;
  /** Class name of a type node, ATT&CK ID of an action node. */
  name: string;
  /** Flows behind the node (predicted for a type, matched for a signature, rewarded for an action). */
  count: number;
}

/** An edge of the KG view. */
export interface KgViewEdge {
  key: string;
  source: string;
  target: string;
  kind: 'reward' | 'predicts' | 'misclassified';
  /** reward: cumulative reward; predicts: Beta confidence B; misclassified: rate. */
  weight: number;
  /** e.g. "avg 4.9 over 812", "B=0.97", "15% (n=120), B=0.62". */
  label: string;
}

export interface KgGraphView {
  detectorId: number | null;
  version: number | null;
  nodes: KgViewNode[];
  edges: KgViewEdge[];
  /** Nodes left out by maxNodes. */
  truncated: number;
}

/** Where a training run stands. */
export interface TrainingStatus {
  runId: string;
  datasetId: number;
  method: 'ppo' | 'ppo-kg' | 'ppo-kg-pt' | 'llm-kg' | 'dl';
  state: 'running' | 'paused' | 'stopped' | 'completed' | 'failed';
  /** tfjs backend in use, and why it was chosen. */
  backend: string | null;
  backendReason: string | null;
  phase: 'preparing' | 'pretrain' | 'rl' | 'supervised' | 'evaluating' | 'done';
  episodes: number;
  totalEpisodes: number;
  episodesPerSec: number;
  lambda: number;
  /** Mean reward per update vs episodes (the live curve). */
  curve: { episodes: number; meanReward: number }[];
  /** Last PPO update's losses (CleanRL names). */
  losses: {
    policy_loss: number;
    value_loss: number;
    entropy: number;
    approx_kl: number;
    kl_llm: number | null;
  } | null;
  /** After the run: test-split evaluation (the paper's Table IV and Fig. 5). */
  evaluation: {
    avgReward: number;
    avgRewardWeighted: number;
    perClass: Record<string, number>;
    correctWhenRight: number;
    correctWhenWrong: number;
    oracleAvgReward: number;
  } | null;
  /** Policy id when installed for recommendations. */
  installedPolicyId: number | null;
  error: string | null;
  startedAt: string;
}

/** A live feed and its counters. */
export interface FeedStatus {
  feedId: string;
  kind: 'tail' | 'replay' | 'tcp' | 'http';
  state: 'starting' | 'running' | 'stopped' | 'failed';
  /** File fed (tail, replay). */
  path: string | null;
  /** Listener address (tcp, http) and the token senders must present. */
  address: { host: string; port: number } | null;
  token: string | null;
  /** The dataset its flows are stored in. */
  datasetId: number | null;
  received: number;
  accepted: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  /** A few recent malformed inputs with their reason. */
  examples: { where: string; reason: string; detail: string }[];
  /** Flows per second over the last few seconds. */
  ratePerSec: number;
  /** Flows waiting to be stored (bounded; senders are paused when it is full). */
  queued: number;
  connections: number;
  error: string | null;
}

export interface ExportResult {
  /** File written under the data folder's exports/. */
  path: string;
  rows: number;
  /** Relative URL the headless host serves it at (token required); null in Electron. */
  url: string | null;
}

export interface AutoApproveSettings {
  thresholds: Record<string, number | null>;
}

/** An incident as the list shows it. */
export interface IncidentSummary {
  id: string;
  family: string;
  sources: string[];
  targets: string[];
  firstSeen: string;
  lastSeen: string;
  alerts: number;
  chainedFrom: string[];
  falsePositive: boolean;
  /** The twin scenario its response is simulated in (null for a false positive). */
  scenarioId: string | null;
  state: 'open' | 'recovering' | 'recovered' | 'closed';
  /** Response steps taken so far. */
  steps: number;
}

/** A response action with the catalogue's words for it. */
export interface IncidentActionView {
  verb: string;
  verbName: string;
  target: string | null;
  cost: number;
}

/** One executed (or rejected) response step. */
export interface IncidentStepView {
  step: number;
  at: string;
  actor: string;
  decision: 'approve' | 'edit' | 'reject';
  /** What the agent recommended, and what was run (null for a rejection). */
  recommended: IncidentActionView | null;
  action: IncidentActionView | null;
  note: string;
  /** What the (simulated) network answered, and what the agent had expected. */
  feedback: string;
  expected: string;
  /** The simulated network's stage bits after the step (STAGES order), not the agent's belief. */
  stages: boolean[];
  auditId: number;
}

/** Everything the incident view shows. */
export interface IncidentDetail {
  summary: IncidentSummary;
  /** The incident's alerts, oldest first (capped; `alertsTotal` has the count). */
  timeline: {
    time: string;
    src: string;
    dst: string;
    signature: string;
    classification: string;
    priority: number;
  }[];
  alertsTotal: number;
  /** Stage names in order, and the agent's believed bits. */
  stageNames: string[];
  stages: boolean[];
  conjecture: {
    variant: string;
    variantTitle: string;
    confidence: number;
    tactics: string[];
    scores: Record<string, number>;
    evidenceFor: string[];
    evidenceAgainst: string[];
  } | null;
  /** Candidate next actions with their simulated outcomes; -1 steps: it cannot lead to recovery. */
  candidates: { action: IncidentActionView; predictedSteps: number; spread: number }[];
  /** The recommended next step, or why the agent abstains (ask the analyst); null once recovered. */
  recommended: { action: IncidentActionView; expected: string } | null;
  abstainReason: string | null;
  history: IncidentStepView[];
  /** Where outcomes come from: always a simulation in the named twin scenario. */
  simulation: { scenarioId: string; scenarioTitle: string; agent: string } | null;
}

/** Result type of each request. */
export interface RequestResults {
  'app.info': AppInfo;
  'datasets.list': DatasetSummary[];
  'datasets.loadDemo': { jobId: string };
  'datasets.loadPaths': { jobId: string };
  'jobs.cancel': { cancelled: boolean };
  'alerts.query': AlertPage;
  'alerts.groups': AlertGroup[];
  'detector.report': DetectorReport | null;
  'signatures.get': SignatureDetail | null;
  'alerts.detail': AlertDetail | null;
  'alerts.decide': DecideResult;
  'advisor.status': AdvisorStatus;
  'advisor.setModel': AdvisorStatus;
  'advisor.download': { jobId: string };
  'kg.summary': KgSummary;
  'kg.graph': KgGraphView;
  'training.start': TrainingStatus;
  'training.control': TrainingStatus;
  'training.status': TrainingStatus | null;
  'feed.start': FeedStatus;
  'feed.stop': FeedStatus;
  'feed.list': FeedStatus[];
  'export.decisions': ExportResult;
  'incidents.list': IncidentSummary[];
  'incidents.get': IncidentDetail | null;
  'incidents.decide': IncidentDetail;
  'incidents.report': { markdown: string };
  'autoApprove.get': AutoApproveSettings;
  'autoApprove.set': AutoApproveSettings;
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
  /**
   * A dataset's incidents changed: a step was decided (`incidentIds` names it), or its alerts
   * changed so the grouping may have (`incidentIds` empty: refetch the list).
   */
  'incidents.changed': { datasetId: number; incidentIds: string[] };
  'training.progress': TrainingStatus;
  'feed.status': FeedStatus;
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = [
  'job.progress',
  'job.finished',
  'datasets.changed',
  'advisor.changed',
  'alerts.changed',
  'incidents.changed',
  'training.progress',
  'feed.status',
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
