/** The advisor's status: loaded once, then kept current by advisor.changed events. */
import { useCallback, useEffect, useState } from 'react';
import type { AdvisorStatus } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';
import { onReconnect } from '../api/reconnect';

/** Status (null until the first answer), the last load error, and a setter for request answers. */
export function useAdvisorStatus(client: RampartClient): {
  status: AdvisorStatus | null;
  error: string | null;
  set(status: AdvisorStatus): void;
} {
  const [status, setStatus] = useState<AdvisorStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.api['advisor.status']({}).then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, [client]);

  useEffect(() => {
    load();
    const offChanged = client.subscribe('advisor.changed', (s) => setStatus(s));
    // Events sent while the stream was down are lost: ask again when it is back.
    const offConn = onReconnect(client.connection, () => {
      load();
    });
    return () => {
      offChanged();
      offConn();
    };
  }, [client, load]);

  return { status, error, set: setStatus };
}
