/**
 * One dashboard training run: preparing (the dataset read back, the detector's split rebuilt),
 * training in a worker thread, evaluating on the test split and, when asked, installing the
 * policy. Progress goes out as `training.progress` at most EMIT_MS apart, state changes at once.
 *
 * Pause cancels the worker, which answers with the policy so far; its checkpoint (`save`) and the
 * run's counters, curve and graph are kept. Resume starts a worker from that checkpoint for the
 * remaining episodes (the KG cycles skip the cycles it had finished). Resume is NOT bit-identical
 * to an uninterrupted run, and that is known: the checkpoint holds the weights and the episodes
 * done, not Adam's moment estimates nor the position in the episode order (a resumed `train`
 * seeds its sampler from seed + episodes done), so the run continues from the same weights with a
 * fresh optimiser and a different, still seeded, sequence of episodes. A PPO-KG-PT run paused
 * during behaviour cloning clones again from the weights it had.
 */
import { InvalidRequestError, type TrainingStatus, type ValidArgs } from '../../../shared/contract';
import { warmUpKg, type StudyData } from '../../domain/eval/prepare';
import type { KnowledgeGraph } from '../../domain/kg';
import {
  methodTraits,
  resolveConfig,
  save,
  SignatureCounts,
  type CurvePoint,
  type Method,
  type PolicyCheckpoint,
  type TrainProgress,
} from '../../domain/rl';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import { DEFAULT_POLICY_TRAINING } from '../decisions/policyTrainer';
import { downsampleCurve } from './curve';
import { loadDatasetStudy, type TrainTarget } from './datasetStudy';
import { evaluateRun } from './evaluate';
import { installPolicy } from './install';
import { trainSegment, type RunConfig, type SegmentOutcome } from './segment';

/** Least time between two progress events of a run (at most 4 a second). */
export const EMIT_MS = 250;

/** What a run works with. */
export interface RunContext {
  store: Store;
  engine: DecisionEngine;
  emit(status: TrainingStatus): void;
}

/** What a run was asked to do. */
export interface RunRequest {
  runId: string;
  target: TrainTarget;
  method: Method;
  config: RunConfig;
  install: boolean;
  /** Who started it: the policy's installation is audited as theirs. */
  actor: string;
}

type Action = ValidArgs<'training.control'>['action'];

function refuse(issue: string): never {
  throw new InvalidRequestError('training.control', issue);
}

/** A run and its state machine: running ⇄ paused → stopped; running → completed | failed. */
export class TrainingRun {
  private readonly s: TrainingStatus;
  private readonly curve: CurvePoint[] = [];
  private study: StudyData | null = null;
  private kg: KnowledgeGraph | null = null;
  private counts: SignatureCounts | null = null;
  private checkpoint: PolicyCheckpoint | null = null;
  private seconds = 0;
  private abort: AbortController | null = null;
  private intent: 'pause' | 'stop' | null = null;
  private task: Promise<void> = Promise.resolve();
  private lastEmit = 0;
  private trailing: NodeJS.Timeout | null = null;
  private segmentStart = { at: 0, episodes: 0 };

  constructor(
    private readonly ctx: RunContext,
    readonly req: RunRequest,
  ) {
    this.s = {
      runId: req.runId,
      datasetId: req.target.datasetId,
      method: req.method,
      state: 'running',
      backend: null,
      backendReason: null,
      phase: 'preparing',
      episodes: 0,
      totalEpisodes: 0,
      episodesPerSec: 0,
      lambda: 0,
      curve: [],
      losses: null,
      evaluation: null,
      installedPolicyId: null,
      error: null,
      startedAt: new Date().toISOString(),
    };
  }

  /** Running or paused: the run holds the dashboard's one training slot. */
  get active(): boolean {
    return this.s.state === 'running' || this.s.state === 'paused';
  }

  /** The status as the UI receives it (curve downsampled). */
  snapshot(): TrainingStatus {
    return { ...this.s, curve: downsampleCurve(this.curve) };
  }

  /** Begin (or, after a pause, continue) in the background. */
  start(): void {
    this.task = this.body();
  }

  /** Pause, resume or stop; resolves once the change took effect. */
  async control(action: Action): Promise<TrainingStatus> {
    const { state, phase, runId } = { ...this.s };
    if (action === 'pause') {
      if (state !== 'running') refuse(`run ${runId} is ${state}: only a running run can pause`);
      if (phase === 'evaluating') refuse(`run ${runId} is being evaluated: it can only be stopped`);
      await this.interrupt('pause');
    } else if (action === 'resume') {
      if (state !== 'paused') refuse(`run ${runId} is ${state}: only a paused run can resume`);
      this.s.state = 'running';
      this.start();
    } else if (state === 'running') {
      await this.interrupt('stop');
    } else if (state === 'paused') {
      this.s.state = 'stopped';
      this.release();
      this.emit(true);
    } else {
      refuse(`run ${runId} has already ended (${state})`);
    }
    return this.snapshot();
  }

  /** Stop if running or paused, and wait for the worker to end (app shutdown). */
  async dispose(): Promise<void> {
    if (this.s.state === 'running') await this.interrupt('stop');
    else if (this.s.state === 'paused') this.s.state = 'stopped';
    this.release();
    if (this.trailing) clearTimeout(this.trailing);
  }

  private async interrupt(intent: 'pause' | 'stop'): Promise<void> {
    this.intent = intent;
    this.abort?.abort();
    await this.task;
  }

  private async body(): Promise<void> {
    this.intent = null;
    let ac = (this.abort = new AbortController());
    try {
      const d = await this.readStudy(ac.signal);
      const out = await this.train(d, ac.signal);
      if (!out) return;
      // Training is done: a pause that came too late is void, and a stop now needs a fresh signal.
      this.intent = null;
      ac = this.abort = new AbortController();
      await this.finish(d, out, ac.signal);
    } catch (err) {
      if (ac.signal.aborted && this.intent) this.settle();
      else this.fail(err);
    } finally {
      this.abort = null;
      this.emit(true);
    }
  }

  /** The run's data, read once (a resume reuses it). */
  private async readStudy(signal: AbortSignal): Promise<StudyData> {
    if (this.study) return this.study;
    this.s.phase = 'preparing';
    this.emit(true);
    const { engine, store } = this.ctx;
    const { method, config } = this.req;
    // The worker picks its backend the same way ('auto'); its own answer replaces this one.
    const backend = await engine.ready();
    if (method === 'llm-kg') {
      this.s.backendReason = 'none: LLM-KG trains no network, it acts on the advisor’s answer';
    } else {
      this.s.backend = backend.name;
      this.s.backendReason = backend.reason;
    }
    const d = await loadDatasetStudy(store, this.req.target, engine.catalogue, signal);
    const cfg = resolveConfig(config);
    this.s.totalEpisodes =
      method === 'dl'
        ? cfg.dlEpochs * d.train.size
        : method === 'llm-kg'
          ? 0
          : Math.round(cfg.passes * d.train.size);
    if (method !== 'ppo' && method !== 'dl') this.kg = warmUpKg(d, config.seed);
    // N, C grow online over the whole run, across pauses (SPEC.md), from the detector's counts.
    if (methodTraits(method).rl && cfg.onlineCounts)
      this.counts = SignatureCounts.fromRows(d.train, d.detector.options.prior);
    this.s.lambda = methodTraits(method).kl ? cfg.lambdaStart : 0;
    this.study = d;
    return d;
  }

  /** One training segment; null when it was paused or stopped (the checkpoint is kept). */
  private async train(d: StudyData, signal: AbortSignal): Promise<SegmentOutcome | null> {
    const { method, config } = this.req;
    this.s.phase =
      method === 'dl'
        ? 'supervised'
        : method === 'llm-kg'
          ? 'evaluating'
          : method === 'ppo-kg-pt' && !this.checkpoint?.progress?.pretrained
            ? 'pretrain'
            : 'rl';
    this.segmentStart = { at: performance.now(), episodes: this.s.episodes };
    this.emit(true);
    const out = await trainSegment({
      d,
      method,
      config,
      resume: this.checkpoint,
      kg: this.kg,
      counts: this.counts,
      advisorFor: (kg) => this.ctx.engine.host.advisorFor(kg),
      onProgress: (p) => this.onProgress(p),
      signal,
    });
    this.seconds += out.seconds;
    this.s.episodes = out.episodes;
    if (out.backend) {
      this.s.backend = out.backend.name;
      this.s.backendReason = out.backend.reason;
    }
    if (out.finished && this.intent !== 'stop') return out;
    this.checkpoint = save(out.policy);
    out.policy.dispose();
    this.settle();
    return null;
  }

  /** Evaluate, install when asked, complete. */
  private async finish(d: StudyData, out: SegmentOutcome, signal: AbortSignal): Promise<void> {
    try {
      this.checkpoint = save(out.policy);
      this.s.phase = 'evaluating';
      this.s.episodesPerSec = 0;
      this.emit(true);
      this.s.evaluation = await evaluateRun(d, out.policy, out.testAdvice, signal);
      if (this.req.install) {
        const { target, method } = this.req;
        this.s.installedPolicyId = installPolicy(
          this.ctx.store,
          {
            detectorId: target.detectorId,
            datasetId: target.datasetId,
            method,
            backend: out.backend?.name ?? 'none',
            episodes: out.episodes,
            seconds: this.seconds,
          },
          out.policy,
          methodTraits(method).kl ? this.kg : null,
          this.ctx.engine.training.keepSnapshots ?? DEFAULT_POLICY_TRAINING.keepSnapshots,
          this.req.actor,
        );
        // Serve it now: reload the detector's models and re-recommend its pending alerts.
        const { engine } = this.ctx;
        engine.forget(target.detectorId);
        const live = await engine.liveFor(target.detectorId);
        if (live)
          await engine.refreshPending(
            live,
            target.datasetId,
            live.signatureIds.filter((id) => id > 0),
          );
      }
      this.s.state = 'completed';
      this.s.phase = 'done';
      this.release();
    } finally {
      out.policy.dispose();
    }
  }

  private onProgress(p: TrainProgress): void {
    const s = this.s;
    s.phase = p.phase;
    s.episodes = p.episodes;
    if (p.phase === 'rl') s.lambda = p.lambda;
    if (p.metrics) {
      const m = p.metrics;
      s.losses = {
        policy_loss: m.policy_loss,
        value_loss: m.value_loss,
        entropy: m.entropy,
        approx_kl: m.approx_kl,
        kl_llm: methodTraits(this.req.method).kl ? m.kl_llm : null,
      };
    }
    if (p.phase === 'rl' && p.meanReward !== null)
      this.curve.push({ episodes: p.episodes, meanReward: p.meanReward });
    const secs = (performance.now() - this.segmentStart.at) / 1000;
    s.episodesPerSec =
      p.sps > 0 ? p.sps : secs > 0 ? (p.episodes - this.segmentStart.episodes) / secs : 0;
    this.emit();
  }

  /** Paused or stopped after an interrupt (a stop ends the run; what was trained is kept). */
  private settle(): void {
    this.s.state = this.intent === 'pause' ? 'paused' : 'stopped';
    this.s.episodesPerSec = 0;
    this.intent = null;
    if (this.s.state === 'stopped') this.release();
  }

  private fail(err: unknown): void {
    this.s.state = 'failed';
    this.s.episodesPerSec = 0;
    this.s.error = err instanceof Error ? err.message : String(err);
    this.release();
  }

  /** Drop the data and graph once the run can no longer resume (the checkpoint stays). */
  private release(): void {
    this.study = null;
    this.kg = null;
    this.counts = null;
  }

  /** Send the status: at once when forced, else at most every EMIT_MS (the latest wins). */
  private emit(force = false): void {
    const wait = this.lastEmit + EMIT_MS - Date.now();
    if (!force && wait > 0) {
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.emit(true);
      }, wait);
      return;
    }
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    this.lastEmit = Date.now();
    this.ctx.emit(this.snapshot());
  }
}
