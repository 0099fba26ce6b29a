/** React access to the one client of the page. */
import { createContext, useContext } from 'react';
import type { RampartClient } from './types';

/** Holds the client; provided once at the root. */
export const ClientContext = createContext<RampartClient | null>(null);

/** The client; throws when used outside the provider (a programming error). */
export function useClient(): RampartClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside ClientContext');
  return c;
}
