/**
 * Long-running jobs (loads, re-classifications, resumed loads, the model download) with
 * cancellation, throttled progress events, and a durable record in the store's jobs table that
 * follows the job's status, stage and progress, so a restart after a kill knows where it stopped.
 */
import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, JobResult, JobStage } from '../../../shared/contract';
import type { Store } from '../../store/store';
import type { EventHub } from './dispatch';

/** Least time between two progress writes of a job's record (stage changes are written at once). */
export const JOB_WRITE_MS = 250;

/** What a job body gets: its id, a cancel signal and progress reporters. */
export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Progress for the UI (job.progress), at most ~10 events a second unless forced. */
  progress(p: Omit<JobProgress, 'jobId'>, force?: boolean): void;
  /**
   * The durable stage and progress: a new stage is written at once (before its work starts, so a
   * kill during it is recorded at that stage), progress within it at most every JOB_WRITE_MS.
   */
  stage(stage: JobStage, done?: number, total?: number): void;
  /** Record the dataset the job works on (a load's, once it created it). */
  attachDataset(datasetId: number): void;
  /** Tell the UI that datasets (or their alerts) changed before the job finishes. */
  changed(): void;
}

/** What a job of `kind` reports when its body threw before producing anything. */
function failed(kind: JobKind, cancelled: boolean, error: string): JobResult {
  const outcome = { ok: false, cancelled, error };
  switch (kind) {
    case 'load':
      return {
        kind,
        ...outcome,
        datasetId: null,
        rowsStored: 0,
        rowsSkipped: 0,
        skippedByReason: {},
        nonFinite: {},
        examples: [],
      };
    case 'download':
      return { kind, ...outcome, path: null };
    case 'reclassify':
    case 'resume':
      return { kind, ...outcome, datasetId: 0, alerts: 0, recommended: 0 };
  }
}

/** Where a job starts. */
export interface JobStart {
  /** The dataset it works on, when known at start. */
  datasetId?: number;
  /** Its first stage (default: the kind's usual first: ingest for a load, download, classify). */
  stage?: JobStage;
}

const FIRST_STAGE: Record<JobKind, JobStage> = {
  load: 'ingest',
  download: 'download',
  reclassify: 'detector',
  resume: 'classify',
};

/** Runs independent jobs concurrently, each with its own cancel signal and durable record. */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  /** Set by `shutdown`: jobs that end unfinished from now on are recorded as interrupted. */
  private closing = false;

  /** `store`: where the job records go (none: jobs are not recorded, e.g. in a unit test). */
  constructor(
    private readonly events: EventHub,
    private readonly store?: Store,
  ) {}

  /**
   * Start a job of `kind`; returns its id at once. The body's result becomes the job.finished
   * event and the record's final status (done, cancelled, failed); a body that throws ends as a
   * failure of its kind.
   */
  start<K extends JobKind>(
    kind: K,
    body: (ctx: JobContext) => Promise<JobResult<K>>,
    at: JobStart = {},
  ): string {
    const jobId = randomUUID();
    const ac = new AbortController();
    const store = this.store;
    let stage = at.stage ?? FIRST_STAGE[kind];
    store?.jobs.insert({ id: jobId, kind, datasetId: at.datasetId ?? null, stage });
    this.running.set(jobId, ac);
    let lastEvent = 0;
    let lastWrite = 0;
    const ctx: JobContext = {
      jobId,
      signal: ac.signal,
      progress: (p, force = false) => {
        const now = Date.now();
        if (!force && now - lastEvent < 100) return; // at most ~10 events per second
        lastEvent = now;
        this.events.emit('job.progress', { jobId, ...p });
      },
      stage: (next, done = 0, total = 0) => {
        const now = Date.now();
        if (next === stage && now - lastWrite < JOB_WRITE_MS) return;
        const moved = next !== stage;
        stage = next;
        lastWrite = now;
        if (store?.isOpen) store.jobs.progress(jobId, { stage: next, done, total });
        // The data screen lists each dataset's job and its stage.
        if (moved) this.events.emit('datasets.changed', {});
      },
      attachDataset: (datasetId) => store?.jobs.setDataset(jobId, datasetId),
      changed: () => this.events.emit('datasets.changed', {}),
    };
    void (async () => {
      let result: JobResult;
      try {
        result = await body(ctx);
      } catch (err) {
        result = failed(kind, ac.signal.aborted, err instanceof Error ? err.message : String(err));
      }
      this.running.delete(jobId);
      if (store?.isOpen) {
        const status = result.cancelled ? 'cancelled' : result.ok ? 'done' : 'failed';
        if (this.closing && (status !== 'done' || result.error !== null)) {
          // Stopped by the app's shutdown, not by the analyst: the next start-up resumes it (or
          // offers the next step) from the stage it had reached.
          store.jobs.interrupt(jobId, `interrupted during ${stage}: the app shut down`);
        } else {
          if (status === 'done') store.jobs.progress(jobId, { stage: 'done', done: 0, total: 0 });
          store.jobs.finish(jobId, status, result.error);
        }
      }
      this.events.emit('job.finished', { jobId, ...result });
      this.events.emit('datasets.changed', {});
    })();
    return jobId;
  }

  /** Ask a job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const ac = this.running.get(jobId);
    if (!ac) return false;
    ac.abort();
    return true;
  }

  /** Cancel every running job. */
  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort();
  }

  /**
   * Stop every running job because the app is closing: each is recorded as interrupted at its
   * stage (not cancelled), so the next start-up resumes it or offers the next step.
   */
  shutdown(): void {
    this.closing = true;
    this.cancelAll();
  }

  /** Number of jobs still running. */
  get active(): number {
    return this.running.size;
  }
}
