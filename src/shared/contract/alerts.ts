/** The alert queue: paging, grouping, one alert's detail and the analyst's decisions (`alerts.*`). */
import { z } from 'zod';
import { ALERT_STATUSES, id, type AlertStatus, type BetaSummary } from './common';
import type { SignatureDetail } from './detector';

/** Catalogue index of an action. */
const actionIndex = z.number().int().min(0).max(63);

/** What an analyst does with a recommendation: take it, or take another action. */
export const ALERT_DECISIONS = ['approve', 'override'] as const;

/** Argument schemas of the alert requests. */
export const alertRequests = {
  'alerts.query': z
    .object({
      datasetId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      predictedClass: z.string().max(64).optional(),
      sort: z
        .enum(['id', 'confidence', 'class', 'action', 'probability', 'risk', 'reward'])
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
      /** Substring of source, destination or signature text. */
      text: z.string().min(1).max(200).optional(),
    })
    .strict(),
  'alerts.groups': z
    .object({
      datasetId: id,
      status: z.enum(ALERT_STATUSES).optional(),
      limit: z.number().int().min(1).max(2000).default(500),
    })
    .strict(),
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
  time: string | null;
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

/** Result types of the alert requests. */
export interface AlertResults {
  'alerts.query': AlertPage;
  'alerts.groups': AlertGroup[];
  'alerts.detail': AlertDetail | null;
  'alerts.decide': DecideResult;
}
