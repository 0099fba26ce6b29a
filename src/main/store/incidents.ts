/**
 * Persistence of incident response sessions (migration 4): one row per analyst decision, written
 * with its audit row in one transaction.
 */
import type { ResponseAction } from '../domain/ir/core/types';
import type { Writes } from './changes';
import type { AuditEntry } from './records';
import type { Statements } from './statements';
import { nowIso } from './time';

/** A stored decision on an incident, parsed. */
export interface IncidentStepRow {
  id: number;
  step: number;
  decision: 'approve' | 'edit' | 'reject';
  actor: string;
  note: string;
  recommended: ResponseAction | null;
  action: ResponseAction | null;
  feedback: string;
  expected: string;
  stages: boolean[];
  /** What the planner predicted the step would show (JSON, the desk's Prediction); null before. */
  prediction: unknown;
  /** The newest alert id of the dataset when the step was decided. */
  afterAlertId: number | null;
  auditId: number;
  at: string;
}

/** The analyst's answers to one evidence step's form. */
export interface IncidentObservationRow {
  id: number;
  step: number;
  host: string;
  answers: Record<string, 'yes' | 'no' | 'unknown'>;
  note: string;
  actor: string;
  auditId: number;
  at: string;
}

/** Answers to write (the audit row is added by {@link Incidents.observe}). */
export type IncidentObservationInsert = Omit<IncidentObservationRow, 'id' | 'auditId' | 'at'>;

/** A decision to write (the audit row is added by {@link Incidents.record}). */
export type IncidentStepInsert = Omit<IncidentStepRow, 'id' | 'auditId' | 'at'>;

interface RawStep {
  id: number;
  incident_id: string;
  step: number;
  decision: IncidentStepRow['decision'];
  actor: string;
  note: string;
  recommended: string | null;
  action: string | null;
  feedback: string;
  expected: string;
  stages: string;
  prediction: string | null;
  after_alert_id: number | null;
  audit_id: number;
  at: string;
}

interface RawObservation {
  id: number;
  step: number;
  host: string;
  answers: string;
  note: string;
  actor: string;
  audit_id: number;
  at: string;
}

/** The incident statements, by name. */
export const INCIDENT_SQL = {
  stepsOfIncident: `SELECT * FROM incident_steps WHERE dataset_id = ? AND incident_id = ?
                    ORDER BY id`,
  stepsOfDataset: `SELECT * FROM incident_steps WHERE dataset_id = ? ORDER BY id`,
  insertStep: `INSERT INTO incident_steps (dataset_id, incident_id, step, decision, actor, note,
      recommended, action, feedback, expected, stages, prediction, after_alert_id, audit_id, at)
    VALUES (@datasetId, @incidentId, @step, @decision, @actor, @note, @recommended, @action,
      @feedback, @expected, @stages, @prediction, @afterAlertId, @auditId, @at)`,
  observationsOfIncident: `SELECT * FROM incident_observations WHERE dataset_id = ? AND incident_id = ?
                           ORDER BY id`,
  insertObservation: `INSERT INTO incident_observations (dataset_id, incident_id, step, host, answers,
      note, actor, audit_id, at)
    VALUES (@datasetId, @incidentId, @step, @host, @answers, @note, @actor, @auditId, @at)`,
} as const;

function parse(r: RawStep): IncidentStepRow {
  return {
    id: r.id,
    step: r.step,
    decision: r.decision,
    actor: r.actor,
    note: r.note,
    recommended: r.recommended ? (JSON.parse(r.recommended) as ResponseAction) : null,
    action: r.action ? (JSON.parse(r.action) as ResponseAction) : null,
    feedback: r.feedback,
    expected: r.expected,
    stages: JSON.parse(r.stages) as boolean[],
    prediction: r.prediction ? (JSON.parse(r.prediction) as unknown) : null,
    afterAlertId: r.after_alert_id,
    auditId: r.audit_id,
    at: r.at,
  };
}

/** The decisions on incidents. */
export class Incidents {
  constructor(
    private readonly q: Statements<typeof INCIDENT_SQL>,
    private readonly w: Writes,
    private readonly appendAudit: (e: AuditEntry) => number,
  ) {}

  /** Every decision on one incident, oldest first. */
  steps(datasetId: number, incidentId: string): IncidentStepRow[] {
    return (this.q.get('stepsOfIncident').all(datasetId, incidentId) as RawStep[]).map(parse);
  }

  /** Every decision on the dataset's incidents, by incident id, oldest first. */
  stepsByIncident(datasetId: number): Map<string, IncidentStepRow[]> {
    const out = new Map<string, IncidentStepRow[]>();
    for (const r of this.q.get('stepsOfDataset').all(datasetId) as RawStep[]) {
      const list = out.get(r.incident_id) ?? [];
      list.push(parse(r));
      out.set(r.incident_id, list);
    }
    return out;
  }

  /**
   * Write one decision and its audit row (action `incident.<decision>`, subject `incident:<id>`)
   * in one transaction; returns the stored row.
   */
  record(datasetId: number, incidentId: string, s: IncidentStepInsert): IncidentStepRow {
    const at = nowIso();
    return this.w.transaction((ch): IncidentStepRow => {
      const auditId = this.appendAudit({
        actor: s.actor,
        action: `incident.${s.decision}`,
        subject: `incident:${incidentId}`,
        detail: {
          datasetId,
          step: s.step,
          recommended: s.recommended,
          decided: s.action,
          feedback: s.feedback,
          note: s.note,
        },
      });
      const id = this.q.get('insertStep').run({
        datasetId,
        incidentId,
        step: s.step,
        decision: s.decision,
        actor: s.actor,
        note: s.note,
        recommended: s.recommended ? JSON.stringify(s.recommended) : null,
        action: s.action ? JSON.stringify(s.action) : null,
        feedback: s.feedback,
        expected: s.expected,
        stages: JSON.stringify(s.stages),
        prediction: s.prediction === null ? null : JSON.stringify(s.prediction),
        afterAlertId: s.afterAlertId,
        auditId,
        at,
      }).lastInsertRowid;
      ch.touch('incident_steps');
      return { ...s, id: Number(id), auditId, at };
    });
  }

  /** The answered evidence forms of one incident, oldest first. */
  observations(datasetId: number, incidentId: string): IncidentObservationRow[] {
    return (
      this.q.get('observationsOfIncident').all(datasetId, incidentId) as RawObservation[]
    ).map((r) => ({
      id: r.id,
      step: r.step,
      host: r.host,
      answers: JSON.parse(r.answers) as IncidentObservationRow['answers'],
      note: r.note,
      actor: r.actor,
      auditId: r.audit_id,
      at: r.at,
    }));
  }

  /** Write one answered form and its audit row (`incident.observe`) in one transaction. */
  observe(
    datasetId: number,
    incidentId: string,
    o: IncidentObservationInsert,
  ): IncidentObservationRow {
    const at = nowIso();
    return this.w.transaction((ch): IncidentObservationRow => {
      const auditId = this.appendAudit({
        actor: o.actor,
        action: 'incident.observe',
        subject: `incident:${incidentId}`,
        detail: { datasetId, step: o.step, host: o.host, answers: o.answers, note: o.note },
      });
      const id = this.q.get('insertObservation').run({
        datasetId,
        incidentId,
        step: o.step,
        host: o.host,
        answers: JSON.stringify(o.answers),
        note: o.note,
        actor: o.actor,
        auditId,
        at,
      }).lastInsertRowid;
      ch.touch('incident_steps');
      return { ...o, id: Number(id), auditId, at };
    });
  }
}
