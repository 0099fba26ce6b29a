/** Storing a dashboard run's policy as its detector's newest, as the load-time trainer stores its own. */
import type { KnowledgeGraph } from '../../domain/kg';
import { save, type Method, type Policy } from '../../domain/rl';
import type { Store } from '../../store/store';

/** What was trained, for the policy row. */
export interface InstallRecord {
  detectorId: number;
  datasetId: number;
  method: Method;
  /** tfjs backend that trained it ('none' for LLM-KG, which trains no network). */
  backend: string;
  episodes: number;
  seconds: number;
}

/**
 * Save the policy (and, for PPO-KG / PPO-KG-PT, the graph it was trained with, as the detector's
 * newest KG snapshot, pruning old snapshots to `keepSnapshots`) in SQLite, with its audit row
 * (policy.install, as `actor`) in the same transaction; returns the policy id. The caller makes
 * the engine reload the detector's models to serve it.
 */
export function installPolicy(
  store: Store,
  rec: InstallRecord,
  policy: Policy,
  kg: KnowledgeGraph | null,
  keepSnapshots: number,
  actor: string,
): number {
  return store.transaction(() => {
    const snap = kg ? store.kgSnapshots.save(kg, rec.detectorId) : null;
    const id = store.engine.insertPolicy({
      ...rec,
      kgSnapshotId: snap?.id ?? null,
      checkpoint: JSON.stringify(save(policy)),
    });
    if (snap) store.kgSnapshots.pruneUnused(keepSnapshots);
    store.appendAudit({
      actor,
      action: 'policy.install',
      subject: `detector:${rec.detectorId}`,
      detail: { policyId: id, ...rec, kgSnapshotId: snap?.id ?? null },
    });
    return id;
  });
}
