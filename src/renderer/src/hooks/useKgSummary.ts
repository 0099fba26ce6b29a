/** kg.summary for a detector, reloaded when decisions change the graph (alerts.changed). */
import { useEffect, useState } from 'react';
import type { KgSummary } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';

type Loaded = { key: string; summary: KgSummary | null; error: string | null };

/** Wait this long for more alerts.changed events before asking again. */
const DEBOUNCE_MS = 500;

/** The KG summary of `detectorId` (undefined: the latest detector); null while loading. */
export function useKgSummary(
  client: RampartClient,
  detectorId: number | undefined,
): { summary: KgSummary | null; error: string | null } {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const key = String(detectorId);

  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const load = (): void => {
      client.api['kg.summary'](detectorId === undefined ? {} : { detectorId }).then(
        (summary) => alive && setLoaded({ key, summary, error: null }),
        (err: unknown) => alive && setLoaded({ key, summary: null, error: errorText(err) }),
      );
    };
    load();
    const off = client.subscribe('alerts.changed', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });
    return () => {
      alive = false;
      off();
      window.clearTimeout(timer);
    };
  }, [client, detectorId, key]);

  const current = loaded?.key === key ? loaded : null;
  return { summary: current?.summary ?? null, error: current?.error ?? null };
}
