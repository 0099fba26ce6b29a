/**
 * Calls `onChange` when a dataset's incidents changed (`incidents.changed`, gathered for a moment
 * since a live feed sends many) and after the event stream comes back (events sent while it was
 * down are lost).
 */
import { useEffect, useRef } from 'react';
import { useClient } from '../api/context';
import { onReconnect } from '../api/reconnect';

/** Wait this long for more incidents.changed events before refetching. */
const CHANGED_DEBOUNCE_MS = 250;

/** What changed: the incidents named by the events gathered, or everything (`all`). */
export type IncidentsChange = { all: true } | { all: false; incidentIds: ReadonlySet<string> };

/** Subscribe for one dataset; `onChange` may change between renders without resubscribing. */
export function useIncidentsChanged(
  datasetId: number,
  onChange: (change: IncidentsChange) => void,
): void {
  const client = useClient();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });

  useEffect(() => {
    let timer: number | undefined;
    // Incident ids named since the last call; null once an event named none (a regrouping).
    let named: Set<string> | null = new Set();
    const fire = (): void => {
      const change: IncidentsChange = named ? { all: false, incidentIds: named } : { all: true };
      named = new Set();
      latest.current(change);
    };
    const offChanged = client.subscribe('incidents.changed', (e) => {
      if (e.datasetId !== datasetId) return;
      if (e.incidentIds.length === 0) named = null;
      else for (const id of e.incidentIds) named?.add(id);
      window.clearTimeout(timer);
      timer = window.setTimeout(fire, CHANGED_DEBOUNCE_MS);
    });
    const offConn = onReconnect(client.connection, () => {
      named = null;
      fire();
    });
    return () => {
      offChanged();
      offConn();
      window.clearTimeout(timer);
    };
  }, [client, datasetId]);
}
