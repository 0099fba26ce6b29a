/** The alert queue: paging, grouping, one alert's detail and the analyst's decisions (`alerts.*`). */
import { z } from 'zod';
import { ALERT_STATUSES, id, type AlertStatus, type BetaSummary } from './common';
import type { SignatureDetail } from './detector';

/** Catalogue index of an action. */
const actionIndex = z.number().int().min(0).max(63);

/** An address as the flow record writes it (IPv4 or IPv6). */
const ipText = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[0-9A-Fa-f:.]+$/, 'an IPv4 or IPv6 address');

/** A TCP / UDP port. */
const port = z.number().int().min(0).max(65535);

/** How the aggregated queue orders its groups. */
export const QUEUE_SORTS = [
  'risk',
  'severity',
  'alerts',
  'pending',
  'lastSeen',
  'firstSeen',
] as const;

/** One group of the aggregated queue: signature × source × destination × service. */
const groupKey = z
  .object({
    signatureId: id,
    /** Source and destination as the queue shows them (NAT aliases folded); null: not recorded. */
    src: ipText.nullable(),
    dst: ipText.nullable(),
    dstPort: port.nullable(),
    /** Every destination port (a sweep's group): dstPort is then ignored. */
    allPorts: z.boolean().default(false),
    /** Every destination (a sweep over hosts): dst and dstPort are then ignored. */
    allDsts: z.boolean().default(false),
    /** The source filter the group was seen under; omitted: every source. */
    datasetId: id.optional(),
  })
  .strict();

/** What an analyst does with a recommendation: take it, or take another action. */
export const ALERT_DECISIONS = ['approve', 'override'] as const;

/** Argument schemas of the alert requests. */
export const alertRequests = {
  'alerts.query': z
    .object({
      /** One source (dataset or live feed); omitted: every source, one queue. */
      datasetId: id.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      predictedClass: z.string().max(64).optional(),
      sort: z
        .enum(['id', 'time', 'confidence', 'class', 'action', 'probability', 'risk', 'reward'])
        .default('id'),
      desc: z.boolean().default(false),
      status: z.enum(ALERT_STATUSES).optional(),
      minConfidence: z.number().min(0).max(1).optional(),
      maxConfidence: z.number().min(0).max(1).optional(),
      /** Range of the recommendation's risk (posterior probability that its action is wrong). */
      minRisk: z.number().min(0).max(1).optional(),
      maxRisk: z.number().min(0).max(1).optional(),
      /** Only alerts whose recommendation needs review (true) or does not (false). */
      needsReview: z.boolean().optional(),
      /** Recommended action (catalogue index). */
      action: actionIndex.optional(),
      signatureId: id.optional(),
      /** Any of these signatures (e.g. the signatures of a misclassification). */
      signatureIds: z.array(id).min(1).max(500).optional(),
      /** Related flows: this source / destination address (NAT aliases included), this port. */
      src: ipText.optional(),
      dst: ipText.optional(),
      dstPort: port.optional(),
      /** Leave out alerts predicted Benign. */
      hideBenign: z.boolean().optional(),
      /** Substring of source, destination or signature text. */
      text: z.string().min(1).max(200).optional(),
    })
    .strict(),
  /**
   * The aggregated queue: alerts grouped by signature × source × destination × service across
   * every source (or one), each group with its counts, times, highest risk and reviews needed.
   */
  'alerts.queue': z
    .object({
      datasetId: id.optional(),
      /** Leave out groups predicted Benign (the default; one click shows them). */
      hideBenign: z.boolean().default(true),
      /** Only groups with alerts still pending. */
      pendingOnly: z.boolean().default(false),
      /** Only groups with at least one recommendation that needs review. */
      needsReview: z.boolean().optional(),
      predictedClass: z.string().max(64).optional(),
      signatureIds: z.array(id).min(1).max(500).optional(),
      /** Substring of source, destination (either NAT address) or signature text. */
      text: z.string().min(1).max(200).optional(),
      sort: z.enum(QUEUE_SORTS).default('risk'),
      desc: z.boolean().default(true),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  /** Approve or override every pending alert of one group: one decision, audited per alert. */
  'alerts.decideGroup': z
    .object({
      group: groupKey,
      decision: z.enum(['approve', 'override']),
      action: z.number().int().min(0).max(63).optional(),
      trueClass: z.string().min(1).max(64).optional(),
      note: z.string().max(2000).default(''),
    })
    .strict()
    .refine((d) => d.decision !== 'override' || d.action !== undefined, {
      message: 'an override needs the action taken',
      path: ['action'],
    }),
  'alerts.detail': z.object({ id }).strict(),
  'alerts.decide': z
    .object({
      alertIds: z.array(id).min(1).max(5000),
      /** approve: take the recommended action; override: take `action` instead. */
      decision: z.enum(ALERT_DECISIONS),
      /** Catalogue index of the action taken (required for override). */
      action: actionIndex.optional(),
      /**
       * The analyst's disposition: the flow's true class (the predicted class = true positive,
       * 'Benign' = false positive, another class = misclassified). Omitted: the prediction stands.
       */
      trueClass: z.string().min(1).max(64).optional(),
      note: z.string().max(2000).default(''),
      /**
       * The status the analyst saw. When an alert's status is no longer this (another analyst
       * decided it meanwhile), nothing is written and the request fails with a conflict that
       * names the fresh state. Omitted: decide whatever the status (a deliberate re-decision).
       */
      expectStatus: z.enum(ALERT_STATUSES).optional(),
    })
    .strict()
    .refine((d) => d.decision !== 'override' || d.action !== undefined, {
      message: 'an override needs the action taken',
      path: ['action'],
    }),
} as const;

export interface AlertRow {
  id: number;
  flowId: number;
  /** The source (dataset or live feed) it arrived in. */
  datasetId: number;
  /** Event time as the flow record writes it, and resolved to epoch ms (null: none). */
  time: string | null;
  timeMs: number | null;
  src: string | null;
  dst: string | null;
  dstPort: number | null;
  predictedClass: string;
  trueClass: string | null;
  signatureId: number;
  signatureText: string;
  confidence: BetaSummary;
  status: AlertStatus;
  /** What the engine recommended when the alert was decided on; null until a policy exists. */
  recommendation: RecommendationBrief | null;
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
  /** The recommendation's risk; null for recommendations written before risk was recorded. */
  risk: RecommendationRisk | null;
}

/**
 * How far to trust a recommendation, from the signature's posterior over the flow's true class
 * (a Dirichlet over its labelled flows by true class) and the flow's novelty. π, the policy's
 * preference for its action, says nothing of this.
 */
export interface RecommendationRisk {
  /** Posterior probability that the action is not the right one for the flow's true class. */
  pWrong: number;
  /** Posterior mean reward of the action and its 95% credible interval. */
  expectedReward: number;
  rewardInterval: [number, number];
  /** Labelled flows of the signature the posterior rests on. */
  evidence: number;
  /** Share of the flow's features outside its signature's training ranges; null: not measured. */
  novelty: number | null;
  /** The features out of range. */
  noveltyOutside: string[];
  /** Whether an analyst should look before acting, and why (empty when not). */
  needsReview: boolean;
  reasons: string[];
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
  kind: (typeof ALERT_DECISIONS)[number] | 'auto';
  /** Recommended action at decision time (null when none existed). */
  recommended: number | null;
  action: number;
  trueClass: string | null;
  note: string;
}

/** Every column of the flow record behind an alert (as stored), for the pivot and for copying. */
export interface FlowRecord {
  datasetId: number;
  /** The file it was read from and its line (null for a live feed). */
  file: string | null;
  line: number;
  protocol: number | null;
  srcPort: number | null;
  label: string | null;
  /** Feature name → value, in the detector's canonical order. */
  features: Record<string, number>;
}

/** Addresses as the queue shows them: the entity and every address it was seen as (NAT). */
export interface FoldedAddress {
  address: string;
  /** Other addresses folded into it (e.g. the firewall's inside address); empty: none. */
  aliases: string[];
}

export interface AlertDetail {
  alert: AlertRow;
  flow: FlowRecord | null;
  src: FoldedAddress | null;
  dst: FoldedAddress | null;
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

export interface AlertPage {
  total: number;
  rows: AlertRow[];
}

/** One group of the aggregated queue. */
export interface QueueGroup {
  /** Stable text key (what the audit records as the decision's group). */
  key: string;
  signatureId: number;
  signatureText: string;
  predictedClass: string;
  /** The attack family of the class and its severity (3 high … 0 none). */
  family: string;
  severity: number;
  /** Null when the flow records carry no addresses (e.g. MachineLearningCVE files). */
  src: FoldedAddress | null;
  dst: FoldedAddress | null;
  dstPort: number | null;
  /** The group spans every destination port (a sweep: one group, not one per port probed). */
  allPorts: boolean;
  /** The group spans every destination (a sweep over hosts); dst is then null. */
  allDsts: boolean;
  /** Distinct destination ports and destinations in the group. */
  ports: number;
  dsts: number;
  alerts: number;
  pending: number;
  /** Alerts whose recommendation needs review. */
  needsReview: number;
  /** Alerts still without a recommendation (the policy is being prepared). */
  unrecommended: number;
  /** Highest risk of the group's recommendations; null before any. */
  maxRisk: number | null;
  /** Most common recommended action; null before any. */
  topAction: number | null;
  /** Event time of the first and last flow (epoch ms as written); null: no timestamps. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** Sources (datasets / live feeds) the group's alerts came from. */
  datasetIds: number[];
}

/** A page of the aggregated queue. */
export interface QueuePage {
  /** Groups matching, alerts in them, and how many of those are pending. */
  total: number;
  alerts: number;
  pending: number;
  /** Benign alerts left out (hideBenign). */
  hiddenBenign: number;
  /** Alerts of the whole queue still without a recommendation. */
  unrecommended: number;
  /** When the grouping was computed (epoch ms): under a busy feed it trails by up to seconds. */
  asOf: number;
  rows: QueueGroup[];
}

/** Result types of the alert requests. */
export interface AlertResults {
  'alerts.queue': QueuePage;
  'alerts.decideGroup': DecideResult & { group: string };
  'alerts.query': AlertPage;
  'alerts.detail': AlertDetail | null;
  'alerts.decide': DecideResult;
}
