/** What the UI needs from a transport, whichever one it is (Electron IPC or the headless host). */
import type { RampartApi, Subscribe } from '../../../shared/contract';

/** State of the event stream. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

/** The event stream's connection, for the header indicator and for refetching after a gap. */
export interface Connection {
  status(): ConnectionStatus;
  /** Called on every status change; returns the unsubscribe. */
  onChange(listener: (status: ConnectionStatus) => void): () => void;
  /** Resolves once the stream is open or after `timeoutMs`, whichever comes first. */
  ready(timeoutMs: number): Promise<void>;
}

/** The UI's handle on the core. */
export interface RampartClient {
  kind: 'electron' | 'http';
  api: RampartApi;
  subscribe: Subscribe;
  connection: Connection;
  /**
   * Turn picked or dropped files into paths the core can read: the real paths in Electron, copies
   * uploaded to the headless host in a browser. `onStatus` receives human-readable progress.
   */
  pathsFor(files: File[], onStatus?: (message: string) => void): Promise<string[]>;
}
