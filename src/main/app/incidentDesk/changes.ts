/**
 * When to send `incidents.changed`. A decided step names its incident at once; alert changes (a
 * load, a live feed's batches, alert decisions) are coalesced per dataset and announced only when
 * the dataset's alert count moved, which is what the desk's grouping cache is keyed on: the same
 * test that makes the desk regroup makes the UI refetch.
 */
import type { JobFinished } from '../../../shared/contract';
import type { EventHub } from '../hub/dispatch';
import type { Store } from '../../store/store';

/** How long alert events are gathered before a dataset's alert count is read again (ms). */
export const INCIDENT_CHANGE_COALESCE_MS = 400;

/** Watches the hub for alert changes and emits `incidents.changed` for the datasets affected. */
export class IncidentChanges {
  /**
   * Per dataset, the alert count last announced, or the first one the desk grouped on. A later
   * grouping does not move it: a client that listed earlier still needs telling.
   */
  private readonly counts = new Map<number, number>();
  private readonly pending = new Map<number, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly coalesceMs = INCIDENT_CHANGE_COALESCE_MS,
  ) {
    this.unsubscribe = events.subscribe((event, payload) => {
      if (event === 'alerts.changed') this.schedule((payload as { datasetId: number }).datasetId);
      else if (event === 'job.finished') {
        const f = payload as JobFinished;
        if (f.kind === 'load' && f.ok && f.datasetId !== null) this.schedule(f.datasetId);
      }
    });
  }

  /** The desk grouped the dataset at this alert count (a baseline when there is none yet). */
  grouped(datasetId: number, alertCount: number): void {
    if (!this.counts.has(datasetId)) this.counts.set(datasetId, alertCount);
  }

  /** A step of an incident was written. */
  decided(datasetId: number, incidentId: string): void {
    this.events.emit('incidents.changed', { datasetId, incidentIds: [incidentId] });
  }

  /** Stop watching and drop pending checks. */
  dispose(): void {
    this.unsubscribe();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private schedule(datasetId: number): void {
    if (this.pending.has(datasetId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(datasetId);
      this.check(datasetId);
    }, this.coalesceMs);
    // A pending check must not keep a CLI or a test process alive.
    timer.unref();
    this.pending.set(datasetId, timer);
  }

  private check(datasetId: number): void {
    // The service may have closed the database while the check waited.
    if (!this.store.isOpen) return;
    let n: number;
    try {
      n = this.store.alertCount(datasetId);
    } catch (err) {
      console.error(`rampart: incident change check for dataset ${datasetId} failed:`, err);
      return;
    }
    if (this.counts.get(datasetId) === n) return;
    this.counts.set(datasetId, n);
    this.events.emit('incidents.changed', { datasetId, incidentIds: [] });
  }
}
