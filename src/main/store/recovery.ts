/**
 * What resuming, re-classifying and deleting a stored dataset read and write: the alerts a load
 * had already written (by flow), the alerts still without a recommendation, and the one-transaction
 * delete of a dataset with everything derived from it.
 */
import type { Writes } from './changes';
import type { Statements } from './statements';

/** The statements of {@link DatasetRecovery}. */
export const RECOVERY_SQL = {
  alertsOfDetectorByFlow: `SELECT flow_id, id FROM alerts WHERE dataset_id = ? AND detector_id = ?
                           ORDER BY flow_id`,
  // In the order of each detector's first alert (what SQLite's DISTINCT gave): the last is the
  // latest scoring. PostgreSQL's DISTINCT has no order, so it is stated.
  detectorsOfDatasetAlerts: `SELECT detector_id AS id FROM alerts WHERE dataset_id = ?
                             GROUP BY detector_id ORDER BY MIN(id)`,
  pendingWithoutRecommendation: `SELECT a.id FROM alerts a
                                 LEFT JOIN recommendations r ON r.alert_id = a.id
                                 WHERE a.dataset_id = ? AND a.status = 'pending'
                                   AND r.alert_id IS NULL
                                 ORDER BY a.id`,
  decidedAlertsOfDataset: `SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ? AND status <> 'pending'`,
  foreignAlertsOfDataset: `SELECT a.dataset_id AS id, COUNT(*) AS n FROM alerts a
                           JOIN detectors d ON d.id = a.detector_id
                           WHERE d.dataset_id = @id AND a.dataset_id <> @id
                           GROUP BY a.dataset_id`,
  detectorIdsOfDataset: `SELECT id FROM detectors WHERE dataset_id = ?`,
  flowCountOfDataset: `SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ?`,
  alertCountOfDataset: `SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?`,
  deleteAlertsOfDataset: `DELETE FROM alerts WHERE dataset_id = ?`,
  deleteFlowsOfDataset: `DELETE FROM flows WHERE dataset_id = ?`,
  deleteChunksOfDataset: `DELETE FROM flow_chunks WHERE dataset_id = ?`,
  deleteDataset: `DELETE FROM datasets WHERE id = ?`,
} as const;

/** The dataset repository's recovery side (`store.recovery`). */
export class DatasetRecovery {
  constructor(
    private readonly q: Statements<typeof RECOVERY_SQL>,
    private readonly w: Writes,
  ) {}

  /** A dataset's alerts from one detector as (flow id, alert id) pairs in flow order. */
  alertsByFlow(datasetId: number, detectorId: number): { flowIds: number[]; alertIds: number[] } {
    const flowIds: number[] = [];
    const alertIds: number[] = [];
    const rows = this.q.get('alertsOfDetectorByFlow').raw(true).iterate(datasetId, detectorId);
    for (const row of rows as Iterable<[number, number]>) {
      flowIds.push(row[0]);
      alertIds.push(row[1]);
    }
    return { flowIds, alertIds };
  }

  /** The detectors a dataset's alerts came from. */
  alertDetectors(datasetId: number): number[] {
    return (this.q.get('detectorsOfDatasetAlerts').all(datasetId) as { id: number }[]).map(
      (r) => r.id,
    );
  }

  /** A dataset's pending alerts that have no recommendation, by id. */
  pendingWithoutRecommendation(datasetId: number): Set<number> {
    const rows = this.q.get('pendingWithoutRecommendation').raw(true).iterate(datasetId);
    const ids = new Set<number>();
    for (const row of rows as Iterable<[number]>) ids.add(row[0]);
    return ids;
  }

  /** How many of a dataset's alerts an analyst (or the auto-approver) has decided. */
  decidedAlerts(datasetId: number): number {
    return (this.q.get('decidedAlertsOfDataset').get(datasetId) as { n: number }).n;
  }

  /** Other datasets whose alerts come from this dataset's detectors, with how many alerts. */
  dependents(datasetId: number): { id: number; n: number }[] {
    return this.q.get('foreignAlertsOfDataset').all({ id: datasetId }) as {
      id: number;
      n: number;
    }[];
  }

  /** The detectors trained on a dataset. */
  detectorsOf(datasetId: number): number[] {
    return (this.q.get('detectorIdsOfDataset').all(datasetId) as { id: number }[]).map((r) => r.id);
  }

  /** How many flows a dataset holds. */
  flowCount(datasetId: number): number {
    return (this.q.get('flowCountOfDataset').get(datasetId) as { n: number }).n;
  }

  /** Delete a dataset's alerts (their recommendations and decisions go with them). */
  deleteAlerts(datasetId: number): number {
    return this.w.transaction((ch) => {
      ch.touch('alerts', 'recommendations', 'decisions');
      return this.q.get('deleteAlertsOfDataset').run(datasetId).changes;
    });
  }

  /**
   * Delete a dataset and everything derived from it in one transaction: alerts (with their
   * recommendations and decisions), flows and feature chunks, its detectors (their signatures,
   * advice, policies and knowledge graphs), incident steps; its jobs keep their record with no
   * dataset. Alerts go first, then flows, then chunks, so each cascade finds its children by index.
   * `alsoWrite` runs inside the transaction (the audit row). Returns what was deleted.
   */
  deleteDataset(datasetId: number, alsoWrite?: () => void): { flows: number; alerts: number } {
    return this.w.transaction((ch) => {
      ch.touch(
        'datasets',
        'flows',
        'flow_chunks',
        'alerts',
        'recommendations',
        'decisions',
        'detectors',
        'signatures',
        'advice',
        'policies',
        'kg_snapshots',
        'incident_steps',
        'jobs',
      );
      const alerts = this.q.get('deleteAlertsOfDataset').run(datasetId).changes;
      const flows = this.q.get('deleteFlowsOfDataset').run(datasetId).changes;
      this.q.get('deleteChunksOfDataset').run(datasetId);
      this.q.get('deleteDataset').run(datasetId);
      alsoWrite?.();
      return { flows, alerts };
    });
  }
}
