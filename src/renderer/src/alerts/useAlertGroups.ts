/**
 * alerts.groups for the grouped view, fetched again (debounced) when decisions change the
 * dataset's alerts and after the event stream comes back.
 */
import type { AlertGroup, AlertRow } from '../../../shared/contract';
import { on, useCoreQuery } from '../api/useCore';

/** Groups asked for: the contract's maximum, so the groups cover the queue in all but huge trees. */
export const GROUP_LIMIT = 2000;
const CHANGED_DEBOUNCE_MS = 400;

/** What the grouped view shows. */
export interface AlertGroupsState {
  /** The last answer (kept while a new query loads); null before the first. */
  groups: AlertGroup[] | null;
  error: string | null;
  /** The shown answer is not for the current arguments yet. */
  loading: boolean;
}

/**
 * The signature groups of a dataset's alerts, optionally of one status. A new `version` (e.g. the
 * dataset's alert count as a live feed grows it) asks again, keeping the groups on screen meanwhile.
 */
export function useAlertGroups(
  datasetId: number,
  status: AlertRow['status'] | undefined,
  version: string,
): AlertGroupsState {
  const { data, error, loading } = useCoreQuery(
    'alerts.groups',
    { datasetId, limit: GROUP_LIMIT, ...(status ? { status } : {}) },
    {
      refetchOn: [on('alerts.changed', (e) => e.datasetId === datasetId)],
      debounceMs: CHANGED_DEBOUNCE_MS,
      keepPrevious: true,
      version,
    },
  );
  return { groups: data ?? null, error, loading };
}
