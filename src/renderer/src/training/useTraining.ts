/** The dashboard's run: the current or latest one, kept live from training.progress. */
import { useCallback } from 'react';
import type { RequestArgs, TrainingStatus } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useCoreEvent, useCoreQuery, useTask } from '../api/useCore';

/** What the training screen reads and does. */
export interface TrainingHandle {
  /** The run shown (null before any run). */
  run: TrainingStatus | null;
  /** The last refused request or failed load, in words. */
  error: string | null;
  /** A request is on its way. */
  busy: boolean;
  start(args: RequestArgs<'training.start'>): Promise<void>;
  control(action: 'pause' | 'resume' | 'stop'): Promise<void>;
}

/** Follows the current run (one at a time, whoever started it). */
export function useTraining(): TrainingHandle {
  const client = useClient();
  const status = useCoreQuery('training.status', {});
  const { setData } = status;
  // An event is newer than any answer still on its way.
  useCoreEvent('training.progress', (s) => setData(s, { supersede: true }));
  const task = useTask<TrainingStatus>();
  const { run: runTask } = task;
  const run = status.data ?? null;

  const request = useCallback(
    async (send: () => Promise<TrainingStatus>, keepNewer: boolean) => {
      const s = await runTask(send, true);
      // The run's own events usually arrive first; never step back to an older snapshot of it.
      if (s) setData((cur) => (cur && keepNewer && cur.runId === s.runId ? cur : s));
    },
    [runTask, setData],
  );

  const start = useCallback(
    (args: RequestArgs<'training.start'>) =>
      request(() => client.api['training.start'](args), true),
    [client, request],
  );
  const control = useCallback(
    (action: 'pause' | 'resume' | 'stop') =>
      request(() => {
        if (!run) return Promise.reject(new Error('no training run'));
        return client.api['training.control']({ runId: run.runId, action });
      }, false),
    [client, request, run],
  );

  return { run, error: task.error ?? status.error, busy: task.busy !== null, start, control };
}
