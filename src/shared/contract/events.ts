/** Events the core pushes to the UI, each with its payload. */
import type { AdvisorStatus } from './model';
import type { FeedStatus } from './feeds';
import type { JobFinished, JobProgress } from './jobs';
import type { StudyStatus, TrainingStatus } from './training';

/**
 * Payload of each event pushed from the core to the UI. src/shared/names.ts lists the names at
 * run time, checked by the compiler against these keys both ways.
 */
export interface EventPayloads {
  'job.progress': JobProgress;
  'job.finished': JobFinished;
  'datasets.changed': Record<string, never>;
  'advisor.changed': AdvisorStatus;
  /** Decisions were recorded or recommendations recomputed for a dataset. */
  'alerts.changed': { datasetId: number; alertIds: number[] };
  /**
   * A dataset's incidents changed: a step was decided (`incidentIds` names it), or its alerts
   * changed so the grouping may have (`incidentIds` empty: refetch the list).
   */
  'incidents.changed': { datasetId: number; incidentIds: string[] };
  'training.progress': TrainingStatus;
  'training.studyProgress': StudyStatus;
  'feed.status': FeedStatus;
}

export type EventName = keyof EventPayloads;

/** One event as it travels to the UI, over IPC or the WebSocket alike. */
export type EventMessage = { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName];

/** Subscribe to an event; returns an unsubscribe function. */
export type Subscribe = <E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
) => () => void;
