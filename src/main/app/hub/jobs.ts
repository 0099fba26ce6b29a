/** Long-running jobs (loads) with cancellation and throttled progress events. */
import { randomUUID } from 'node:crypto';
import type { JobFinished, JobProgress } from '../../../shared/contract';
import type { EventHub } from './dispatch';

/** What a job body gets: its id, a cancel signal and a progress reporter. */
export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress(p: Omit<JobProgress, 'jobId'>, force?: boolean): void;
  /** Tell the UI that datasets (or their alerts) changed before the job finishes. */
  changed(): void;
}

/** Runs independent jobs concurrently, each with its own cancel signal. */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventHub) {}

  /** Start a job; returns its id at once. The body's result becomes the job.finished event. */
  start(body: (ctx: JobContext) => Promise<Omit<JobFinished, 'jobId'>>): string {
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
      let result: Omit<JobFinished, 'jobId'>;
      try {
        result = await body(ctx);
      } catch (err) {
        result = {
          ok: false,
          cancelled: ac.signal.aborted,
          datasetId: null,
          error: err instanceof Error ? err.message : String(err),
          rowsStored: 0,
          rowsSkipped: 0,
          skippedByReason: {},
          examples: [],
        };
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
