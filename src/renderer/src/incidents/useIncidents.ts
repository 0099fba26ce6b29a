/** Loading a dataset's incident list and one incident's detail, with a reload for each. */
import { useCallback, useEffect, useRef, useState } from 'react';
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

/**
 * One incident's detail; `replace` takes a detail the core returned (a decision's answer) and
 * `reload` asks again while the current detail stays on screen. A late answer never overwrites a
 * newer one.
 */
export function useIncidentDetail(
  datasetId: number,
  incidentId: string | null,
): DetailState & { replace(d: IncidentDetail): void; reload(): void } {
  const client = useClient();
  const key = `${datasetId}|${incidentId ?? ''}`;
  const [state, setState] = useState<(DetailState & { key: string }) | null>(null);
  const [version, setVersion] = useState(0);
  // Bumped by every answer taken (fetched or replaced): a fetch started before it is stale.
  const generation = useRef(0);

  useEffect(() => {
    if (incidentId === null) return;
    let alive = true;
    const asked = generation.current;
    const take = (next: DetailState): void => {
      if (!alive || generation.current !== asked) return;
      generation.current++;
      setState({ key, ...next });
    };
    client.api['incidents.get']({ datasetId, incidentId }).then(
      (detail) => take({ detail, missing: detail === null, error: null, loading: false }),
      (err: unknown) =>
        take({ detail: null, missing: false, error: errorText(err), loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [client, datasetId, incidentId, key, version]);

  const replace = useCallback(
    (d: IncidentDetail) => {
      generation.current++;
      setState({
        key: `${datasetId}|${d.summary.id}`,
        detail: d,
        missing: false,
        error: null,
        loading: false,
      });
    },
    [datasetId],
  );
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  const current = state?.key === key ? state : null;
  return {
    detail: current?.detail ?? null,
    missing: current?.missing ?? false,
    error: current?.error ?? null,
    loading: incidentId !== null && current === null,
    replace,
    reload,
  };
}
