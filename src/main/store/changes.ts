/**
 * What a committed write touched. Every write of the store runs in a transaction that records the
 * tables it wrote and, for alerts, which rows of which dataset; the app turns that into the UI's
 * change events (the views refresh by invalidation, as in bruno's sqlite package).
 */

/** A table the store writes. */
export type Table =
  | 'datasets'
  | 'flows'
  | 'flow_chunks'
  | 'detectors'
  | 'signatures'
  | 'alerts'
  | 'audit'
  | 'policies'
  | 'advice'
  | 'recommendations'
  | 'decisions'
  | 'settings'
  | 'kg_snapshots'
  | 'incident_steps'
  | 'jobs';

/** The tables and alert rows one transaction wrote. */
export class ChangeSet {
  /** Tables written. */
  readonly tables = new Set<Table>();
  /** Alerts inserted or whose status changed, by dataset, in write order. */
  readonly alerts = new Map<number, number[]>();

  /** Record that `tables` were written. */
  touch(...tables: Table[]): void {
    for (const t of tables) this.tables.add(t);
  }

  /** Record that alert `alertId` of dataset `datasetId` was written. */
  alert(datasetId: number, alertId: number): void {
    this.tables.add('alerts');
    const ids = this.alerts.get(datasetId);
    if (ids) ids.push(alertId);
    else this.alerts.set(datasetId, [alertId]);
  }

  /** Add what `other` (a nested transaction that committed) wrote. */
  merge(other: ChangeSet): void {
    for (const t of other.tables) this.tables.add(t);
    for (const [datasetId, ids] of other.alerts) for (const id of ids) this.alert(datasetId, id);
  }
}

/** How a repository writes: inside the store's transaction, recording into its change set. */
export interface Writes {
  /** Run fn in one transaction (nested calls join the outer one). */
  transaction<T>(fn: (changes: ChangeSet) => T): T;
}
