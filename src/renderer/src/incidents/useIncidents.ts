/** Loading a dataset's incident list and one incident's detail, with a reload for each. */
import { useCallback, useEffect, useState } from 'react';
import type { IncidentDetail, IncidentSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import { errorText } from '../format';

/** The list for one dataset and gap; `reload` asks again (e.g. after a decision). */
export function useIncidentList(
  datasetId: number,
  gapMin: number,
): { list: IncidentSummary[] | null; error: string | null; reload(): void } {
  const client = useClient();
  const key = `${datasetId}|${gapMin}`;
  const [state, setState] = useState<{
    key: string;
    list: IncidentSummary[] | null;
    error: string | null;
  } | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let alive = true;
    client.api['incidents.list']({ datasetId, gapMin }).then(
      (list) => alive && setState({ key, list, error: null }),
      (err: unknown) => alive && setState({ key, list: null, error: errorText(err) }),
    );
    return () => {
      alive = false;
    };
  }, [client, datasetId, gapMin, key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // A list of another dataset or gap is not shown while the new one loads.
  const current = state?.key === key ? state : null;
  return { list: current?.list ?? null, error: current?.error ?? null, reload };
}

/** What the detail hook holds: the incident shown, or why it is not. */
export interface DetailState {
  detail: IncidentDetail | null;
  /** The incident is gone (the core answered null). */
  missing: boolean;
  error: string | null;
  loading: boolean;
}

/** One incident's detail; `replace` takes a detail the core returned (a decision's answer). */
export function useIncidentDetail(
  datasetId: number,
  incidentId: string | null,
): DetailState & { replace(d: IncidentDetail): void } {
  const client = useClient();
  const key = `${datasetId}|${incidentId ?? ''}`;
  const [state, setState] = useState<(DetailState & { key: string }) | null>(null);

  useEffect(() => {
    if (incidentId === null) return;
    let alive = true;
    client.api['incidents.get']({ datasetId, incidentId }).then(
      (detail) =>
        alive && setState({ key, detail, missing: detail === null, error: null, loading: false }),
      (err: unknown) =>
        alive &&
        setState({ key, detail: null, missing: false, error: errorText(err), loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [client, datasetId, incidentId, key]);

  const replace = useCallback(
    (d: IncidentDetail) =>
      setState({
        key: `${datasetId}|${d.summary.id}`,
        detail: d,
        missing: false,
        error: null,
        loading: false,
      }),
    [datasetId],
  );

  const current = state?.key === key ? state : null;
  return {
    detail: current?.detail ?? null,
    missing: current?.missing ?? false,
    error: current?.error ?? null,
    loading: incidentId !== null && current === null,
    replace,
  };
}
