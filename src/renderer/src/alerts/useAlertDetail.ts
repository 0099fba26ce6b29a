/** alerts.detail for the selected alert, reloaded when the caller bumps `version`. */
import { useEffect, useState } from 'react';
import type { AlertDetail } from '../../../shared/contract';
import { useClient } from '../api/context';
import { errorText } from '../format';

/** One answer: for which alert and which reload it came. */
export interface LoadedDetail {
  id: number;
  key: string;
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
export function useAlertDetail(id: number | null, version: number): AlertDetailState {
  const client = useClient();
  const [loaded, setLoaded] = useState<LoadedDetail | null>(null);
  const key = `${id}:${version}`;

  useEffect(() => {
    if (id === null) return;
    let alive = true;
    client.api['alerts.detail']({ id }).then(
      (detail) => alive && setLoaded({ id, key, detail, error: null }),
      (err: unknown) => alive && setLoaded({ id, key, detail: null, error: errorText(err) }),
    );
    return () => {
      alive = false;
    };
  }, [client, id, key]);

  const current = loaded && loaded.id === id ? loaded : null;
  return { loaded: current, loading: current?.key !== key };
}
