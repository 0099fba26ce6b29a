/**
 * Training runs started from the dashboard: one at a time (running or paused), the last few kept
 * in memory for `training.status`, each reporting through `training.progress`. Each run is also a
 * durable job record (kind 'training') holding its last status, so a run cut short by a crash or
 * kill -9 shows after the restart as interrupted with the progress it had made.
 */
import { randomUUID } from 'node:crypto';
import { InvalidRequestError, type TrainingStatus, type ValidArgs } from '../../../shared/contract';
import { DEFAULT_RL_CONFIG, resolveConfig } from '../../domain/rl';
import type { Store } from '../../store/store';
import type { EventHub } from '../hub/dispatch';
import type { DecisionEngine } from '../decisions/engine';
import { trainTarget } from './datasetStudy';
import { TrainingRun } from './run';
import type { RunConfig } from './segment';

/** Ended runs kept for `training.status` besides the active one. */
export const RUN_HISTORY = 5;

/** Owns the dashboard's training runs. */
export class TrainingRuns {
  /** Oldest first. */
  private readonly runs: TrainingRun[] = [];

  constructor(
    readonly store: Store,
    readonly engine: DecisionEngine,
    readonly events: EventHub,
  ) {}

  /**
   * Start a run on a dataset's labelled flows; refuses (InvalidRequestError) while another run
   * is running or paused, and for a dataset it cannot train on. Returns at once: the run reads
   * the dataset and trains in the background. `actor` started it (an install is audited as theirs).
   */
  async start(args: ValidArgs<'training.start'>, actor: string): Promise<TrainingStatus> {
    const active = this.active();
    if (active) {
      const { runId, state } = active.snapshot();
      throw new InvalidRequestError(
        'training.start',
        `run ${runId} is ${state}: stop it (or let it finish) before starting another`,
      );
    }
    const target = trainTarget(this.store, args.datasetId, this.engine.catalogue);
    const config: RunConfig = {
      ...args.config,
      seed: args.config.seed ?? DEFAULT_RL_CONFIG.seed,
      passes: args.config.passes ?? DEFAULT_RL_CONFIG.passes,
    };
    try {
      resolveConfig(config);
    } catch (err) {
      throw new InvalidRequestError('training.start', `config: ${(err as Error).message}`);
    }
    const run = new TrainingRun(
      {
        store: this.store,
        engine: this.engine,
        emit: (s) => {
          this.record(s);
          this.events.emit('training.progress', s);
        },
      },
      { runId: randomUUID(), target, method: args.method, config, install: args.install, actor },
    );
    const first = run.snapshot();
    this.store.jobs.insert({
      id: first.runId,
      kind: 'training',
      datasetId: first.datasetId,
      stage: 'training',
      detail: first,
    });
    this.runs.push(run);
    this.prune();
    run.start();
    return run.snapshot();
  }

  /** Pause, resume or stop a run; resolves once the change took effect. */
  async control(args: ValidArgs<'training.control'>): Promise<TrainingStatus> {
    const run = this.runs.find((r) => r.req.runId === args.runId);
    if (!run) throw new InvalidRequestError('training.control', `no training run ${args.runId}`);
    return run.control(args.action);
  }

  /**
   * One run by id, or the active one, else the most recent; null when none. A run this process
   * does not hold (an earlier process ran it) is read from its job record, as it last stood.
   */
  async status(args: ValidArgs<'training.status'>): Promise<TrainingStatus | null> {
    const run = args.runId
      ? this.runs.find((r) => r.req.runId === args.runId)
      : (this.active() ?? this.runs.at(-1));
    if (run) return run.snapshot();
    const job = args.runId
      ? this.store.jobs.get(args.runId)
      : this.store.jobs.latestOfKind('training');
    if (!job || job.kind !== 'training' || !job.detail) return null;
    const last = job.detail as TrainingStatus;
    return job.status === 'interrupted'
      ? { ...last, state: 'interrupted', episodesPerSec: 0, error: job.error }
      : last;
  }

  /** Write a run's status to its job record: progress while it runs, the outcome when it ends. */
  private record(s: TrainingStatus): void {
    if (!this.store.isOpen) return;
    if (s.state === 'running' || s.state === 'paused') {
      this.store.jobs.progress(
        s.runId,
        { stage: 'training', done: s.episodes, total: s.totalEpisodes },
        s,
      );
      return;
    }
    const status = s.state === 'completed' ? 'done' : s.state === 'failed' ? 'failed' : 'cancelled';
    this.store.jobs.finish(s.runId, status, s.error, s);
  }

  /** Stop every run (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all(this.runs.map((r) => r.dispose()));
  }

  private active(): TrainingRun | undefined {
    return this.runs.find((r) => r.active);
  }

  /** Forget the oldest ended runs beyond RUN_HISTORY. */
  private prune(): void {
    while (this.runs.length > RUN_HISTORY + 1) {
      const i = this.runs.findIndex((r) => !r.active);
      if (i < 0) return;
      this.runs.splice(i, 1);
    }
  }
}
