/**
 * Start-up after a crash or kill -9: jobs the dead process left running are marked interrupted
 * at the stage they had reached, datasets it left loading keep their rows (counted), and each
 * interrupted load is either resumed (its classify, policy or recommend stage: the flows and the
 * detector are stored, so finishing is safe and loses nothing) or offered to the analyst as the
 * next step (cut short in ingest: delete or load again; in detector training: re-classify).
 */
import type {
  DatasetNextStep,
  DatasetSummary,
  JobRecord,
  JobStage,
} from '../../../shared/contract';
import type { StoredJob } from '../../store/jobs';
import type { Store } from '../../store/store';

/** Stages a load resumes from by itself: its flows, and the detector, are stored by then. */
export const RESUMABLE_STAGES: readonly JobStage[] = ['classify', 'policy', 'recommend'];

/** Jobs whose stages work on a dataset's stored data (a training run is not one). */
const DATA_JOBS = new Set(['load', 'reclassify', 'resume']);

/** A job record for the UI (without its process id and detail). */
export function jobRecord(j: StoredJob): JobRecord {
  return {
    id: j.id,
    kind: j.kind,
    datasetId: j.datasetId,
    status: j.status,
    stage: j.stage,
    done: j.done,
    total: j.total,
    startedAt: j.startedAt,
    updatedAt: j.updatedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    followedBy: j.followedBy,
  };
}

/** Mark what the dead process left running; returns the jobs it marked interrupted. */
export function markInterrupted(store: Store): StoredJob[] {
  const live = store.liveInstances();
  const jobs = store.jobs.interruptRunning(live);
  // On a shared database other processes' loads (and the stream workers' live datasets) are
  // still running: only this start-up's interrupted loads are stale there.
  if (live === null) store.markStaleLoads();
  else for (const j of jobs) if (j.datasetId !== null) store.markStaleLoad(j.datasetId);
  return jobs;
}

/** Whether start-up resumes this interrupted job by itself. */
export function resumesItself(j: StoredJob): boolean {
  return DATA_JOBS.has(j.kind) && j.datasetId !== null && RESUMABLE_STAGES.includes(j.stage);
}

/**
 * Resume every interrupted data job nothing has followed up yet, when it is the newest job of
 * its dataset and stopped at a resumable stage; `start` starts the resume job. Returns the
 * (interrupted job, resume job) pairs.
 */
export function resumeInterrupted(
  store: Store,
  start: (datasetId: number) => string,
): { interrupted: string; resumedBy: string }[] {
  const newest = store.jobs.latestByDataset();
  const out: { interrupted: string; resumedBy: string }[] = [];
  for (const j of store.jobs.unresolved()) {
    if (!resumesItself(j) || newest.get(j.datasetId ?? 0)?.id !== j.id) continue;
    if (!store.getDataset(j.datasetId ?? 0)) continue;
    const next = start(j.datasetId!);
    store.jobs.followedBy(j.id, next);
    out.push({ interrupted: j.id, resumedBy: next });
  }
  return out;
}

const STAGE_TEXT: Partial<Record<JobStage, string>> = {
  ingest: 'reading the file',
  detector: 'training the detector',
  classify: 'classifying the flows',
  policy: 'training the policy',
  recommend: 'recommending',
};

/** The step to offer for a dataset whose newest data job did not finish. */
export function nextStep(rowsStored: number, job: StoredJob | undefined): DatasetNextStep | null {
  if (!job || !DATA_JOBS.has(job.kind)) return null;
  const what = STAGE_TEXT[job.stage] ?? job.stage;
  if (job.status === 'interrupted') {
    if (job.stage === 'ingest')
      return {
        action: 'reload',
        why: `the load stopped while ${what}: ${rowsStored.toLocaleString('en')} rows were kept. Delete the dataset, or load the file again`,
      };
    if (job.stage === 'detector' || job.stage === 'queued')
      return {
        action: 'reclassify',
        why: `the ${job.kind} stopped while ${what}: no alerts were made. Re-classify to train the detector and classify the flows`,
      };
    return {
      action: 'resume',
      why: `the ${job.kind} stopped while ${what}: resume to classify the flows without an alert and recommend the alerts without one`,
    };
  }
  if (job.status === 'cancelled' && job.stage !== 'ingest') {
    if (job.stage === 'detector')
      return {
        action: 'reclassify',
        why: `the ${job.kind} was cancelled while ${what}: no alerts were made. Re-classify to train the detector and classify the flows`,
      };
    if (RESUMABLE_STAGES.includes(job.stage))
      return {
        action: 'resume',
        why: `the ${job.kind} was cancelled while ${what}: resume to finish the alerts and recommendations`,
      };
  }
  if (job.status === 'failed' && job.kind !== 'load')
    return {
      action: 'reclassify',
      why: `the ${job.kind} failed while ${what}: ${job.error ?? 'unknown error'}. Re-classify to start over`,
    };
  return null;
}

/**
 * A dataset's status and next step as the console shows them, from its newest data job;
 * `finished`: whether its writer stored a final report (a crash leaves none).
 */
export function datasetState(
  status: DatasetSummary['status'],
  rowsStored: number,
  job: StoredJob | undefined,
  finished = true,
): Pick<DatasetSummary, 'status' | 'job' | 'next'> {
  return {
    status: job?.status === 'interrupted' ? 'interrupted' : status,
    job: job ? jobRecord(job) : null,
    next: nextStep(rowsStored, job) ?? (finished ? null : unrecordedStop(status, rowsStored, job)),
  };
}

/**
 * A dataset that stopped loading with no job record and no final report (its writer never
 * finished): a live feed's (feeds write as they receive,
 * with no job) or a load from before jobs were recorded. Its rows are kept; say so and offer the
 * way on.
 */
function unrecordedStop(
  status: DatasetSummary['status'],
  rowsStored: number,
  job: StoredJob | undefined,
): DatasetNextStep | null {
  if (job || status !== 'failed') return null;
  return {
    action: 'reload',
    why: `whatever was writing this dataset (a live feed, or a load from before jobs were recorded) stopped with the process: its ${rowsStored.toLocaleString('en')} rows and their alerts are kept. Delete it, or start the feed or load the file again`,
  };
}
