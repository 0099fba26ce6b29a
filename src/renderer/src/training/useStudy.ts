/** The screen's study: the running or latest one, kept live from training.studyProgress. */
import { useCallback } from 'react';
import type { RequestArgs, StudyStatus } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useCoreEvent, useCoreQuery, useTask } from '../api/useCore';

/** What the study section reads and does. */
export interface StudyHandle {
  study: StudyStatus | null;
  error: string | null;
  busy: boolean;
  start(args: RequestArgs<'training.study'>): Promise<void>;
  stop(): Promise<void>;
}

/** Follows the current study (one at a time, whoever started it). */
export function useStudy(): StudyHandle {
  const client = useClient();
  const status = useCoreQuery('training.studyStatus', {});
  const { setData } = status;
  useCoreEvent('training.studyProgress', (s) => setData(s, { supersede: true }));
  const task = useTask<StudyStatus>();
  const { run: runTask } = task;
  const study = status.data ?? null;

  const start = useCallback(
    async (args: RequestArgs<'training.study'>) => {
      const s = await runTask(() => client.api['training.study'](args), true);
      if (s) setData((cur) => (cur && cur.studyId === s.studyId ? cur : s));
    },
    [client, runTask, setData],
  );
  const stop = useCallback(async () => {
    if (!study) return;
    const s = await runTask(
      () => client.api['training.studyControl']({ studyId: study.studyId, action: 'stop' }),
      true,
    );
    if (s) setData(s);
  }, [client, runTask, setData, study]);

  return { study, error: task.error ?? status.error, busy: task.busy !== null, start, stop };
}
