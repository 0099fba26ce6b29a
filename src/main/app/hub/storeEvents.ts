/** The UI change events that a committed store write implies (views refresh by invalidation). */
import type { ChangeSet } from '../../store/changes';
import type { EventHub } from './dispatch';

/** `alerts.changed` for each dataset whose alerts the write touched, the alert ids in write order. */
export function announceAlertChanges(events: EventHub, changes: ChangeSet): void {
  for (const [datasetId, alertIds] of changes.alerts)
    events.emit('alerts.changed', { datasetId, alertIds });
}
