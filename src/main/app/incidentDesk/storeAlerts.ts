/** A dataset's flow alerts as the incident grouping reads them (read-only, streamed). */
import type { FlowAlertRow } from '../../domain/ir/grouping/flowAlerts';
import type { Store } from '../../store/store';

/** Every alert of the dataset joined with its flow's time and endpoints, in alert id order. */
export function flowAlertRows(store: Store, datasetId: number): Generator<FlowAlertRow> {
  return store.reports.flowAlerts(datasetId);
}
