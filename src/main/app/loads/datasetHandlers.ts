/**
 * The requests on jobs and on stored datasets: list and cancel jobs, re-classify, resume and
 * delete a dataset. Each refusal says why; each dataset job is a durable job of the runner.
 */
import { InvalidRequestError, type RequestName } from '../../../shared/contract';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import type { EventHub, Handlers } from '../hub/dispatch';
import type { JobRunner } from '../hub/jobs';
import { reclassifyDataset, resumeLoad } from './datasetJobs';
import { chooseDetector } from './detectorChoice';
import { jobRecord } from './recovery';

/** What the dataset requests work with. */
export interface DatasetJobDeps {
  store: Store;
  jobs: JobRunner;
  engine: DecisionEngine;
  events: EventHub;
  /** The datasets live feeds are writing into now. */
  feedDatasets(): number[];
}

type Names =
  | 'jobs.cancel'
  | 'jobs.list'
  | 'datasets.reclassify'
  | 'datasets.rescore'
  | 'datasets.resume'
  | 'datasets.delete';

/** The handlers, and `resume` for start-up to resume an interrupted load with. */
export function datasetJobHandlers(d: DatasetJobDeps): {
  handlers: Pick<Handlers, Names>;
  resume(datasetId: number): string;
} {
  const { store, jobs, engine } = d;

  /** The dataset, or an InvalidRequestError when it is missing or busy. */
  const idle = (request: RequestName, datasetId: number) => {
    const refuse = (why: string): never => {
      throw new InvalidRequestError(request, why);
    };
    const ds = store.getDataset(datasetId) ?? refuse(`dataset ${datasetId} does not exist`);
    const busy = store.jobs.activeOn(datasetId)[0];
    if (busy)
      refuse(
        `dataset ${datasetId} has a ${busy.kind} job running (${busy.stage}): wait for it or cancel it`,
      );
    if (d.feedDatasets().includes(datasetId))
      refuse(`a live feed is writing into dataset ${datasetId}: stop the feed first`);
    return { ds, refuse };
  };

  /** Mark the dataset's unresolved interrupted job as followed by `next`. */
  const follow = (datasetId: number, next: string): void => {
    const last = store.jobs.latestByDataset().get(datasetId);
    for (const j of store.jobs.list(20, datasetId))
      if (j.status === 'interrupted' && j.followedBy === null && j.id !== next && j.id !== last?.id)
        store.jobs.followedBy(j.id, next);
  };

  /** The dataset's id once it may have its alerts replaced (fully loaded, nothing decided). */
  const replaceable = (request: RequestName, datasetId: number): void => {
    const { ds, refuse } = idle(request, datasetId);
    if (ds.status !== 'ready' || ds.rows_stored === 0)
      refuse(
        `dataset ${datasetId} is ${ds.status} with ${ds.rows_stored} rows: only a fully loaded dataset can be re-classified (delete it or load the file again)`,
      );
    const decided = store.recovery.decidedAlerts(datasetId);
    if (decided > 0)
      refuse(
        `${decided} alerts of dataset ${datasetId} have decisions, which re-classifying would drop: export them first, or load the file again as a new dataset`,
      );
  };

  const resume = (datasetId: number): string =>
    jobs.start('resume', (ctx) => resumeLoad(store, datasetId, ctx, engine), {
      datasetId,
      stage: 'classify',
    });

  const handlers: Pick<Handlers, Names> = {
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'jobs.list': async ({ datasetId, limit }) => store.jobs.list(limit, datasetId).map(jobRecord),
    'datasets.reclassify': async ({ datasetId }) => {
      replaceable('datasets.reclassify', datasetId);
      const jobId = jobs.start(
        'reclassify',
        (ctx) => reclassifyDataset(store, datasetId, ctx, engine),
        { datasetId, stage: 'detector' },
      );
      follow(datasetId, jobId);
      return { jobId };
    },
    'datasets.rescore': async ({ datasetId, detectorId }, req) => {
      replaceable('datasets.rescore', datasetId);
      const chosen = chooseDetector(store, 'datasets.rescore', detectorId);
      const before = store.detectorChoice.scoredBy(datasetId);
      const jobId = jobs.start(
        'reclassify',
        (ctx) => reclassifyDataset(store, datasetId, ctx, engine, detectorId),
        { datasetId, stage: 'classify' },
      );
      store.appendAudit({
        actor: req.actor,
        action: 'dataset.rescore',
        subject: `dataset:${datasetId}`,
        detail: {
          before: { detectorId: before },
          after: { detectorId },
          jobId,
          warning: chosen.warning,
        },
      });
      follow(datasetId, jobId);
      return { jobId };
    },
    'datasets.resume': async ({ datasetId }) => {
      const { ds, refuse } = idle('datasets.resume', datasetId);
      if (ds.status !== 'ready')
        refuse(
          `dataset ${datasetId} is ${ds.status}: its flows were not all stored, so there is nothing to resume`,
        );
      if (
        !store.getDetector(undefined, datasetId) &&
        store.detectorChoice.scoredBy(datasetId) === null &&
        store.recovery.alertDetectors(datasetId).length === 0
      )
        refuse(`dataset ${datasetId} has no detector yet: re-classify it`);
      const jobId = resume(datasetId);
      follow(datasetId, jobId);
      return { jobId };
    },
    'datasets.delete': async ({ datasetId }, req) => {
      const { ds, refuse } = idle('datasets.delete', datasetId);
      const dependents = store.recovery.dependents(datasetId);
      if (dependents.length > 0)
        refuse(
          `the alerts of dataset ${dependents.map((x) => x.id).join(', ')} come from this dataset's detector: delete ${dependents.length > 1 ? 'those' : 'that one'} first`,
        );
      const detectors = store.recovery.detectorsOf(datasetId);
      const deleted = store.recovery.deleteDataset(datasetId, () =>
        store.appendAudit({
          actor: req.actor,
          action: 'dataset.delete',
          subject: `dataset:${datasetId}`,
          detail: { name: ds.name, rowsStored: ds.rows_stored, detectors },
        }),
      );
      for (const id of detectors) engine.forget(id);
      d.events.emit('datasets.changed', {});
      return { datasetId, ...deleted };
    },
  };
  return { handlers, resume };
}
