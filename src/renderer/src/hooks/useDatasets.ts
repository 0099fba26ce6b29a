/** The dataset list, refreshed on datasets.changed and after the event stream reconnects. */
import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { onReconnect } from '../api/reconnect';

/** How long the first load waits for the event stream before listing anyway. */
const STREAM_WAIT_MS = 3000;

/** Datasets (null until the first list resolved) and the last error. */
export function useDatasets(client: RampartClient): {
  datasets: DatasetSummary[] | null;
  error: string | null;
  refresh(): Promise<void>;
} {
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setDatasets(await client.api['datasets.list']({}));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [client]);

  useEffect(() => {
    let alive = true;
    // Listing only once events flow means a job started right away cannot miss its progress.
    void client.connection.ready(STREAM_WAIT_MS).then(() => {
      if (alive) void refresh();
    });
    const offChanged = client.subscribe('datasets.changed', () => void refresh());
    // Events sent while disconnected are lost: reload what they would have told us.
    const offConn = onReconnect(client.connection, () => {
      void refresh();
    });
    return () => {
      alive = false;
      offChanged();
      offConn();
    };
  }, [client, refresh]);

  return { datasets, error, refresh };
}
