/**
 * A dataset's incident list and one incident's detail, each refetched on `incidents.changed`
 * (gathered for a moment, since a live feed sends many) and after the event stream comes back.
 */
import { useCallback } from 'react';
import type { IncidentDetail, IncidentSummary } from '../../../shared/contract';
import { on, useCoreQuery } from '../api/useCore';

/** Wait this long for more incidents.changed events before refetching. */
const CHANGED_DEBOUNCE_MS = 250;

/** The list for one dataset and gap; `reload` asks again (e.g. after a decision). */
export function useIncidentList(
  datasetId: number,
  gapMin: number,
): { list: IncidentSummary[] | null; error: string | null; reload(): void } {
  const { data, error, refetch } = useCoreQuery(
    'incidents.list',
    { datasetId, gapMin },
    {
      refetchOn: [on('incidents.changed', (e) => e.datasetId === datasetId)],
      debounceMs: CHANGED_DEBOUNCE_MS,
    },
  );
  // A list of another dataset or gap is not shown while the new one loads.
  return { list: data ?? null, error, reload: refetch };
}

/** What the detail hook holds: the incident shown, or why it is not. */
export interface DetailState {
  detail: IncidentDetail | null;
  /** The incident is gone (the core answered null). */
  missing: boolean;
  error: string | null;
  loading: boolean;
}

/**
 * One incident's detail, refetched when an event names it or regroups the dataset (no ids);
 * `replace` takes a detail the core returned (a decision's answer), and a late answer never
 * overwrites it.
 */
export function useIncidentDetail(
  datasetId: number,
  incidentId: string | null,
): DetailState & { replace(d: IncidentDetail): void } {
  const { data, error, loading, setData } = useCoreQuery(
    'incidents.get',
    { datasetId, incidentId: incidentId ?? '' },
    {
      enabled: incidentId !== null,
      refetchOn: [
        on(
          'incidents.changed',
          (e) =>
            e.datasetId === datasetId &&
            (e.incidentIds.length === 0 ||
              (incidentId !== null && e.incidentIds.includes(incidentId))),
        ),
      ],
      debounceMs: CHANGED_DEBOUNCE_MS,
    },
  );
  const replace = useCallback((d: IncidentDetail) => setData(d, { supersede: true }), [setData]);
  return { detail: data ?? null, missing: data === null, error, loading, replace };
}
