/** The advisor's status: loaded once, then kept current by advisor.changed events. */
import type { AdvisorStatus } from '../../../shared/contract';
import { useCoreEvent, useCoreQuery } from '../api/useCore';

/** Status (null until the first answer), the last load error, and a setter for request answers. */
export function useAdvisorStatus(): {
  status: AdvisorStatus | null;
  error: string | null;
  set(status: AdvisorStatus): void;
} {
  // Events sent while the stream was down are lost: ask again when it is back.
  const { data, error, setData } = useCoreQuery('advisor.status', {}, { reconnect: true });
  useCoreEvent('advisor.changed', (s) => setData(s, { supersede: true }));
  return { status: data ?? null, error, set: setData };
}
