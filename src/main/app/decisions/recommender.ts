/**
 * Recommendations for stored alerts: the advisor is asked once per (predicted class, signature)
 * and its answer stored; the policy scores every alert's state (class, signature, N, C, B and the
 * advice) in chunks; each alert's recommendation is written with the versions that produced it
 * and its risk: how likely the action is wrong, the reward to expect and whether it needs review.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { betaSummary, type BetaPrior } from '../../domain/detector';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import { bestAction, rewardTable } from '../../domain/catalogue/catalogue';
import type { KnowledgeGraph } from '../../domain/kg';
import {
  DEFAULT_REVIEW,
  empiricalPrior,
  actionRisk,
  reviewFlag,
  type ActionRisk,
  type ReviewPolicy,
} from '../../domain/kg/risk';
import type { AlertSet, Policy } from '../../domain/rl';
import type {
  RecommendationInsert,
  RecommendationRisk,
  SignatureRecord,
} from '../../store/records';
import type { Store } from '../../store/store';
import type { AdvisorHost } from './advisorHost';
import { countsFromNC, parseTrueCounts } from './trueCounts';

/** Alerts to recommend for, as the policy observes them (one entry per alert). */
export interface AlertStates {
  alertIds: ArrayLike<number>;
  /** Signature (leaf) and predicted class index. */
  leaves: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** The signature's N, C and Beta mean when the alert was (re)decided. */
  n: ArrayLike<number>;
  c: ArrayLike<number>;
  b: ArrayLike<number>;
  /** Novelty of each flow against its signature (NaN or absent: not measured). */
  novelty?: ArrayLike<number>;
  /** Features out of the signature's ranges, per row (absent where none or not measured). */
  outside?: (readonly string[] | undefined)[];
  /**
   * A leaf's labelled flows by true class when its N was `n` (the pass that classified the rows
   * knows them); absent or null: the signature row's counts as stored now.
   */
  trueCounts?: (leaf: number, n: number) => ArrayLike<number> | null;
}

/** The alerts one load or feed batch stored, each with the detector's state when it was decided. */
export interface ClassifiedAlerts extends AlertStates {
  alerts: number;
  /** Alert ids in row order. */
  alertIds: Float64Array;
  /** Signature (leaf) and predicted class index per row. */
  leaves: Int32Array;
  predicted: Int16Array;
  /** The signature's N, C and Beta mean at decision time, per row. */
  n: Float32Array;
  c: Float32Array;
  b: Float32Array;
  /** Novelty per row (NaN until measured; see fillNovelty). */
  novelty: Float32Array;
}

/** What produced the recommendations: the detector's view, the policy and the KG. */
export interface RecommendContext {
  classNames: string[];
  /** Signature ids and texts by leaf. */
  signatureIds: readonly number[];
  signatureTexts: readonly string[];
  prior: BetaPrior;
  catalogue: Catalogue;
  policyId: number;
  policy: Policy;
  kg: KnowledgeGraph;
  kgSnapshotId: number | null;
  /** Called with each batch of alert ids written (e.g. auto-approval). */
  onWritten?: (alertIds: number[]) => void;
  /**
   * Stored advice reused across calls (a live feed recommends per batch): keyed by KG version,
   * advisor and (class, signature), so a new graph version or advisor asks again.
   */
  adviceMemo?: Map<string, StoredAdvice>;
  /** When a recommendation needs review (default DEFAULT_REVIEW). */
  review?: ReviewPolicy;
}

const CHUNK = 8192;

/** An advisor answer as stored (its advice row id) and as the policy reads it. */
export interface StoredAdvice {
  id: number;
  action: number;
  reward: number;
  dist: Float32Array;
}

/** Recommend for every alert of `rows`; returns how many recommendations were written. */
export async function recommend(
  store: Store,
  host: AdvisorHost,
  ctx: RecommendContext,
  rows: AlertStates,
  opts: { signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const A = ctx.catalogue.actions.length;
  const total = rows.alertIds.length;
  const memo = ctx.adviceMemo ?? new Map<string, StoredAdvice>();
  const advisorKey = host.activeKey();
  if (memo.size > 10_000) memo.clear();
  const rewards = rewardTable(ctx.catalogue, ctx.classNames);
  const riskOf = riskFor(store, ctx, rows, rewards);
  let written = 0;
  for (let s = 0; s < total; s += CHUNK) {
    const size = Math.min(CHUNK, total - s);
    const set: AlertSet = {
      size,
      classNames: ctx.classNames,
      predicted: new Int16Array(size),
      signature: new Int32Array(size),
      n: new Float32Array(size),
      c: new Float32Array(size),
      b: new Float32Array(size),
      trueClass: new Int16Array(size).fill(-1),
      rewardTable: rewards,
      numActions: A,
      adviceAction: new Int32Array(size),
      adviceReward: new Float32Array(size),
      adviceDist: new Float32Array(size * A),
    };
    const adviceIds = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const r = s + i;
      const leaf = rows.leaves[r] ?? 0;
      const p = rows.predicted[r] ?? 0;
      set.predicted[i] = p;
      set.signature[i] = leaf;
      set.n[i] = rows.n[r] ?? 0;
      set.c[i] = rows.c[r] ?? 0;
      set.b[i] = rows.b[r] ?? 0.5;
      const key = `${ctx.kg.version}:${advisorKey}:${p}:${leaf}`;
      let adv = memo.get(key);
      if (!adv) {
        adv = await adviseOnce(store, host, ctx, p, leaf, set.n[i]!, set.c[i]!, opts.signal);
        memo.set(key, adv);
      }
      set.adviceAction![i] = adv.action;
      set.adviceReward![i] = adv.reward;
      set.adviceDist!.set(adv.dist.subarray(0, A), i * A);
      adviceIds[i] = adv.id;
    }
    const probs = ctx.policy.probs(set);
    const recs: RecommendationInsert[] = [];
    for (let i = 0; i < size; i++) {
      const row = probs.subarray(i * A, i * A + A);
      let best = 0;
      for (let a = 1; a < A; a++) if (row[a]! > row[best]!) best = a;
      recs.push({
        alertId: rows.alertIds[s + i] ?? 0,
        policyId: ctx.policyId,
        adviceId: adviceIds[i]!,
        action: best,
        prob: row[best]!,
        probs: row.slice(),
        risk: riskOf(s + i, best),
      });
    }
    written += store.engine.upsertRecommendations(recs);
    ctx.onWritten?.(recs.map((r) => r.alertId));
    opts.onProgress?.(s + size);
    await yieldToLoop();
    opts.signal?.throwIfAborted();
  }
  return written;
}

async function adviseOnce(
  store: Store,
  host: AdvisorHost,
  ctx: RecommendContext,
  predicted: number,
  leaf: number,
  n: number,
  c: number,
  signal?: AbortSignal,
): Promise<StoredAdvice> {
  const predictedClass = ctx.classNames[predicted] ?? '?';
  const a = await host.advise(
    ctx.kg,
    {
      predictedClass,
      signature: leaf,
      signatureText: ctx.signatureTexts[leaf] ?? '',
      confidence: betaSummary(c, n, ctx.prior),
    },
    signal,
  );
  const id = store.engine.insertAdvice({
    kgSnapshotId: ctx.kgSnapshotId,
    kgVersion: ctx.kg.version,
    signatureId: ctx.signatureIds[leaf] ?? 0,
    advisor: a.source,
    model: a.model,
    action: a.action,
    reward: a.reward,
    probs: a.distribution,
    evidence: JSON.stringify(a.evidence),
  });
  return { id, action: a.action, reward: a.reward, dist: a.distribution };
}

/**
 * The risk of row r's recommended action: the signature's posterior over the flow's true class
 * (its labelled flows by true class at the row's decision time; for signatures stored without
 * them, C right and N − C spread over the other classes) and the flow's novelty.
 */
function riskFor(
  store: Store,
  ctx: RecommendContext,
  rows: AlertStates,
  rewards: Float32Array,
): (r: number, action: number) => RecommendationRisk {
  const K = ctx.classNames.length;
  const A = ctx.catalogue.actions.length;
  const best = Int32Array.from(ctx.classNames, (c) =>
    ctx.catalogue.ranked[c] ? bestAction(ctx.catalogue, c) : -1,
  );
  // The detector's signatures, read once per call (one query, not one per signature: on a
  // PostgreSQL store each read is a round trip).
  let sigs: Map<number, SignatureRecord> | null = null;
  const signature = (id: number): SignatureRecord | undefined => {
    if (!sigs) {
      const first = store.getSignature(ctx.signatureIds.find((x) => x > 0) ?? 0);
      sigs = new Map(first ? store.signaturesOf(first.detector_id).map((x) => [x.id, x]) : []);
    }
    return sigs.get(id);
  };
  const stored = new Map<number, number[] | null>();
  const storedCounts = (leaf: number): number[] | null => {
    if (!stored.has(leaf)) {
      const sig = signature(ctx.signatureIds[leaf] ?? 0);
      stored.set(leaf, sig ? parseTrueCounts(sig.true_counts, K) : null);
    }
    return stored.get(leaf) ?? null;
  };
  // The empirical-Bayes prior of each predicted class (kg/risk.ts empiricalPrior): the labelled
  // flows of all its signatures, so a signature with none starts from its class's record.
  let priors: Float64Array[] | null = null;
  const priorOf = (predicted: number): Float64Array | undefined => {
    if (!priors) {
      const byClass = Array.from({ length: K }, () => new Float64Array(K));
      ctx.signatureIds.forEach((id, leaf) => {
        const sig = signature(id);
        const cls = sig ? ctx.classNames.indexOf(sig.class_name) : -1;
        const row = byClass[cls];
        if (!sig || !row) return;
        const counts = storedCounts(leaf) ?? countsFromNC(sig.n, sig.c, cls, K);
        for (let t = 0; t < K; t++) row[t] = row[t]! + (counts[t] ?? 0);
      });
      priors = byClass.map((c, cls) => empiricalPrior(cls, c));
    }
    return priors[predicted];
  };
  const memo = new Map<string, ActionRisk>();
  const policy = ctx.review ?? DEFAULT_REVIEW;
  return (r, action) => {
    const leaf = rows.leaves[r] ?? 0;
    const p = rows.predicted[r] ?? 0;
    const n = rows.n[r] ?? 0;
    const key = `${leaf}:${n}:${action}`;
    let risk = memo.get(key);
    if (!risk) {
      const counts =
        rows.trueCounts?.(leaf, n) ?? storedCounts(leaf) ?? countsFromNC(n, rows.c[r] ?? 0, p, K);
      const prior = priorOf(p);
      risk = actionRisk({
        predicted: p,
        trueCounts: counts,
        action,
        rewards,
        numActions: A,
        best,
        ...(prior ? { prior } : {}),
      });
      memo.set(key, risk);
    }
    const raw = rows.novelty?.[r];
    const novelty = raw === undefined || Number.isNaN(raw) ? null : raw;
    const outside = rows.outside?.[r] ?? [];
    const flag = reviewFlag(risk, novelty ?? 0, policy, {
      signature: ctx.signatureIds[leaf],
      outside,
    });
    return {
      pWrong: risk.pWrong,
      expectedReward: risk.expectedReward,
      rewardLo: risk.rewardInterval[0],
      rewardHi: risk.rewardInterval[1],
      evidence: risk.evidence,
      novelty,
      noveltyOutside: [...outside],
      needsReview: flag.needsReview,
      reasons: flag.reasons,
      reviewScore: flag.score,
    };
  };
}
