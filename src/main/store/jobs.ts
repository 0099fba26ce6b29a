/**
 * Durable job records: each long job writes where it stands (status, stage, progress) as it moves,
 * so a restart after a crash or kill -9 can tell what was cut short, at which stage, and by how
 * far; start-up marks such jobs `interrupted` (see `interruptRunning`).
 */
import type { JobRecord, JobRecordKind, JobStage, JobStatus } from '../../shared/contract';
import type { Writes } from './changes';
import type { Statements } from './statements';
import { nowIso } from './time';

/** The jobs table's statements. */
export const JOBS_SQL = {
  insertJob: `INSERT INTO jobs (id, kind, dataset_id, status, stage, started_at, updated_at, pid,
                detail, owner)
              VALUES (@id, @kind, @datasetId, @status, @stage, @at, @at, @pid, @detail, @owner)`,
  setJobDataset: `UPDATE jobs SET dataset_id = ? WHERE id = ?`,
  jobProgress: `UPDATE jobs SET status = @status, stage = @stage, done = @done, total = @total,
                  updated_at = @at, detail = COALESCE(@detail, detail)
                WHERE id = @id AND status IN ('queued', 'running')`,
  finishJob: `UPDATE jobs SET status = @status, error = @error, finished_at = @at, updated_at = @at,
                detail = COALESCE(@detail, detail)
              WHERE id = @id`,
  runningJobs: `SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY rowid`,
  interruptJob: `UPDATE jobs SET status = 'interrupted', updated_at = @at, error = @error
                 WHERE id = @id`,
  followJob: `UPDATE jobs SET followed_by = ? WHERE id = ?`,
  getJob: `SELECT * FROM jobs WHERE id = ?`,
  listJobs: `SELECT * FROM jobs ORDER BY rowid DESC LIMIT ?`,
  jobsOfDataset: `SELECT * FROM jobs WHERE dataset_id = ? ORDER BY rowid DESC LIMIT ?`,
  latestJobPerDataset: `SELECT j.* FROM jobs j
                        WHERE j.rowid = (SELECT MAX(rowid) FROM jobs
                                         WHERE dataset_id = j.dataset_id AND kind <> 'training')`,
  activeOfDataset: `SELECT * FROM jobs WHERE dataset_id = ? AND status IN ('queued', 'running')
                    ORDER BY rowid`,
  latestJobOfKind: `SELECT * FROM jobs WHERE kind = ? ORDER BY rowid DESC LIMIT 1`,
  unresolvedInterrupted: `SELECT * FROM jobs WHERE status = 'interrupted' AND followed_by IS NULL
                          ORDER BY rowid`,
} as const;

/** A jobs row as better-sqlite3 returns it. */
interface JobRow {
  id: string;
  kind: JobRecordKind;
  dataset_id: number | null;
  status: JobStatus;
  stage: JobStage;
  done: number;
  total: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
  pid: number;
  detail: string | null;
  followed_by: string | null;
  owner: string | null;
}

/** A job record with the JSON detail its kind keeps (a training run's last status). */
export interface StoredJob extends JobRecord {
  /** The process that ran it. */
  pid: number;
  detail: unknown;
}

function toJob(r: JobRow): StoredJob {
  return {
    id: r.id,
    kind: r.kind,
    datasetId: r.dataset_id,
    status: r.status,
    stage: r.stage,
    done: r.done,
    total: r.total,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    error: r.error,
    followedBy: r.followed_by,
    pid: r.pid,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
  };
}

/** The jobs repository (`store.jobs`). */
export class Jobs {
  constructor(
    private readonly q: Statements<typeof JOBS_SQL>,
    /** The store: its transactions, and its instance (a job's owner). */
    private readonly w: Writes & { readonly instance: string },
  ) {}

  /** Record a job that starts now in this process. */
  insert(j: {
    id: string;
    kind: JobRecordKind;
    datasetId: number | null;
    stage: JobStage;
    status?: JobStatus;
    detail?: unknown;
  }): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('insertJob').run({
        id: j.id,
        kind: j.kind,
        datasetId: j.datasetId,
        status: j.status ?? 'running',
        stage: j.stage,
        at: nowIso(),
        pid: process.pid,
        detail: j.detail === undefined ? null : JSON.stringify(j.detail),
        owner: this.w.instance,
      });
    });
  }

  /** Name the dataset a job works on (a load's, once it made one: call inside that transaction). */
  setDataset(jobId: string, datasetId: number): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('setJobDataset').run(datasetId, jobId);
    });
  }

  /** Where a running job stands now; a job already ended is left as it ended. */
  progress(
    jobId: string,
    p: { stage: JobStage; done: number; total: number; status?: 'queued' | 'running' },
    detail?: unknown,
  ): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('jobProgress').run({
        id: jobId,
        status: p.status ?? 'running',
        stage: p.stage,
        done: Math.round(p.done),
        total: Math.round(p.total),
        at: nowIso(),
        detail: detail === undefined ? null : JSON.stringify(detail),
      });
    });
  }

  /** Record how a job ended. */
  finish(
    jobId: string,
    status: Extract<JobStatus, 'done' | 'failed' | 'cancelled'>,
    error: string | null,
    detail?: unknown,
  ): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('finishJob').run({
        id: jobId,
        status,
        error,
        at: nowIso(),
        detail: detail === undefined ? null : JSON.stringify(detail),
      });
    });
  }

  /**
   * Mark every job still queued or running as interrupted (its stage and progress stay as last
   * written) and return them. Only for start-up: on SQLite the database lock makes this process
   * the only writer, so such a job's process is gone; on a shared database `live` names the store
   * instances still connected, whose jobs are left alone.
   */
  interruptRunning(live: ReadonlySet<string> | null = null): StoredJob[] {
    return this.w.transaction((ch) => {
      const rows = (this.q.get('runningJobs').all() as JobRow[])
        .filter((r) => live === null || r.owner === null || !live.has(r.owner))
        .map(toJob);
      if (rows.length) ch.touch('jobs');
      for (const j of rows) {
        const error = `interrupted during ${j.stage}: process ${j.pid} ended without finishing it`;
        this.q.get('interruptJob').run({ id: j.id, at: nowIso(), error });
        j.status = 'interrupted';
        j.error = error;
      }
      return rows;
    });
  }

  /** Record that this process stopped a job before it finished (shutdown); its stage stays. */
  interrupt(jobId: string, error: string): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('interruptJob').run({ id: jobId, at: nowIso(), error });
    });
  }

  /** Record that `next` resumed or redid the interrupted job `jobId`. */
  followedBy(jobId: string, next: string): void {
    this.w.transaction((ch) => {
      ch.touch('jobs');
      this.q.get('followJob').run(next, jobId);
    });
  }

  /** One job, or undefined. */
  get(jobId: string): StoredJob | undefined {
    const r = this.q.get('getJob').get(jobId) as JobRow | undefined;
    return r ? toJob(r) : undefined;
  }

  /** The newest jobs (of one dataset, when given), newest first. */
  list(limit: number, datasetId?: number): StoredJob[] {
    const rows =
      datasetId === undefined
        ? this.q.get('listJobs').all(limit)
        : this.q.get('jobsOfDataset').all(datasetId, limit);
    return (rows as JobRow[]).map(toJob);
  }

  /** The jobs queued or running on a dataset (after start-up: this process's). */
  activeOn(datasetId: number): StoredJob[] {
    return (this.q.get('activeOfDataset').all(datasetId) as JobRow[]).map(toJob);
  }

  /** Each dataset's newest job on its data (loads, re-classifications, resumes), by dataset id. */
  latestByDataset(): Map<number, StoredJob> {
    const rows = (this.q.get('latestJobPerDataset').all() as JobRow[]).map(toJob);
    return new Map(rows.map((j) => [j.datasetId ?? 0, j]));
  }

  /** The newest job of a kind, or undefined. */
  latestOfKind(kind: JobRecordKind): StoredJob | undefined {
    const r = this.q.get('latestJobOfKind').get(kind) as JobRow | undefined;
    return r ? toJob(r) : undefined;
  }

  /** Interrupted jobs nothing has resumed or redone yet, oldest first. */
  unresolved(): StoredJob[] {
    return (this.q.get('unresolvedInterrupted').all() as JobRow[]).map(toJob);
  }
}
