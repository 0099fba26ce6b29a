/**
 * Persistence of incident response sessions (migration 4): one row per analyst decision, written
 * with its audit row in one transaction. Statements are prepared once per database.
 */
import type Database from 'better-sqlite3';
import type { ResponseAction } from '../../domain/ir/core/types';
import { nowIso, type Store } from '../../store/store';

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

/** A decision to write (the audit row is added by {@link recordIncidentStep}). */
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

const SQL = {
  stepsOfIncident: `SELECT * FROM incident_steps WHERE dataset_id = ? AND incident_id = ? ORDER BY id`,
  stepsOfDataset: `SELECT * FROM incident_steps WHERE dataset_id = ? ORDER BY id`,
  insertStep: `INSERT INTO incident_steps (dataset_id, incident_id, step, decision, actor, note,
      recommended, action, feedback, expected, stages, audit_id, at)
    VALUES (@datasetId, @incidentId, @step, @decision, @actor, @note, @recommended, @action,
      @feedback, @expected, @stages, @auditId, @at)`,
  alertCount: `SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?`,
} as const;

type StatementName = keyof typeof SQL;
const prepared = new WeakMap<Database.Database, Map<StatementName, Database.Statement>>();

function stmt(store: Store, name: StatementName): Database.Statement {
  let byName = prepared.get(store.db);
  if (!byName) prepared.set(store.db, (byName = new Map()));
  let s = byName.get(name);
  if (!s) byName.set(name, (s = store.db.prepare(SQL[name])));
  return s;
}

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

/** Every decision on one incident, oldest first. */
export function incidentSteps(
  store: Store,
  datasetId: number,
  incidentId: string,
): IncidentStepRow[] {
  return (stmt(store, 'stepsOfIncident').all(datasetId, incidentId) as RawStep[]).map(parse);
}

/** Every decision on the dataset's incidents, by incident id, oldest first. */
export function stepsByIncident(store: Store, datasetId: number): Map<string, IncidentStepRow[]> {
  const out = new Map<string, IncidentStepRow[]>();
  for (const r of stmt(store, 'stepsOfDataset').all(datasetId) as RawStep[]) {
    const list = out.get(r.incident_id) ?? [];
    list.push(parse(r));
    out.set(r.incident_id, list);
  }
  return out;
}

/** How many alerts the dataset holds (the grouping cache's freshness key). */
export function datasetAlertCount(store: Store, datasetId: number): number {
  return (stmt(store, 'alertCount').get(datasetId) as { n: number }).n;
}

/**
 * Write one decision and its audit row (action `incident.<decision>`, subject `incident:<id>`) in
 * one transaction; returns the stored row.
 */
export function recordIncidentStep(
  store: Store,
  datasetId: number,
  incidentId: string,
  s: IncidentStepInsert,
): IncidentStepRow {
  const at = nowIso();
  return store.db.transaction((): IncidentStepRow => {
    const auditId = store.appendAudit({
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
    const id = stmt(store, 'insertStep').run({
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
    return { ...s, id: Number(id), auditId, at };
  })();
}
