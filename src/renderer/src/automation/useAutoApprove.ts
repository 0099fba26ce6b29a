/** The saved auto-approve thresholds: loaded once, replaced by what a save returns. */
import { useEffect, useState } from 'react';
import type { AutoApproveSettings } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';

/** The settings (null while loading), the load error, and a setter for a save's answer. */
export function useAutoApprove(client: RampartClient): {
  saved: AutoApproveSettings | null;
  error: string | null;
  setSaved(s: AutoApproveSettings): void;
} {
  const [saved, setSaved] = useState<AutoApproveSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    client.api['autoApprove.get']({}).then(
      (s) => alive && setSaved(s),
      (err: unknown) => alive && setError(`Could not load the thresholds: ${errorText(err)}`),
    );
    return () => {
      alive = false;
    };
  }, [client]);
  return { saved, error, setSaved };
}
