/**
 * Picks up a newly installed policy or knowledge graph without a restart. The decision engine
 * caches a detector's live models after the first liveFor; another process (the console where
 * analysts decide, a training run) may install a newer policy or save a newer KG snapshot in the
 * shared store. The watch reads both ids (two indexed single-row queries) and, when either moved,
 * has the engine forget its cache so the next batch loads the newest.
 */
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';

/** The installed policy and KG snapshot of one detector. */
export interface ModelVersion {
  policyId: number | null;
  kgSnapshotId: number | null;
}

/** Watches one detector's installed versions. */
export class PolicyWatch {
  /** Times the engine was told to reload. */
  reloads = 0;
  private seen: ModelVersion;

  constructor(
    private readonly store: Store,
    private readonly engine: DecisionEngine,
    readonly detectorId: number,
  ) {
    // Read before the engine caches anything, so a version installed after this is a change.
    this.seen = this.read();
  }

  /** The versions installed now. */
  get current(): ModelVersion {
    return this.seen;
  }

  /** Re-read the versions; returns true (and drops the engine's cache) when one changed. */
  check(): boolean {
    const now = this.read();
    if (now.policyId === this.seen.policyId && now.kgSnapshotId === this.seen.kgSnapshotId)
      return false;
    this.seen = now;
    this.engine.forget(this.detectorId);
    this.reloads++;
    return true;
  }

  private read(): ModelVersion {
    return {
      policyId: this.store.engine.policyHeader({ detectorId: this.detectorId })?.id ?? null,
      kgSnapshotId: this.store.kgSnapshots.ofDetector(this.detectorId).latestId,
    };
  }
}
