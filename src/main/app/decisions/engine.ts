/**
 * The decision engine inside the app: per detector, the policy and knowledge graph in use; it
 * trains them when a labelled dataset loads, recommends for stored alerts, and turns analyst
 * decisions into audit rows, signature counts, KG experience and fresh recommendations.
 */
import { join } from 'node:path';
import type { KgSummary } from '../../../shared/contract';
import { betaSummary, type BetaPrior } from '../../domain/detector';
import { loadCatalogue, type Catalogue } from '../../domain/catalogue/catalogue';
import { KnowledgeGraph } from '../../domain/kg';
import type { TrainedDetector } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import { load, selectBackend, type BackendChoice, type Policy } from '../../domain/rl';
import type { Store } from '../../store/store';
import type { EventHub } from '../hub/dispatch';
import { AdvisorHost } from './advisorHost';
import { DEFAULT_POLICY_TRAINING, trainPolicy, type PolicyTrainingConfig } from './policyTrainer';
import {
  recommend,
  type AlertStates,
  type ClassifiedAlerts,
  type RecommendContext,
  type StoredAdvice,
} from './recommender';

/** The policy and graph a detector's recommendations come from. */
export interface LiveModels {
  detectorId: number;
  policyId: number;
  method: string;
  policy: Policy;
  kg: KnowledgeGraph;
  kgSnapshotId: number | null;
  classNames: string[];
  signatureIds: number[];
  signatureTexts: string[];
  /** Signature leaf by signature id. */
  leafOf: Map<number, number>;
  prior: BetaPrior;
  /** Advice rows already stored for this detector (see RecommendContext.adviceMemo). */
  adviceMemo: Map<string, StoredAdvice>;
}

/** The engine: one per app service. */
export class DecisionEngine {
  readonly catalogue: Catalogue = loadCatalogue();
  readonly host: AdvisorHost;
  private readonly live = new Map<number, LiveModels>();
  private backend: Promise<BackendChoice> | null = null;
  /** Runs after every batch of recommendations is written (the auto-approver sets it). */
  afterRecommend: ((alertIds: number[]) => void) | null = null;

  constructor(
    readonly store: Store,
    readonly events: EventHub,
    dataDir: string,
    readonly training: Partial<PolicyTrainingConfig> = {},
  ) {
    this.host = new AdvisorHost(store, this.catalogue, join(dataDir, 'models'), (s) =>
      events.emit('advisor.changed', s),
    );
  }

  /** The tfjs backend policies run on here (chosen once: tfjs-node-gpu → … → cpu). */
  ready(): Promise<BackendChoice> {
    return (this.backend ??= selectBackend('auto'));
  }

  /**
   * After a load stored its alerts: train the policy when the detector was trained on this
   * dataset (its labels give the rewards), else reuse the detector's stored policy; then
   * recommend for every alert. Returns how many were written and why none, when none.
   */
  async afterClassify(
    a: {
      datasetId: number;
      detectorId: number;
      detector: TrainedDetector;
      matrix: FlowMatrix;
      trainedNow: boolean;
      classified: ClassifiedAlerts;
    },
    progress: (phase: 'training' | 'recommending', fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ recommended: number; note: string | null }> {
    await this.ready();
    let live: LiveModels | null;
    if (a.trainedNow) {
      const t = await trainPolicy(this.store, a, a.detector, a.matrix, this.host, this.catalogue, {
        config: this.training,
        signal,
        onProgress: (f) => progress('training', f),
      });
      if (!t) return { recommended: 0, note: 'no labelled training flows: no policy trained' };
      live = this.remember(a.detectorId, t.policyId, t.method, t.policy, t.kg, t.kgSnapshotId);
    } else {
      live = await this.liveFor(a.detectorId);
    }
    if (!live) return { recommended: 0, note: 'no policy for this detector yet' };
    const n = await recommend(this.store, this.host, this.contextOf(live), a.classified, {
      signal,
      onProgress: (done) => progress('recommending', done / Math.max(1, a.classified.alerts)),
    });
    return { recommended: n, note: null };
  }

  /** The detector's policy and graph (loaded from the store once), or null when none. */
  async liveFor(detectorId: number): Promise<LiveModels | null> {
    const cached = this.live.get(detectorId);
    if (cached) return cached;
    const rec = this.store.engine.latestPolicy(detectorId);
    if (!rec) return null;
    await this.ready();
    const policy = load(JSON.parse(rec.checkpoint));
    const kg =
      this.store.kgSnapshots.loadLatest(this.catalogue, detectorId) ??
      new KnowledgeGraph(this.catalogue);
    const snap = this.store.kgSnapshots.ofDetector(detectorId).latestId;
    return this.remember(detectorId, rec.id, rec.method, policy, kg, snap);
  }

  private remember(
    detectorId: number,
    policyId: number,
    method: string,
    policy: Policy,
    kg: KnowledgeGraph,
    kgSnapshotId: number | null,
  ): LiveModels {
    const det = this.store.getDetector(detectorId);
    if (!det) throw new Error(`detector ${detectorId} is not in the store`);
    const sigs = this.store.signaturesOf(detectorId);
    const signatureIds: number[] = [];
    const signatureTexts: string[] = [];
    const leafOf = new Map<number, number>();
    for (const s of sigs) {
      signatureIds[s.leaf] = s.id;
      signatureTexts[s.leaf] = s.text;
      leafOf.set(s.id, s.leaf);
    }
    // Records name the stored signature id, as every other view does (not the tree's leaf).
    kg.signatureName = (leaf) =>
      signatureIds[leaf] === undefined ? `leaf ${leaf}` : `#${signatureIds[leaf]}`;
    this.host.recordsChanged(kg);
    // A replaced policy is not disposed: a feed or a recommend pass may still be using it, and
    // its tensors are small (two 64x64 MLPs).
    const live: LiveModels = {
      detectorId,
      policyId,
      method,
      policy,
      kg,
      kgSnapshotId,
      classNames: JSON.parse(det.class_names) as string[],
      signatureIds,
      signatureTexts,
      leafOf,
      prior: (JSON.parse(det.config) as { prior: BetaPrior }).prior,
      adviceMemo: new Map(),
    };
    this.live.set(detectorId, live);
    return live;
  }

  /** The recommender's context for a detector's live models. */
  contextOf(live: LiveModels): RecommendContext {
    return {
      classNames: live.classNames,
      signatureIds: live.signatureIds,
      signatureTexts: live.signatureTexts,
      prior: live.prior,
      catalogue: this.catalogue,
      policyId: live.policyId,
      policy: live.policy,
      kg: live.kg,
      kgSnapshotId: live.kgSnapshotId,
      onWritten: (ids) => this.afterRecommend?.(ids),
      adviceMemo: live.adviceMemo,
    };
  }

  /** Drop a detector's cached models so the next `liveFor` reads the newest stored policy and KG. */
  forget(detectorId: number): void {
    this.live.delete(detectorId);
  }

  /** Save the live graph after feedback; the snapshot id goes into the advice rows after it. */
  saveGraph(live: LiveModels): void {
    live.kgSnapshotId = this.store.kgSnapshots.save(live.kg, live.detectorId).id;
    this.store.kgSnapshots.pruneUnused(
      this.training.keepSnapshots ?? DEFAULT_POLICY_TRAINING.keepSnapshots,
    );
  }

  /**
   * Recommend again for a dataset's pending alerts of the given signatures, from their current
   * counts and the current graph (decided alerts keep theirs). Returns the alerts rewritten.
   */
  async refreshPending(
    live: LiveModels,
    datasetId: number,
    signatureIds: number[],
  ): Promise<number[]> {
    const rows = this.store.engine.pendingAlertsOfSignatures(datasetId, signatureIds);
    if (rows.length === 0) return [];
    const counts = new Map<number, { n: number; c: number; b: number }>();
    for (const id of new Set(rows.map((r) => r.signature_id))) {
      const s = this.store.getSignature(id);
      if (s)
        counts.set(id, {
          n: s.n,
          c: s.c,
          b: betaSummary(s.c, s.n, { alpha: s.alpha, beta: s.beta }).mean,
        });
    }
    const states: AlertStates = {
      alertIds: rows.map((r) => r.id),
      leaves: rows.map((r) => live.leafOf.get(r.signature_id) ?? 0),
      predicted: rows.map((r) => Math.max(0, live.classNames.indexOf(r.predicted_class))),
      n: rows.map((r) => counts.get(r.signature_id)?.n ?? 0),
      c: rows.map((r) => counts.get(r.signature_id)?.c ?? 0),
      b: rows.map((r) => counts.get(r.signature_id)?.b ?? 0.5),
      // The flow did not change: its novelty is the one measured when it was first recommended.
      novelty: rows.map((r) => r.novelty ?? NaN),
      outside: rows.map((r) =>
        r.novelty_outside ? (JSON.parse(r.novelty_outside) as string[]) : undefined,
      ),
    };
    await recommend(this.store, this.host, this.contextOf(live), states);
    return rows.map((r) => r.id);
  }

  /** The KG's size and version and the policy in use for a detector (default: the newest). */
  async kgSummary(detectorId?: number): Promise<KgSummary> {
    const det = this.store.getDetector(detectorId);
    if (!det)
      return { detectorId: null, version: null, nodes: 0, edges: 0, snapshots: 0, policy: null };
    const live = await this.liveFor(det.id);
    const head = this.store.engine.policyHeader({ detectorId: det.id });
    const counts = live?.kg.counts();
    return {
      detectorId: det.id,
      version: live ? live.kg.version : null,
      nodes: counts?.nodes ?? 0,
      edges: counts?.edges ?? 0,
      snapshots: this.store.kgSnapshots.ofDetector(det.id).count,
      policy: head
        ? {
            id: head.id,
            method: head.method,
            createdAt: head.created_at,
            episodes: head.episodes,
            backend: head.backend,
          }
        : null,
    };
  }

  /** Free the policies and the model. */
  async dispose(): Promise<void> {
    for (const l of this.live.values()) l.policy.dispose();
    this.live.clear();
    await this.host.dispose();
  }
}
