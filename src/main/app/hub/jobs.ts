/** Long-running jobs (loads, the model download) with cancellation and throttled progress events. */
import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, JobResult } from '../../../shared/contract';
import type { EventHub } from './dispatch';

/** What a job body gets: its id, a cancel signal and a progress reporter. */
export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress(p: Omit<JobProgress, 'jobId'>, force?: boolean): void;
  /** Tell the UI that datasets (or their alerts) changed before the job finishes. */
  changed(): void;
}

/** What a job of `kind` reports when its body threw before producing anything. */
function failed(kind: JobKind, cancelled: boolean, error: string): JobResult {
  const outcome = { ok: false, cancelled, error };
  return kind === 'load'
    ? {
        kind,
        ...outcome,
        datasetId: null,
        rowsStored: 0,
        rowsSkipped: 0,
        skippedByReason: {},
        examples: [],
      }
    : { kind, ...outcome, path: null };
}

/** Runs independent jobs concurrently, each with its own cancel signal. */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventHub) {}

  /**
   * Start a job of `kind`; returns its id at once. The body's result becomes the job.finished
   * event; a body that throws ends as a failure of its kind.
   */
  start<K extends JobKind>(kind: K, body: (ctx: JobContext) => Promise<JobResult<K>>): string {
    const jobId = randomUUID();
    const ac = new AbortController();
    this.running.set(jobId, ac);
    let last = 0;
    const ctx: JobContext = {
      jobId,
      signal: ac.signal,
      progress: (p, force = false) => {
        const now = Date.now();
        if (!force && now - last < 100) return; // at most ~10 events per second
        last = now;
        this.events.emit('job.progress', { jobId, ...p });
      },
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

  /** Number of jobs still running. */
  get active(): number {
    return this.running.size;
  }
}
