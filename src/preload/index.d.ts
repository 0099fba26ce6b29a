/** The renderer's view of the preload: the shape of `window.rampart` (present only inside Electron). */
import type { EventMessage } from '../shared/names';
import type { RampartApi } from '../shared/contract';

/** One event as delivered to `onEvent` listeners; the same shape as on the headless host's WebSocket. */
export type RampartEvent = EventMessage;

/** What the preload exposes as `window.rampart`. */
export interface RampartBridge {
  /** One function per contract request, e.g. `request['alerts.query']({ datasetId })`. */
  request: RampartApi;
  /** Receive every core event; returns the unsubscribe function. */
  onEvent(listener: (message: RampartEvent) => void): () => void;
  /** Absolute path of a file the user picked or dropped (Electron only). */
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    /** Set by the Electron preload; undefined in a plain browser (headless host). */
    rampart?: RampartBridge;
  }
}
