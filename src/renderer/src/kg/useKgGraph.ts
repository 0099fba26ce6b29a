/**
 * `kg.graph` for the view, fetched again (debounced) when decisions change the graph
 * (alerts.changed for the shown dataset) and after the event stream comes back.
 */
import { useEffect, useState } from 'react';
import type { KgGraphView, RequestArgs } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';
import { onReconnect } from '../api/reconnect';

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

type Loaded = { key: string; view: KgGraphView | null; error: string | null };

/**
 * The graph for a query. While a new query loads the last answer stays (so the canvas does not
 * blank); `loading` says whether the shown answer is for the current query.
 */
export function useKgGraph(
  client: RampartClient,
  q: KgGraphQuery,
): { view: KgGraphView | null; error: string | null; loading: boolean } {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const { datasetId, detectorId, signatureId, maxNodes } = q;
  const key = JSON.stringify([detectorId ?? null, signatureId, maxNodes ?? null]);

  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const args: RequestArgs<'kg.graph'> = {
      ...(signatureId !== null ? { signatureId } : detectorId != null ? { detectorId } : {}),
      ...(maxNodes !== undefined ? { maxNodes } : {}),
    };
    const load = (): void => {
      client.api['kg.graph'](args).then(
        (view) => alive && setLoaded({ key, view, error: null }),
        (err: unknown) => alive && setLoaded({ key, view: null, error: errorText(err) }),
      );
    };
    load();
    const offChanged = client.subscribe('alerts.changed', (e) => {
      if (datasetId !== null && e.datasetId !== datasetId) return;
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
  }, [client, key, datasetId, detectorId, signatureId, maxNodes]);

  return {
    view: loaded?.view ?? null,
    error: loaded?.key === key ? loaded.error : null,
    loading: loaded?.key !== key,
  };
}
