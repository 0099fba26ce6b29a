/** Refetching after a gap in the event stream: events sent while it was down are lost. */
import type { Connection } from './types';

/** Call `fn` each time the stream opens again after being down; returns the unsubscribe. */
export function onReconnect(connection: Connection, fn: () => void): () => void {
  let dropped = false;
  return connection.onChange((s) => {
    if (s !== 'open') dropped = true;
    else if (dropped) {
      dropped = false;
      fn();
    }
  });
}
