/** The event stream's status as React state. */
import { useSyncExternalStore } from 'react';
import type { ConnectionStatus, RampartClient } from '../api/types';

/** Re-renders when the connection status changes. */
export function useConnectionStatus(client: RampartClient): ConnectionStatus {
  return useSyncExternalStore(
    (cb) => client.connection.onChange(cb),
    () => client.connection.status(),
  );
}
