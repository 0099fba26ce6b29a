/**
 * Read-only reports over the stored alerts: the decision and audit exports, and a dataset's flow
 * alerts for incident grouping. Nothing here writes. (The queue's grouping is Store.queueRows.)
 */
import type { AuditFilter } from '../../shared/contract';
import type { FlowAlertRow } from '../domain/ir/grouping/flowAlerts';
import { AUDIT_FILTER_WHERE, auditFilterParams } from './auditLog';
import type { Statements } from './statements';

const DECISIONS = (byDataset: boolean) => `
  SELECT d.id AS decision_id, d.at, d.actor AS analyst, d.kind, d.alert_id, a.dataset_id,
         f.ts AS flow_time, f.src_ip, f.src_port, f.dst_ip, f.dst_port, a.predicted_class,
         d.true_class, a.conf_mean AS confidence, d.recommended, d.action,
         json_extract(CASE WHEN json_valid(au.detail) THEN au.detail END, '$.group') AS grp,
         d.note, d.audit_id
  FROM decisions d JOIN alerts a ON a.id = d.alert_id JOIN flows f ON f.id = a.flow_id
    LEFT JOIN audit au ON au.id = d.audit_id
  ${byDataset ? 'WHERE a.dataset_id = @datasetId' : ''} ORDER BY d.id`;

/** One row of the decisions export as the store reads it. */
export interface DecisionExportRow {
  decision_id: number;
  at: string;
  analyst: string;
  kind: 'approve' | 'override' | 'auto';
  alert_id: number;
  dataset_id: number;
  flow_time: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  predicted_class: string;
  /** The analyst's true class; null for an automatic approval. */
  true_class: string | null;
  confidence: number;
  /** Catalogue index of the recommended action; null when nothing was recommended. */
  recommended: number | null;
  /** Catalogue index of the action taken. */
  action: number;
  /** The group decision's key; null for a per-alert decision. */
  grp: string | null;
  note: string;
  audit_id: number;
}

/** The report statements, by name. */
export const REPORT_SQL = {
  exportAudit: `SELECT a.id, a.at, a.actor, a.action, a.subject, a.automatic, a.detail FROM audit a
                ${AUDIT_FILTER_WHERE} ORDER BY a.id`,
  exportDecisions: DECISIONS(false),
  exportDecisionsOfDataset: DECISIONS(true),
  flowAlertsOfDataset: `SELECT a.id, a.predicted_class, a.conf_mean, f.ts, f.ts_ms,
                          f.src_ip, f.src_port, f.dst_ip, f.dst_port, f.protocol
                        FROM alerts a JOIN flows f ON f.id = a.flow_id
                        WHERE a.dataset_id = ? ORDER BY a.id`,
} as const;

/** Read-only reports. */
export class Reports {
  constructor(private readonly q: Statements<typeof REPORT_SQL>) {}

  /** Stream the audit rows `filter` selects (all of them when none), oldest first, lazily. */
  exportAudit(filter: AuditFilter = {}): IterableIterator<Record<string, unknown>> {
    return this.q.get('exportAudit').iterate(auditFilterParams(filter)) as IterableIterator<
      Record<string, unknown>
    >;
  }

  /** Stream the decisions (of one dataset, when given) with their alert and flow, oldest first. */
  exportDecisions(datasetId?: number): IterableIterator<DecisionExportRow> {
    const rows =
      datasetId === undefined
        ? this.q.get('exportDecisions').iterate()
        : this.q.get('exportDecisionsOfDataset').iterate({ datasetId });
    return rows as IterableIterator<DecisionExportRow>;
  }

  /** Stream a dataset's alerts joined with their flow's time and endpoints, in alert id order. */
  *flowAlerts(datasetId: number): Generator<FlowAlertRow> {
    yield* this.q.get('flowAlertsOfDataset').iterate(datasetId) as IterableIterator<FlowAlertRow>;
  }
}
