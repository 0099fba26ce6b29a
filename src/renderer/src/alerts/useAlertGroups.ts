/**
 * alerts.groups for the grouped view, fetched again (debounced) when decisions change the
 * dataset's alerts and after the event stream comes back.
 */
import { useEffect, useState } from 'react';
import type { AlertGroup, AlertRow } from '../../../shared/contract';
import { useClient } from '../api/context';
import { errorText } from '../format';
import { onReconnect } from '../api/reconnect';

/** Groups asked for: the contract's maximum, so the groups cover the queue in all but huge trees. */
export const GROUP_LIMIT = 2000;
const CHANGED_DEBOUNCE_MS = 400;

type Loaded = { key: string; groups: AlertGroup[] | null; error: string | null };

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
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const key = `${datasetId}:${status ?? ''}:${version}`;

  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const load = (): void => {
      client.api['alerts.groups']({
        datasetId,
        limit: GROUP_LIMIT,
        ...(status ? { status } : {}),
      }).then(
        (groups) => alive && setLoaded({ key, groups, error: null }),
        (err: unknown) => alive && setLoaded({ key, groups: null, error: errorText(err) }),
      );
    };
    load();
    const offChanged = client.subscribe('alerts.changed', (e) => {
      if (e.datasetId !== datasetId) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(load, CHANGED_DEBOUNCE_MS);
    });
    const offConn = onReconnect(client.connection, () => {
      load();
    });
    return () => {
      alive = false;
      offChanged();
      offConn();
      window.clearTimeout(timer);
    };
  }, [client, datasetId, status, key]);

  return {
    groups: loaded?.groups ?? null,
    error: loaded?.error ?? null,
    loading: loaded?.key !== key,
  };
}
