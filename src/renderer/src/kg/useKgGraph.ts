/**
 * `kg.graph` for the view, fetched again (debounced) when decisions change the graph
 * (alerts.changed for the shown dataset) and after the event stream comes back.
 */
import type { KgGraphView, RequestArgs } from '../../../shared/contract';
import { on, useCoreQuery } from '../api/useCore';

/** Wait this long for more alerts.changed events (a bulk decision sends many) before asking. */
const CHANGED_DEBOUNCE_MS = 400;

/** What to fetch: the whole graph of a detector, or a signature's neighbourhood. */
export interface KgGraphQuery {
  /** Only this dataset's alerts.changed events refetch; null: any dataset's. */
  datasetId: number | null;
  /** Omitted: the signature's detector, else the newest. */
  detectorId?: number | null;
  /** null: the whole graph. */
  signatureId: number | null;
  maxNodes?: number;
}

/**
 * The graph for a query. While a new query loads the last answer stays (so the canvas does not
 * blank); `loading` says whether the shown answer is for the current query.
 */
export function useKgGraph(q: KgGraphQuery): {
  view: KgGraphView | null;
  error: string | null;
  loading: boolean;
} {
  const { datasetId, detectorId, signatureId, maxNodes } = q;
  const args: RequestArgs<'kg.graph'> = {
    ...(signatureId !== null ? { signatureId } : detectorId != null ? { detectorId } : {}),
    ...(maxNodes !== undefined ? { maxNodes } : {}),
  };
  const { data, error, loading } = useCoreQuery('kg.graph', args, {
    refetchOn: [on('alerts.changed', (e) => datasetId === null || e.datasetId === datasetId)],
    debounceMs: CHANGED_DEBOUNCE_MS,
    keepPrevious: true,
  });
  return { view: data ?? null, error, loading };
}
