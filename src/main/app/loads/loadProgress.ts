/**
 * A load's job.progress events: every phase says how far it is (done of total) and how long it
 * has left, from its own rate, so the console can show an ETA while reading, training,
 * classifying, advising and recommending alike.
 */
import type { JobProgress, LoadPhase, PhaseStep } from '../../../shared/contract';
import type { JobContext } from '../hub/jobs';

/**
 * Seconds a phase has left after `elapsedSec` for `step.done` of `step.total`, at the rate so far;
 * null while there is no rate yet, 0 once done.
 */
export function phaseEta(elapsedSec: number, step: PhaseStep): number | null {
  // A step in seconds is a clock against an estimated total: what is left is known from the start.
  if (step.unit === 'seconds') return Math.max(0, step.total - step.done);
  if (step.total > 0 && step.done >= step.total) return 0;
  // No rate yet: no step made, or the phase only just began (its first report already counts some).
  if (!(step.total > 0) || !(step.done > 0) || !(elapsedSec > 0)) return null;
  return (elapsedSec * (step.total - step.done)) / step.done;
}

/** What a load has read, carried on every event of it. */
export interface LoadCounts {
  rowsRead: number;
  rowsSkipped: number;
  bytesRead: number;
  totalBytes: number;
}

/** Sends a load's progress; a new phase is sent at once, steps within it throttled by the job. */
export class LoadProgress {
  private phase: LoadPhase | null = null;
  private phaseStarted = 0;
  private readonly started: number;
  /** The counts sent with each event (the reader updates them). */
  counts: LoadCounts = { rowsRead: 0, rowsSkipped: 0, bytesRead: 0, totalBytes: 0 };

  constructor(
    private readonly ctx: Pick<JobContext, 'progress'>,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /**
   * Report `phase` at `fraction` of the whole load. `elapsedSec` is the phase's own clock when
   * its sender keeps one (the reader's); else the time since the phase was first reported.
   * `rowsPerSec` defaults to the rows read over the whole load's time.
   */
  report(
    phase: LoadPhase,
    fraction: number,
    step?: PhaseStep,
    elapsedSec?: number,
    rowsPerSec?: number,
  ): void {
    const t = this.now();
    const moved = phase !== this.phase;
    if (moved) {
      this.phase = phase;
      this.phaseStarted = t;
    }
    const elapsed = elapsedSec ?? (t - this.phaseStarted) / 1000;
    const p: Omit<JobProgress, 'jobId'> = {
      phase,
      ...this.counts,
      rowsPerSec: rowsPerSec ?? (this.counts.rowsRead / Math.max(1, t - this.started)) * 1000,
      fraction,
      etaSec: phase === 'done' ? 0 : step ? phaseEta(elapsed, step) : null,
    };
    if (step) p.step = step;
    // A phase's first and last steps always go out: the console never misses one's start or end.
    const ends = step !== undefined && step.total > 0 && step.done >= step.total;
    this.ctx.progress(p, moved || ends || phase === 'done');
  }
}

/**
 * Rows per second the detector last trained at in this process. The first guess is the slowest
 * measured on a 2-core machine (23k rows/s for 10k rows, 55k rows/s for 43k rows of improved
 * CICIDS2017): the estimate errs long before the first training has timed this machine.
 */
let detectorRowsPerSec = 20_000;
/** How often the detector's training reports its clock. */
const TRAINING_TICK_MS = 500;

/**
 * Run the detector's training (which reports no steps of its own), ticking `tick` with its
 * clock against an estimate from `rows` and the last training's speed; the speed measured here
 * becomes the next estimate's.
 */
export async function timedTraining<T>(
  rows: number,
  tick: (step: PhaseStep) => void,
  train: () => Promise<T>,
  now: () => number = () => performance.now(),
): Promise<T> {
  const estimate = Math.max(0.5, rows / detectorRowsPerSec);
  const t0 = now();
  const send = (): void => {
    const s = (now() - t0) / 1000;
    // Past the estimate the total keeps just ahead of the clock: "almost done", never negative.
    tick({ done: s, total: Math.max(estimate, s + TRAINING_TICK_MS / 1000), unit: 'seconds' });
  };
  send();
  const timer = setInterval(send, TRAINING_TICK_MS);
  try {
    const out = await train();
    const secs = (now() - t0) / 1000;
    if (rows > 0 && secs > 0) detectorRowsPerSec = rows / secs;
    return out;
  } finally {
    clearInterval(timer);
  }
}
