/**
 * Training the console's policy when a labelled dataset loads: PPO-KG-PT on the detector's
 * training split, in a worker thread, with the KG refreshed from the replay buffer after every
 * pass (the study's protocol), then the KG snapshot and the policy checkpoint saved in SQLite.
 */
import type { Catalogue } from '../../domain/catalogue/catalogue';
import { trainWithKgCycles } from '../../domain/eval/kgCycles';
import { studyDataOf } from '../../domain/eval/prepare';
import type { KnowledgeGraph } from '../../domain/kg';
import type { TrainedDetector } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import { save, trainInWorker, type Method, type Policy, type TrainProgress } from '../../domain/rl';
import type { Store } from '../../store/store';
import type { AdvisorHost } from './advisorHost';

/** How the console trains its policy; each field documents its default. */
export interface PolicyTrainingConfig {
  /** The method (default PPO-KG-PT: the study's best). */
  method: Extract<Method, 'ppo' | 'ppo-kg' | 'ppo-kg-pt'>;
  /** Passes over the training split (the paper: 5). */
  passes: number;
  /**
   * Cap on the episodes of a load's training, so a large dataset's load stays minutes, not an
   * hour (default 1,500,000: ~35-40 s on the fused learner on a 2-core laptop-class CPU, the
   * time 150,000 took on tfjs-wasm before it; 5 full passes over 300k training flows). Fewer
   * passes are run to stay under it.
   */
  maxEpisodes: number;
  /** Seed of the run (default 1). */
  seed: number;
  /** KG snapshots kept besides each detector's newest and those policies were trained with. */
  keepSnapshots: number;
}

/** Who a policy trained and installed by a load is recorded as (an automatic audit row). */
export const LOAD_ACTOR = 'rampart:load';

/** Defaults of the console's policy training. */
export const DEFAULT_POLICY_TRAINING: Readonly<PolicyTrainingConfig> = {
  method: 'ppo-kg-pt',
  passes: 5,
  maxEpisodes: 1_500_000,
  seed: 1,
  keepSnapshots: 50,
};

/** A trained policy, its graph and their ids. */
export interface TrainedPolicy {
  policyId: number;
  method: Method;
  policy: Policy;
  kg: KnowledgeGraph;
  kgSnapshotId: number;
  episodes: number;
  seconds: number;
  backend: string;
}

/** Train and store the policy for a freshly trained detector; null when no row is labelled. */
export async function trainPolicy(
  store: Store,
  ids: { datasetId: number; detectorId: number },
  detector: TrainedDetector,
  matrix: FlowMatrix,
  host: AdvisorHost,
  catalogue: Catalogue,
  opts: {
    config?: Partial<PolicyTrainingConfig>;
    onProgress?: (fraction: number, p: TrainProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<TrainedPolicy | null> {
  const cfg = { ...DEFAULT_POLICY_TRAINING, ...opts.config };
  const d = studyDataOf(detector, matrix, catalogue);
  if (d.train.size === 0) return null;
  const passes = Math.min(cfg.passes, cfg.maxEpisodes / d.train.size);
  const run = await trainWithKgCycles(
    d,
    cfg.method,
    { seed: cfg.seed, passes },
    passes,
    async (kg) => host.advisorFor(kg),
    opts.signal,
    {
      run: (set, method, rl, resume, onProgress, signal) =>
        trainInWorker(set, method, rl, { onProgress, signal, resume }),
      onProgress: (p, cycle, cycles) =>
        opts.onProgress?.(Math.min(1, (cycle - 1 + p.fraction) / cycles), p),
    },
  );
  const { result, kg } = run;
  if (result.status === 'cancelled') {
    result.policy.dispose();
    return null;
  }
  const { snap, policyId } = store.transaction(() => {
    const snap = store.kgSnapshots.save(kg, ids.detectorId);
    const policyId = store.engine.insertPolicy({
      detectorId: ids.detectorId,
      datasetId: ids.datasetId,
      method: cfg.method,
      backend: result.backend,
      episodes: result.episodes,
      seconds: result.seconds,
      kgSnapshotId: snap.id,
      checkpoint: JSON.stringify(save(result.policy)),
    });
    store.kgSnapshots.pruneUnused(cfg.keepSnapshots);
    // Installed by the load that trained it, not by an analyst's request.
    store.appendAudit({
      actor: LOAD_ACTOR,
      action: 'policy.install',
      subject: `detector:${ids.detectorId}`,
      automatic: true,
      detail: { policyId, ...ids, method: cfg.method, kgSnapshotId: snap.id },
    });
    return { snap, policyId };
  });
  return {
    policyId,
    method: cfg.method,
    policy: result.policy,
    kg,
    kgSnapshotId: snap.id,
    episodes: result.episodes,
    seconds: result.seconds,
    backend: result.backend,
  };
}
