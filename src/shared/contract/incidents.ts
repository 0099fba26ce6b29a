/** Incidents: alerts grouped by attack, and the response steps taken on them (`incidents.*`). */
import { z } from 'zod';
import { handle, id } from './common';

/** What an analyst does with a recommended step: run it, run another, or refuse it. */
export const INCIDENT_DECISIONS = ['approve', 'edit', 'reject'] as const;

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
  decision: (typeof INCIDENT_DECISIONS)[number];
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

/** Result types of the incident requests. */
export interface IncidentResults {
  'incidents.list': IncidentSummary[];
  'incidents.get': IncidentDetail | null;
  'incidents.decide': IncidentDetail;
  'incidents.report': { markdown: string };
}
