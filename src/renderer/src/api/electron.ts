/** The Electron transport: the preload's `window.rampart` bridge. */
import { ListenerRegistry } from './listeners';
import type { Connection, RampartClient } from './types';

/** The preload's bridge type (declared for the renderer in src/preload/index.d.ts). */
type RampartBridge = NonNullable<Window['rampart']>;

/** IPC is up as soon as the page is: the connection is always open. */
const alwaysOpen: Connection = {
  status: () => 'open',
  onChange: () => () => {},
  ready: () => Promise.resolve(),
};

/** Build the client over the preload bridge. */
export function createElectronClient(bridge: RampartBridge): RampartClient {
  const registry = new ListenerRegistry();
  bridge.onEvent((m) => registry.deliver(m.event, m.payload));
  return {
    kind: 'electron',
    api: bridge.request,
    subscribe: registry.subscribe,
    connection: alwaysOpen,
    pathsFor: async (files) => files.map((f) => bridge.pathForFile(f)),
  };
}
