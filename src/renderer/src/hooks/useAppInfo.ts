/** app.info, loaded once. */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import type { RampartClient } from '../api/types';

/** The core's version, host kind and class list; null until loaded. */
export function useAppInfo(client: RampartClient): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let alive = true;
    client.api['app.info']({}).then(
      (i) => alive && setInfo(i),
      (err: unknown) => console.error('rampart: app.info failed', err),
    );
    return () => {
      alive = false;
    };
  }, [client]);
  return info;
}
