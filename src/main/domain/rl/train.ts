/**
 * `train`: one entry point for every method of SPEC.md's comparison — PPO, PPO-KG (state
 * augmentation + annealed KL to π_LLM), PPO-KG-PT (+ behaviour cloning first), LLM-KG (no
 * learning: act on the advice) and DL (the same actor network trained with cross-entropy to the
 * true class's top-ranked action).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../random';
import { methodTraits, resolveConfig, type Method, type RlConfig } from './config';
import { BanditEnv, EpisodeSampler } from './env';
import { learnerName } from './backend';
import { FastMlp } from './fast/net';
import { initMlp } from './network';
import { makeNets } from './nets';
import { AdvicePolicy, load, NetPolicy, type Policy, type PolicyCheckpoint } from './policy';
import { SignatureCounts, type CountsSnapshot } from './online';
import {
  runPpo,
  TrajectoryBuffer,
  type CurvePoint,
  type Trajectory,
  type UpdateMetrics,
} from './ppo';
import { makeEncoder, stateDim, type AlertSet } from './state';
import { trainSupervised, type EpochStats } from './supervised';

/** A progress event: sent after every PPO update and every supervised epoch. */
export interface TrainProgress {
  method: Method;
  phase: 'pretrain' | 'rl' | 'supervised';
  /** Episodes done (RL), or rows seen (supervised phases: epochs × rows). */
  episodes: number;
  totalEpisodes: number;
  updates: number;
  /** Fraction of the phase done, 0..1. */
  fraction: number;
  /** Mean rollout reward of the last update (RL phase). */
  meanReward: number | null;
  /** Current KL coefficient λ. */
  lambda: number;
  /** Episodes (RL) per second. */
  sps: number;
  /** The last PPO update's metrics (RL phase). */
  metrics: UpdateMetrics | null;
  /** The last supervised epoch (pretrain / supervised phases). */
  epoch: EpochStats | null;
}

/** What a training run produced. */
export interface TrainResult {
  method: Method;
  status: 'completed' | 'cancelled';
  policy: Policy;
  /** Mean reward per update vs episodes. */
  curve: CurvePoint[];
  /** Metrics of the last PPO update. */
  last: UpdateMetrics | null;
  /** Last behaviour-cloning epoch (PPO-KG-PT). */
  pretrain: EpochStats | null;
  /** Last DL epoch. */
  supervised: EpochStats | null;
  episodes: number;
  updates: number;
  seconds: number;
  /** The learner that ran it: 'fused-wasm-simd', 'fused-js', or the tfjs backend's name. */
  backend: string;
  /** Every RL episode this call took, in order (the rollout buffer; PPO methods). */
  trajectory?: Trajectory;
  /** Each signature's N and C after this call's episodes (PPO methods with onlineCounts). */
  counts?: CountsSnapshot;
}

function checkAdvice(set: AlertSet, method: Method): void {
  const t = methodTraits(method);
  const missing = [
    !set.adviceAction && 'adviceAction',
    t.augment && !set.adviceReward && 'adviceReward',
    t.kl && !set.adviceDist && 'adviceDist',
  ].filter(Boolean);
  if (
    (method !== 'ppo' && method !== 'dl' && missing.length > 0) ||
    (method === 'llm-kg' && !set.adviceAction)
  )
    throw new Error(`method ${method} needs ${missing.join(', ')} on the alert set`);
}

/** A fresh network policy for `method`, or the one in `resume`. */
function makePolicy(
  set: AlertSet,
  method: Method,
  cfg: RlConfig,
  rand: () => number,
  resume?: PolicyCheckpoint,
): NetPolicy {
  const t = methodTraits(method);
  if (resume) {
    if (resume.method !== method)
      throw new Error(`checkpoint is for ${resume.method}, not ${method}`);
    const p = load({ ...resume, config: cfg });
    if (
      !(p instanceof NetPolicy) ||
      p.encoder.numClasses !== set.classNames.length ||
      p.numActions !== set.numActions
    )
      throw new Error('checkpoint does not fit this alert set (classes or actions differ)');
    return p;
  }
  const encoder = makeEncoder(set, {
    hashBuckets: cfg.hashBuckets,
    hashFunctions: cfg.hashFunctions,
    augment: t.augment,
  });
  const sizes = [stateDim(encoder), ...cfg.hidden, set.numActions];
  const actorW = initMlp({ sizes, activation: cfg.activation }, rand, 0.01);
  const [actor, critic = null] = makeNets(
    t.rl
      ? [
          actorW,
          initMlp({ sizes: [...sizes.slice(0, -1), 1], activation: cfg.activation }, rand, 1),
        ]
      : [actorW],
  );
  const total = method === 'dl' ? cfg.dlEpochs * set.size : cfg.episodes || cfg.passes * set.size;
  return new NetPolicy(method, encoder, actor!, critic, cfg, {
    episodes: 0,
    totalEpisodes: total,
    updates: 0,
    pretrained: false,
  });
}

interface Ctx {
  set: AlertSet;
  method: Method;
  cfg: RlConfig;
  policy: NetPolicy;
  rand: () => number;
  emit: (p: Partial<TrainProgress> & Pick<TrainProgress, 'phase'>) => void;
  signal?: AbortSignal;
}

/** Supervised phase: behaviour cloning (targets = adviceAction) or DL (targets = best action of the true class). */
async function supervisedPhase(
  ctx: Ctx,
  phase: 'pretrain' | 'supervised',
): Promise<EpochStats | null | 'cancelled'> {
  const { set, cfg, policy } = ctx;
  const best = new BanditEnv(set).bestActions();
  const targets =
    phase === 'pretrain' ? set.adviceAction! : Int32Array.from(set.trueClass, (c) => best[c]!);
  const done =
    phase === 'supervised' ? Math.round(policy.progress.episodes / Math.max(1, set.size)) : 0;
  const epochs = (phase === 'pretrain' ? cfg.bcEpochs : cfg.dlEpochs) - done;
  if (epochs <= 0) return null;
  const stats = await trainSupervised({
    actor: policy.actor,
    encoder: policy.encoder,
    set,
    targets,
    epochs,
    batch: cfg.supervisedBatch,
    learningRate: cfg.supervisedLr,
    rand: ctx.rand,
    signal: ctx.signal,
    onEpoch: (e) => {
      if (phase === 'supervised') policy.progress.episodes = (done + e.epoch) * set.size;
      ctx.emit({ phase, epoch: e, fraction: e.epoch / epochs });
    },
  });
  return stats ?? 'cancelled';
}

/** What the phases of a run report (the rest of TrainResult comes from the policy). */
type PhaseOutcome = Pick<
  TrainResult,
  'status' | 'curve' | 'last' | 'pretrain' | 'supervised' | 'trajectory' | 'counts'
>;

/** DL: supervised only; PPO-KG-PT: behaviour cloning, then PPO; PPO, PPO-KG: PPO. */
async function runPhases(ctx: Ctx): Promise<PhaseOutcome> {
  const { set, method, cfg, policy } = ctx;
  const out: PhaseOutcome = {
    status: 'completed',
    curve: [],
    last: null,
    pretrain: null,
    supervised: null,
  };
  const t = methodTraits(method);
  if (method === 'dl') {
    const s = await supervisedPhase(ctx, 'supervised');
    return s === 'cancelled' ? { ...out, status: 'cancelled' } : { ...out, supervised: s };
  }
  if (t.bc && !policy.progress.pretrained) {
    const s = await supervisedPhase(ctx, 'pretrain');
    if (s === 'cancelled') return { ...out, status: 'cancelled' };
    out.pretrain = s;
    policy.progress.pretrained = true;
  }
  // The fused learner keeps its own Adam state; the tfjs path uses tf.train.adam.
  const optimizer =
    policy.actor instanceof FastMlp ? null : tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-5);
  const counts = cfg.onlineCounts ? SignatureCounts.fromRows(set, set.betaPrior) : null;
  const trajectory = new TrajectoryBuffer();
  try {
    const ok = await runPpo({
      set,
      env: new BanditEnv(set),
      policy,
      sampler: new EpisodeSampler(set.size, ctx.rand),
      optimizer,
      config: cfg,
      kl: t.kl,
      rand: ctx.rand,
      curve: out.curve,
      counts,
      trajectory,
      signal: ctx.signal,
      onUpdate: (m) => {
        out.last = m;
        ctx.emit({
          phase: 'rl',
          meanReward: m.mean_reward,
          lambda: m.lambda,
          sps: m.SPS,
          metrics: m,
        });
      },
    });
    if (!ok) out.status = 'cancelled';
    out.trajectory = trajectory.trajectory();
    if (counts) out.counts = counts.snapshot();
    return out;
  } finally {
    optimizer?.dispose();
  }
}

/**
 * Train `method` on `set` (config fields default to DEFAULT_RL_CONFIG; `resume` continues a
 * checkpoint of the same method up to its totalEpisodes, or to config.episodes when given).
 * Progress goes to `onProgress`; aborting `signal` stops at the next update or minibatch and
 * returns status 'cancelled' with the policy so far.
 */
export async function train(
  set: AlertSet,
  method: Method,
  config: Partial<RlConfig> = {},
  onProgress?: (p: TrainProgress) => void,
  signal?: AbortSignal,
  resume?: PolicyCheckpoint,
): Promise<TrainResult> {
  checkAdvice(set, method);
  const t0 = performance.now();
  const backend = learnerName();
  if (method === 'llm-kg') {
    const policy = new AdvicePolicy(set.numActions);
    const none = {
      curve: [],
      last: null,
      pretrain: null,
      supervised: null,
      episodes: 0,
      updates: 0,
    };
    return { method, status: 'completed', policy, backend, seconds: 0, ...none };
  }
  const cfg = resolveConfig({ ...(resume?.config ?? {}), ...config });
  const rand = mulberry32(cfg.seed + (resume?.progress?.episodes ?? 0));
  const policy = makePolicy(set, method, cfg, rand, resume);
  const prog = policy.progress;
  // On resume, an explicit episode budget extends (or shortens) the checkpoint's.
  if (resume && config.episodes) prog.totalEpisodes = config.episodes;
  const emit: Ctx['emit'] = (p) =>
    onProgress?.({
      method,
      episodes: prog.episodes,
      totalEpisodes: prog.totalEpisodes,
      updates: prog.updates,
      fraction: prog.episodes / Math.max(1, prog.totalEpisodes),
      meanReward: null,
      lambda: 0,
      sps: 0,
      metrics: null,
      epoch: null,
      ...p,
    });
  const outcome = await runPhases({ set, method, cfg, policy, rand, emit, signal });
  const seconds = (performance.now() - t0) / 1000;
  return {
    method,
    policy,
    backend,
    seconds,
    episodes: prog.episodes,
    updates: prog.updates,
    ...outcome,
  };
}
