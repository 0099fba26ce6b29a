/** alerts.detail for the selected alert, reloaded when the caller bumps `version`. */
import type { AlertDetail } from '../../../shared/contract';
import { useCoreQuery } from '../api/useCore';

/** One answer: for which alert and which reload it came. */
export interface LoadedDetail {
  id: number;
  detail: AlertDetail | null;
  error: string | null;
}

/** What the panel shows for one alert id. */
export interface AlertDetailState {
  /** The last answer for this id (kept on screen while a reload is in flight); null until one. */
  loaded: LoadedDetail | null;
  /** A request for this id (first load or reload) has not answered yet. */
  loading: boolean;
}

/**
 * Load the detail of alert `id` (null: none selected). A reload for the same id keeps the previous
 * answer on screen, so a decision's refresh does not blank the panel; a late answer for an alert no
 * longer selected is dropped.
 */
export function useAlertDetail(id: number | null, version: string): AlertDetailState {
  const { data, error, loading } = useCoreQuery(
    'alerts.detail',
    { id: id ?? 0 },
    { enabled: id !== null, version },
  );
  const loaded: LoadedDetail | null =
    id !== null && (data !== undefined || error !== null)
      ? { id, detail: data ?? null, error }
      : null;
  return { loaded, loading };
}
