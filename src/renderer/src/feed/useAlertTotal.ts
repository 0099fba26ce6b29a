/** A dataset's alert count, re-read at most every few hundred ms while alerts.changed arrives. */
import { useEffect, useState } from 'react';
import type { RampartClient } from '../api/types';

/** Least time between two counts while a feed keeps adding alerts. */
const THROTTLE_MS = 400;

/** Total alerts of `datasetId` (null while unknown or without a dataset). */
export function useAlertTotal(client: RampartClient, datasetId: number | null): number | null {
  const [total, setTotal] = useState<{ id: number; n: number } | null>(null);

  useEffect(() => {
    if (datasetId === null) return;
    let alive = true;
    let timer: number | undefined;
    const load = (): void => {
      client.api['alerts.query']({ datasetId, limit: 1 }).then(
        (page) => alive && setTotal({ id: datasetId, n: page.total }),
        () => {},
      );
    };
    load();
    const off = client.subscribe('alerts.changed', (e) => {
      if (e.datasetId !== datasetId || timer !== undefined) return;
      // Throttle, not debounce: a steady feed must still show its count growing.
      timer = window.setTimeout(() => {
        timer = undefined;
        load();
      }, THROTTLE_MS);
    });
    return () => {
      alive = false;
      off();
      window.clearTimeout(timer);
    };
  }, [client, datasetId]);

  return total !== null && total.id === datasetId ? total.n : null;
}
