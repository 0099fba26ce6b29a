/**
 * Studies started from the Training screen: `rampart eval` on loaded datasets, under a regime
 * (seeds, class mix, detector limits, λ, a second dataset as the test source). One at a time,
 * run in a worker thread, reporting through `training.studyProgress`; the last few kept for
 * `training.studyStatus`.
 */
import { randomUUID } from 'node:crypto';
import { InvalidRequestError, type StudyStatus, type ValidArgs } from '../../../shared/contract';
import { runStudyInWorker, type StudyWorkerRequest } from '../../domain/eval/studyInWorker';
import { lambdaSchedule } from '../../domain/eval/sweep';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import type { Store } from '../../store/store';
import type { EventHub } from '../hub/dispatch';
import { studyResultOf } from './studyResult';
import { readStudySources, sourceName, studyTargets } from './studySources';

/** Ended studies kept for `training.studyStatus` besides the running one. */
export const STUDY_HISTORY = 3;
/** Log lines a study's status keeps (the newest). */
export const STUDY_LOG_LINES = 40;

type StudyArgs = ValidArgs<'training.study'>;

/** The study options a request asks for (the advisor is the KG advisor). */
export function studyOptionsOf(
  args: StudyArgs,
  names: { train: string; test: string | null },
): StudyWorkerRequest['options'] {
  return {
    data: [names.train],
    test: names.test === null ? null : [names.test],
    methods: [...args.methods],
    split: args.split,
    seed: args.seed,
    seeds: args.seeds,
    passes: args.passes,
    prevalence: args.prevalence,
    tree: {
      ...(args.maxDepth !== null ? { maxDepth: args.maxDepth } : {}),
      ...(args.minLeaf !== null ? { minSamplesLeaf: args.minLeaf } : {}),
    },
    rl: args.lambda !== null ? lambdaSchedule(args.lambda) : {},
  };
}

interface Study {
  status: StudyStatus;
  abort: AbortController;
  done: Promise<void>;
}

/** Owns the console's studies. */
export class TrainingStudies {
  /** Oldest first. */
  private readonly studies: Study[] = [];

  constructor(
    readonly store: Store,
    readonly catalogue: Catalogue,
    readonly events: EventHub,
  ) {}

  /** Start a study; refuses while another runs, and for datasets it cannot study. */
  async start(args: StudyArgs): Promise<StudyStatus> {
    const running = this.studies.find((s) => s.status.state === 'running');
    if (running)
      throw new InvalidRequestError(
        'training.study',
        `study ${running.status.studyId} is running: stop it (or let it finish) before starting another`,
      );
    const { train, test } = studyTargets(
      this.store,
      args.datasetId,
      args.testDatasetId,
      this.catalogue,
    );
    const status: StudyStatus = {
      studyId: randomUUID(),
      datasetId: train.id,
      testDatasetId: test?.id ?? null,
      state: 'running',
      log: [],
      result: null,
      error: null,
      startedAt: new Date().toISOString(),
    };
    const abort = new AbortController();
    const options = studyOptionsOf(args, {
      train: sourceName(train),
      test: test ? sourceName(test) : null,
    });
    const study: Study = { status, abort, done: Promise.resolve() };
    study.done = (async () => {
      try {
        const src = await readStudySources(this.store, train, test, abort.signal);
        const report = await runStudyInWorker(
          src,
          options,
          (line) => this.log(study, line),
          abort.signal,
        );
        status.result = studyResultOf(report);
        status.state = 'completed';
      } catch (err) {
        if (abort.signal.aborted) status.state = 'stopped';
        else {
          status.state = 'failed';
          status.error = err instanceof Error ? err.message : String(err);
        }
      }
      this.emit(study);
    })();
    this.studies.push(study);
    while (this.studies.length > STUDY_HISTORY + 1) this.studies.shift();
    this.emit(study);
    return { ...status, log: [...status.log] };
  }

  /** Stop a running study; resolves once it has stopped. */
  async control(args: ValidArgs<'training.studyControl'>): Promise<StudyStatus> {
    const study = this.studies.find((s) => s.status.studyId === args.studyId);
    if (!study) throw new InvalidRequestError('training.studyControl', `no study ${args.studyId}`);
    if (study.status.state !== 'running')
      throw new InvalidRequestError(
        'training.studyControl',
        `study ${args.studyId} has already ended (${study.status.state})`,
      );
    study.abort.abort();
    await study.done;
    return this.snapshot(study);
  }

  /** A study by id, else the running or most recent one; null when none. */
  async status(args: ValidArgs<'training.studyStatus'>): Promise<StudyStatus | null> {
    const study = args.studyId
      ? this.studies.find((s) => s.status.studyId === args.studyId)
      : (this.studies.find((s) => s.status.state === 'running') ?? this.studies.at(-1));
    return study ? this.snapshot(study) : null;
  }

  /** Stop every study (app shutdown). */
  async dispose(): Promise<void> {
    for (const s of this.studies) if (s.status.state === 'running') s.abort.abort();
    await Promise.all(this.studies.map((s) => s.done));
  }

  private log(study: Study, line: string): void {
    const log = study.status.log;
    log.push(line);
    if (log.length > STUDY_LOG_LINES) log.splice(0, log.length - STUDY_LOG_LINES);
    this.emit(study);
  }

  private snapshot(study: Study): StudyStatus {
    return { ...study.status, log: [...study.status.log] };
  }

  private emit(study: Study): void {
    this.events.emit('training.studyProgress', this.snapshot(study));
  }
}
