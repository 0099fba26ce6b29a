/**
 * On a shared (PostgreSQL) database, the writes of the other processes — another `rampart serve`
 * an analyst decides through, the stream workers storing alerts — reach this process's event hub
 * as they commit (LISTEN/NOTIFY, store/notify.ts), so every open console refreshes within a
 * second whichever server it is connected to. The process's own writes are announced locally,
 * as on SQLite, and skipped here.
 */
import { listenForChanges, type ChangeListener } from '../../store/notify';
import type { Store } from '../../store/store';
import type { EventHub } from './dispatch';

/** Follow the other processes' writes; null on an embedded (SQLite) store, which has none. */
export function followSharedStore(
  store: Store,
  url: string,
  events: EventHub,
): ChangeListener | null {
  if (store.kind !== 'postgres') return null;
  return listenForChanges(
    url,
    ({ from, changes, truncated }) => {
      if (from === store.instance) return;
      const datasets = new Set<number>(truncated);
      for (const [datasetId, alertIds] of changes.alerts) {
        datasets.add(datasetId);
        events.emit('alerts.changed', { datasetId, alertIds });
      }
      for (const datasetId of truncated) events.emit('alerts.changed', { datasetId, alertIds: [] });
      // The incidents group alerts: a dataset whose alerts changed refetches its list.
      for (const datasetId of datasets)
        events.emit('incidents.changed', { datasetId, incidentIds: [] });
      if (changes.tables.has('datasets')) events.emit('datasets.changed', {});
    },
    // Notifications sent while the connection was down are lost: every view refetches.
    () => events.emit('datasets.changed', {}),
  );
}
