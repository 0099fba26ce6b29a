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
  auditId: number;
  at: string;
}

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
  audit_id: number;
  at: string;
}

/** The incident statements, by name. */
export const INCIDENT_SQL = {
  stepsOfIncident: `SELECT * FROM incident_steps WHERE dataset_id = ? AND incident_id = ?
                    ORDER BY id`,
  stepsOfDataset: `SELECT * FROM incident_steps WHERE dataset_id = ? ORDER BY id`,
  insertStep: `INSERT INTO incident_steps (dataset_id, incident_id, step, decision, actor, note,
      recommended, action, feedback, expected, stages, audit_id, at)
    VALUES (@datasetId, @incidentId, @step, @decision, @actor, @note, @recommended, @action,
      @feedback, @expected, @stages, @auditId, @at)`,
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
        auditId,
        at,
      }).lastInsertRowid;
      ch.touch('incident_steps');
      return { ...s, id: Number(id), auditId, at };
    });
  }
}
