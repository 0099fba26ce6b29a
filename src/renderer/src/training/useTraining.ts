/** The dashboard's run: the current or latest one, kept live from training.progress. */
import { useCallback, useEffect, useState } from 'react';
import type { RequestArgs, TrainingStatus } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';

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
export function useTraining(client: RampartClient): TrainingHandle {
  const [run, setRun] = useState<TrainingStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    let heard = false;
    const off = client.subscribe('training.progress', (s) => {
      heard = true;
      setRun(s);
    });
    client.api['training.status']({}).then(
      // An event already heard is newer than this answer.
      (s) => alive && !heard && setRun(s),
      (err: unknown) => alive && setError(errorText(err)),
    );
    return () => {
      alive = false;
      off();
    };
  }, [client]);

  const request = useCallback(async (send: () => Promise<TrainingStatus>, keepNewer: boolean) => {
    setError(null);
    setBusy(true);
    try {
      const s = await send();
      // The run's own events usually arrive first; never step back to an older snapshot of it.
      setRun((cur) => (keepNewer && cur?.runId === s.runId ? cur : s));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }, []);

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

  return { run, error, busy, start, control };
}
