/** `alerts.groups`: a dataset's alerts grouped by signature, largest groups first. */
import type { AlertGroup, ValidArgs } from '../../../shared/contract';
import { betaSummary } from '../../domain/detector';
import type { Store } from '../../store/store';

interface GroupRow {
  signature_id: number;
  text: string;
  predicted_class: string;
  alerts: number;
  pending: number;
  n: number;
  c: number;
  alpha: number;
  beta: number;
  top_action: number | null;
}

const SQL = (withStatus: boolean) => `
  SELECT a.signature_id, s.text, a.predicted_class, COUNT(*) AS alerts,
         SUM(a.status = 'pending') AS pending, s.n, s.c, s.alpha, s.beta,
         (SELECT r.action FROM alerts a2 JOIN recommendations r ON r.alert_id = a2.id
           WHERE a2.signature_id = a.signature_id AND a2.dataset_id = a.dataset_id
           GROUP BY r.action ORDER BY COUNT(*) DESC, r.action LIMIT 1) AS top_action
  FROM alerts a JOIN signatures s ON s.id = a.signature_id
  WHERE a.dataset_id = @datasetId${withStatus ? ' AND a.status = @status' : ''}
  GROUP BY a.signature_id ORDER BY alerts DESC, a.signature_id LIMIT @limit`;

/** Groups of the dataset's alerts (optionally of one status) with each signature's confidence now. */
export function alertGroups(store: Store, q: ValidArgs<'alerts.groups'>): AlertGroup[] {
  const params: Record<string, string | number> = { datasetId: q.datasetId, limit: q.limit };
  if (q.status !== undefined) params['status'] = q.status;
  const rows = store.db.prepare(SQL(q.status !== undefined)).all(params) as GroupRow[];
  return rows.map((r) => ({
    signatureId: r.signature_id,
    signatureText: r.text,
    predictedClass: r.predicted_class,
    alerts: r.alerts,
    pending: r.pending,
    confidence: betaSummary(r.c, r.n, { alpha: r.alpha, beta: r.beta }),
    topAction: r.top_action,
  }));
}
