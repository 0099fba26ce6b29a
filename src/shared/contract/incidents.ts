/** Incidents: alerts grouped by attack, and the response steps taken on them (`incidents.*`). */
import { z } from 'zod';
import { handle, id } from './common';

/** What an analyst does with a recommended step: run it, run another, or refuse it. */
export const INCIDENT_DECISIONS = ['approve', 'edit', 'reject'] as const;

/** An answer to one question of an evidence form. */
export const INCIDENT_ANSWERS = ['yes', 'no', 'unknown'] as const;

/**
 * Triage severity of an incident, from its family (most serious first): code running on a host
 * (exploit, lateral movement, infiltration) is critical; a foothold attempt or C2 (botnet,
 * heartbleed, web attack, brute force) high; floods medium; scans and the unrecognised low; benign
 * traffic (a false positive) none.
 */
export const INCIDENT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** ATT&CK's enterprise tactics in kill-chain order, as words. */
export const ATTACK_TACTICS = [
  'reconnaissance',
  'resource development',
  'initial access',
  'execution',
  'persistence',
  'privilege escalation',
  'defense evasion',
  'credential access',
  'discovery',
  'lateral movement',
  'collection',
  'command and control',
  'exfiltration',
  'impact',
] as const;
export type AttackTactic = (typeof ATTACK_TACTICS)[number];

/**
 * The ATT&CK techniques the incident desk names (families and the hypothesis catalogue), with
 * ATT&CK's name and the tactic the desk reads them as (a technique under several tactics is read as
 * the one its alerts show here, e.g. Valid Accounts as initial access).
 */
export const ATTACK_TECHNIQUES: Readonly<Record<string, { name: string; tactic: AttackTactic }>> = {
  T1018: { name: 'Remote System Discovery', tactic: 'discovery' },
  T1021: { name: 'Remote Services', tactic: 'lateral movement' },
  'T1021.002': { name: 'SMB/Windows Admin Shares', tactic: 'lateral movement' },
  T1046: { name: 'Network Service Discovery', tactic: 'discovery' },
  T1059: { name: 'Command and Scripting Interpreter', tactic: 'execution' },
  T1071: { name: 'Application Layer Protocol', tactic: 'command and control' },
  T1078: { name: 'Valid Accounts', tactic: 'initial access' },
  T1105: { name: 'Ingress Tool Transfer', tactic: 'command and control' },
  T1110: { name: 'Brute Force', tactic: 'credential access' },
  T1135: { name: 'Network Share Discovery', tactic: 'discovery' },
  T1190: { name: 'Exploit Public-Facing Application', tactic: 'initial access' },
  T1204: { name: 'User Execution', tactic: 'execution' },
  T1498: { name: 'Network Denial of Service', tactic: 'impact' },
  T1499: { name: 'Endpoint Denial of Service', tactic: 'impact' },
  'T1505.003': { name: 'Web Shell', tactic: 'persistence' },
  T1552: { name: 'Unsecured Credentials', tactic: 'credential access' },
};

/** The distinct tactics of some techniques, in kill-chain order (unknown codes are left out). */
export function attackTactics(techniques: readonly string[]): AttackTactic[] {
  const seen = new Set(techniques.map((t) => ATTACK_TECHNIQUES[t]?.tactic));
  return ATTACK_TACTICS.filter((t) => seen.has(t));
}

const incidentRef = z.object({ datasetId: id, incidentId: handle }).strict();

/** Argument schemas of the incident requests. */
export const incidentRequests = {
  'incidents.list': z
    .object({
      datasetId: id,
      /** Quiet time (minutes) that splits one source's alerts into two incidents. */
      gapMin: z.number().min(0.1).max(10_080).default(10),
    })
    .strict(),
  'incidents.get': incidentRef,
  'incidents.decide': z
    .object({
      datasetId: id,
      incidentId: handle,
      /** approve: run the recommended step; edit: run `action` instead; reject: refuse it. */
      decision: z.enum(INCIDENT_DECISIONS),
      action: z
        .object({ verb: z.string().min(1).max(64), target: z.string().min(1).max(200).nullable() })
        .strict()
        .optional(),
      note: z.string().max(2000).default(''),
    })
    .strict()
    .refine((d) => d.decision !== 'edit' || d.action !== undefined, {
      message: 'an edit needs the action to run',
      path: ['action'],
    }),
  'incidents.report': incidentRef,
  /** The analyst's answers to an evidence step's form: the step's observation. */
  'incidents.answer': z
    .object({
      datasetId: id,
      incidentId: handle,
      step: z.number().int().min(1).max(10_000),
      answers: z.record(z.string().regex(/^q-[a-z0-9-]{1,60}$/), z.enum(INCIDENT_ANSWERS)),
      note: z.string().max(2000).default(''),
    })
    .strict()
    .refine((d) => Object.keys(d.answers).length > 0, {
      message: 'answer at least one question',
      path: ['answers'],
    }),
} as const;

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
  /** Triage severity of its family; false positives are 'none'. */
  severity: IncidentSeverity;
  /** Its family's place in the desk's severity order (0 = most serious), to sort within a level. */
  severityRank: number;
  /** The attack stages its alerts show: ATT&CK tactics in words, kill-chain order. */
  tactics: AttackTactic[];
  /** The twin scenario a what-if of this family can be SIMULATED in (null: none); never evidence. */
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

/** What the planner predicted a step would show. */
export interface IncidentPredictionView {
  text: string;
  /** Evidence steps: the answer each question is expected to get, and under which hypothesis. */
  answers: { question: string; text: string; expected: boolean; under: string }[];
  /** Containment steps: the traffic that should stop. */
  stops: string | null;
}

/** What was observed after a step: the analyst's answers, later traffic, or nothing yet. */
export interface IncidentObservationView {
  kind: 'answers' | 'traffic' | 'pending' | 'none';
  text: string;
  answers: { question: string; answer: 'yes' | 'no' | 'unknown' }[];
  /** Whether the observation contradicts the prediction (null: nothing to compare yet). */
  mismatch: boolean | null;
  actor: string | null;
  auditId: number | null;
}

/** One executed (or rejected) response step. */
export interface IncidentStepView {
  step: number;
  at: string;
  actor: string;
  decision: (typeof INCIDENT_DECISIONS)[number];
  /** What the agent recommended, and what was run (null for a rejection). */
  recommended: IncidentActionView | null;
  action: IncidentActionView | null;
  note: string;
  /** A one-line account of the step and what the agent had expected (prediction text). */
  feedback: string;
  expected: string;
  prediction: IncidentPredictionView | null;
  observation: IncidentObservationView;
  /** The believed stage bits after the step (STAGES order). */
  stages: boolean[];
  auditId: number;
}

/** A host of the incident, with every address it was seen as (NAT aliases both ways). */
export interface IncidentHostView {
  address: string;
  role: 'attacker' | 'victim' | 'peer';
  internal: boolean;
  alerts: number;
  seenAs: { address: string; alerts: number; via: 'itself' | 'alias' }[];
  families: string[];
}

/** A service the incident's alerts went to (`target` is host:port/proto, as service verbs take). */
export interface IncidentServiceView {
  target: string;
  host: string;
  port: number;
  proto: string;
  name: string;
  alerts: number;
  families: string[];
}

/** The incident's own entities and what its alerts show. */
export interface IncidentEntitiesView {
  attackers: IncidentHostView[];
  victims: IncidentHostView[];
  externalPeers: IncidentHostView[];
  services: IncidentServiceView[];
  protocols: Record<string, number>;
  gateways: string[];
  kinds: {
    signature: string;
    family: string;
    techniques: string[];
    count: number;
    first: string;
    last: string;
  }[];
  peakPerMinute: number;
  meanPerMinute: number;
}

/** A hypothesis about the incident, scored against its alerts and the analyst's answers. */
export interface IncidentHypothesisView {
  id: string;
  facet: string;
  name: string;
  techniques: string[];
  score: number;
  precision: number;
  evaluated: number;
  kept: boolean;
  evidenceFor: string[];
  evidenceAgainst: string[];
  /**
   * What would confirm or refute it: each indicator it expects, whether it counts toward the
   * precision rule (`predicts`) or only weighs (`suggests`), and what was observed (null: not yet).
   */
  tests: { indicator: string; expected: boolean; counts: boolean; observed: boolean | null }[];
}

/** An evidence form waiting for the analyst. */
export interface IncidentFormView {
  step: number;
  verb: string;
  host: string;
  questions: { id: string; text: string; expected: { hypothesis: string; value: boolean }[] }[];
}

/** Commands and rules that enforce an executed step, for copying (nothing here is run). */
export interface IncidentEnforcementView {
  step: number;
  action: IncidentActionView;
  renderings: { system: 'nftables' | 'suricata' | 'wazuh'; title: string; text: string }[];
  manual: string | null;
  /** Why nothing could be rendered (an invalid target), if so. */
  error: string | null;
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
  entities: IncidentEntitiesView | null;
  /** Indicators read from the incident's own data. */
  signals: { id: string; present: boolean; detail: string }[];
  hypotheses: IncidentHypothesisView[];
  /** Stage names in order, and the believed bits under the leading hypotheses. */
  stageNames: string[];
  stages: boolean[];
  /** The leading hypothesis of the incident's main facet. */
  conjecture: {
    variant: string;
    variantTitle: string;
    confidence: number;
    tactics: string[];
    scores: Record<string, number>;
    evidenceFor: string[];
    evidenceAgainst: string[];
  } | null;
  /** Candidate next steps on the incident's own entities, cheapest expected recovery first. */
  candidates: {
    action: IncidentActionView;
    expectedCost: number;
    why: string;
    asks: string[];
    prediction: IncidentPredictionView;
  }[];
  /** The recommended next step, or why the agent abstains (ask the analyst); null once recovered. */
  recommended: {
    action: IncidentActionView;
    expected: string;
    why: string;
    prediction: IncidentPredictionView;
  } | null;
  abstainReason: string | null;
  /** The planner that made the recommendation. */
  agent: string;
  forms: IncidentFormView[];
  history: IncidentStepView[];
  enforcement: IncidentEnforcementView[];
  /** A what-if in the family's twin scenario: SIMULATED, never evidence, never this network. */
  whatIf: { label: 'SIMULATED'; scenarioId: string; scenarioTitle: string; text: string } | null;
}

/** Result types of the incident requests. */
export interface IncidentResults {
  'incidents.list': IncidentSummary[];
  'incidents.get': IncidentDetail | null;
  'incidents.decide': IncidentDetail;
  'incidents.report': { markdown: string };
  'incidents.answer': IncidentDetail;
}
