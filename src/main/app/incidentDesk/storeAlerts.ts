/** A dataset's flow alerts read straight from the store (one read-only query, no store changes). */
import type { Store } from '../../store/store';
import type { FlowAlertRow } from '../../domain/ir/grouping/flowAlerts';

/** Every alert of the dataset joined with its flow's time and endpoints, in alert id order. */
export const FLOW_ALERTS_OF_DATASET = `SELECT a.id, a.predicted_class, a.conf_mean, f.ts, f.ts_ms,
    f.src_ip, f.src_port, f.dst_ip, f.dst_port, f.protocol
  FROM alerts a JOIN flows f ON f.id = a.flow_id
  WHERE a.dataset_id = ? ORDER BY a.id`;

/** Stream a dataset's flow alerts (rows are read lazily; the statement is read-only). */
export function* flowAlertRows(
  store: Pick<Store, 'db'>,
  datasetId: number,
): Generator<FlowAlertRow> {
  const stmt = store.db.prepare(FLOW_ALERTS_OF_DATASET);
  yield* stmt.iterate(datasetId) as IterableIterator<FlowAlertRow>;
}
