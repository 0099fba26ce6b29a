/** Follows the load job the user started, from job.progress / job.finished events. */
import { useCallback, useRef, useState } from 'react';
import type { JobProgress, LoadFinished } from '../../../shared/contract';
import { useCoreEvent } from '../api/useCore';

/** The job on screen: what it is, how far it got and how it ended. */
export interface TrackedJob {
  jobId: string;
  label: string;
  progress: JobProgress | null;
  finished: LoadFinished | null;
}

interface Seen {
  progress: JobProgress | null;
  finished: LoadFinished | null;
}

/** How many recent jobs' events are remembered for a start() that arrives after them. */
const REMEMBERED_JOBS = 16;

/** Track one job at a time; `onFinished` runs once when it ends. */
export function useJobTracker(onFinished: (f: LoadFinished) => void): {
  job: TrackedJob | null;
  start(jobId: string, label: string): void;
  clear(): void;
} {
  const [job, setJob] = useState<TrackedJob | null>(null);
  // Events can outrun the reply that names the job (they travel on another channel), so the last
  // ones of each recent job are kept until start() claims them.
  const seen = useRef(new Map<string, Seen>());
  const current = useRef<string | null>(null);

  const remember = (jobId: string, patch: Partial<Seen>): void => {
    const m = seen.current;
    m.set(jobId, { progress: null, finished: null, ...m.get(jobId), ...patch });
    while (m.size > REMEMBERED_JOBS) m.delete(m.keys().next().value as string);
  };
  useCoreEvent('job.progress', (p) => {
    remember(p.jobId, { progress: p });
    setJob((j) => (j && j.jobId === p.jobId && !j.finished ? { ...j, progress: p } : j));
  });
  useCoreEvent('job.finished', (f) => {
    if (f.kind !== 'load') return; // the model download reports through advisor.changed
    remember(f.jobId, { finished: f });
    setJob((j) => (j && j.jobId === f.jobId ? { ...j, finished: f } : j));
    if (current.current === f.jobId) onFinished(f);
  });

  const start = useCallback(
    (jobId: string, label: string) => {
      current.current = jobId;
      const early = seen.current.get(jobId);
      setJob({
        jobId,
        label,
        progress: early?.progress ?? null,
        finished: early?.finished ?? null,
      });
      if (early?.finished) onFinished(early.finished);
    },
    [onFinished],
  );

  const clear = useCallback(() => {
    current.current = null;
    setJob(null);
  }, []);

  return { job, start, clear };
}
