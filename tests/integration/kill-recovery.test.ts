/**
 * kill -9 at every stage of a load and of a training run, then a restart: the real app service
 * runs in a process of its own (tests/helpers/killHost.ts), the test watches its job record
 * through a read-only connection and SIGKILLs it the moment the job reaches the stage under test,
 * then starts the app service again on the same file and checks what start-up made of it: the
 * dataset's row count equals its flows rows, the job says interrupted at that stage, the stages
 * that resume by themselves (classify, policy, recommend) are finished with every alert
 * recommended exactly once, the others are offered (delete / re-load, re-classify), and an
 * approval works afterwards. All kills share one database, one dataset per stage.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type {
  DatasetSummary,
  JobRecord,
  RequestArgs,
  RequestName,
  RequestResult,
  TrainingStatus,
} from '../../src/shared/contract';
import { KILL_HOST_POLICY } from '../helpers/killHost';

const ROWS = 60_000;
const host = resolve(__dirname, '../helpers/killHost.ts');
let dir: string;
let db: string;
let csv: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kill-stages-'));
  db = join(dir, 'db.sqlite');
  csv = join(dir, 'flows.csv');
  await writeDemoCsv(csv, { rows: ROWS, seed: 7, mix: 'balanced' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JobRow {
  id: string;
  kind: string;
  dataset_id: number | null;
  status: string;
  stage: string;
  done: number;
}

/** Counts on the database file through a short-lived read-only connection. */
function count(sql: string, ...params: unknown[]): number {
  const ro = new Database(db, { readonly: true });
  try {
    return (ro.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    ro.close();
  }
}

/**
 * Start the host on `args`, poll its newest job of `kind` every few ms, and SIGKILL it the moment
 * `when` holds; returns that job as it stood. Fails when the job ends (or 60 s pass) first.
 */
async function killWhen(
  args: string[],
  kind: string,
  when: (job: JobRow, ro: Database.Database) => boolean,
): Promise<JobRow> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', host, db, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  let ro: Database.Database | null = null;
  let last: JobRow | undefined;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`host exited (${child.exitCode}): ${stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out; job: ${JSON.stringify(last)}`);
      if (!ro && existsSync(db)) ro = new Database(db, { readonly: true });
      try {
        last = ro
          ? (ro
              .prepare(`SELECT * FROM jobs WHERE kind = ? AND pid = ? ORDER BY rowid DESC LIMIT 1`)
              .get(kind, child.pid) as JobRow | undefined)
          : undefined;
      } catch (err) {
        // The host has created the file but not migrated it yet: look again on a new connection.
        if (!(err instanceof Error && /no such table/.test(err.message))) throw err;
        ro?.close();
        ro = null;
      }
      if (last && last.status !== 'running')
        throw new Error(`the job ended before the kill: ${JSON.stringify(last)}`);
      if (last && ro && when(last, ro)) {
        child.kill('SIGKILL');
        await exited;
        return last;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  } finally {
    ro?.close();
  }
}

/** A request as a transport sends it. */
async function call<K extends RequestName>(
  svc: AppService,
  name: K,
  args: RequestArgs<K>,
): Promise<RequestResult<K>> {
  return (await dispatch(svc.handlers, name, args, { actor: 'kill-test' })) as RequestResult<K>;
}

/** Start the app service again on the file, as the console's start-up does. */
function restart(): Promise<AppService> {
  return createAppService({
    dbPath: db,
    host: 'headless',
    seedDemo: false,
    policyTraining: KILL_HOST_POLICY,
  });
}

/** Wait until no job is running (the resumed ones finished). */
async function settle(svc: AppService): Promise<JobRecord[]> {
  for (let i = 0; i < 1200; i++) {
    const jobs = await call(svc, 'jobs.list', {});
    if (!jobs.some((j) => j.status === 'running' || j.status === 'queued')) return jobs;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('jobs still running after 60 s');
}

async function dataset(svc: AppService, id: number): Promise<DatasetSummary> {
  const d = (await call(svc, 'datasets.list', {})).find((x) => x.id === id);
  if (!d) throw new Error(`dataset ${id} is not listed`);
  return d;
}

const flowsOf = (id: number) => count('SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ?', id);
const alertsOf = (id: number) => count('SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?', id);
const recsOf = (id: number) =>
  count(
    'SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
    id,
  );
const alertsCount = (j: JobRow, ro: Database.Database) =>
  (
    ro.prepare('SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?').get(j.dataset_id) as {
      n: number;
    }
  ).n;

/** Every flow of the dataset has exactly one alert, every alert one recommendation. */
function expectComplete(id: number): void {
  expect(flowsOf(id)).toBe(ROWS);
  expect(alertsOf(id)).toBe(ROWS);
  expect(count('SELECT COUNT(DISTINCT flow_id) AS n FROM alerts WHERE dataset_id = ?', id)).toBe(
    ROWS,
  );
  expect(recsOf(id)).toBe(ROWS);
}

/** The alerts' (class, confidence) in flow order: what classification decided for each flow. */
function verdicts(id: number): string {
  const ro = new Database(db, { readonly: true });
  try {
    const rows = ro
      .prepare(
        'SELECT predicted_class AS c, conf_mean AS m, split AS s FROM alerts WHERE dataset_id = ? ORDER BY flow_id',
      )
      .all(id) as { c: string; m: number; s: string | null }[];
    return rows.map((r) => `${r.c}:${r.m.toFixed(9)}:${r.s}`).join('\n');
  } finally {
    ro.close();
  }
}

/** Approve a few pending alerts of the dataset; the decision must go through. */
async function approveWorks(svc: AppService, id: number): Promise<void> {
  const page = await call(svc, 'alerts.query', { datasetId: id, limit: 3, status: 'pending' });
  expect(page.rows.length).toBe(3);
  const out = await call(svc, 'alerts.decide', {
    alertIds: page.rows.map((r) => r.id),
    decision: 'approve',
  });
  expect(out.decided).toBe(3);
}

describe.sequential('kill -9 at each stage, then restart', () => {
  const state: Record<string, unknown> = {};
  let reference = '';

  it('during ingest: the rows kept match the count; the dataset is interrupted and can be deleted', async () => {
    const job = await killWhen(
      ['load', csv],
      'load',
      (j, ro) =>
        j.stage === 'ingest' &&
        j.dataset_id !== null &&
        (
          ro.prepare('SELECT rows_stored AS n FROM datasets WHERE id = ?').get(j.dataset_id) as {
            n: number;
          }
        ).n > 0,
    );
    const id = job.dataset_id!;
    // Straight after the kill, before any start-up: the count already equals the rows.
    const before = count('SELECT rows_stored AS n FROM datasets WHERE id = ?', id);
    expect(before).toBe(flowsOf(id));
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(ROWS);
    const svc = await restart();
    try {
      const d = await dataset(svc, id);
      state.ingest = {
        status: d.status,
        rowsStored: d.rowsStored,
        flows: flowsOf(id),
        job: d.job,
        next: d.next,
      };
      expect(d.status).toBe('interrupted');
      expect(d.rowsStored).toBe(flowsOf(id));
      expect(d.job).toMatchObject({ id: job.id, status: 'interrupted', stage: 'ingest' });
      expect(d.next?.action).toBe('reload');
      await expect(call(svc, 'datasets.reclassify', { datasetId: id })).rejects.toThrow(
        /only a fully loaded dataset/,
      );
      const del = await call(svc, 'datasets.delete', { datasetId: id });
      expect(del.flows).toBe(before);
      expect((await call(svc, 'datasets.list', {})).some((x) => x.id === id)).toBe(false);
      expect(flowsOf(id)).toBe(0);
      expect(count('SELECT COUNT(*) AS n FROM flow_chunks WHERE dataset_id = ?', id)).toBe(0);
      expect(count("SELECT COUNT(*) AS n FROM audit WHERE action = 'dataset.delete'")).toBe(1);
      // The job's record stays, without its dataset.
      const rec = (await call(svc, 'jobs.list', {})).find((j) => j.id === job.id);
      expect(rec).toMatchObject({ status: 'interrupted', stage: 'ingest', datasetId: null });
    } finally {
      await svc.close();
    }
  }, 120_000);

  it('during detector training: not shown as ready; re-classify makes every alert and recommendation', async () => {
    const job = await killWhen(['load', csv], 'load', (j) => j.stage === 'detector');
    const id = job.dataset_id!;
    const svc = await restart();
    try {
      const d = await dataset(svc, id);
      state.detector = {
        status: d.status,
        rowsStored: d.rowsStored,
        alerts: d.alerts,
        detectorId: d.detectorId,
        job: d.job,
        next: d.next,
      };
      expect(d.status).toBe('interrupted');
      expect(d.rowsStored).toBe(ROWS);
      expect(d.detectorId).toBeNull();
      expect(d.alerts).toBe(0);
      expect(d.job).toMatchObject({ status: 'interrupted', stage: 'detector' });
      expect(d.next?.action).toBe('reclassify');
      const { jobId } = await call(svc, 'datasets.reclassify', { datasetId: id });
      await expect(call(svc, 'datasets.delete', { datasetId: id })).rejects.toThrow(/running/);
      const jobs = await settle(svc);
      expect(jobs.find((j) => j.id === jobId)).toMatchObject({
        status: 'done',
        kind: 'reclassify',
      });
      expect(jobs.find((j) => j.id === job.id)?.followedBy).toBe(jobId);
      const after = await dataset(svc, id);
      expect(after).toMatchObject({ status: 'ready', next: null, alerts: ROWS });
      expectComplete(id);
      reference = verdicts(id);
      await approveWorks(svc, id);
    } finally {
      await svc.close();
    }
  }, 120_000);

  it('during classification: start-up classifies the flows without an alert, as an uninterrupted pass would', async () => {
    const job = await killWhen(['load', csv], 'load', (j, ro) => {
      if (j.stage !== 'classify') return false;
      const n = alertsCount(j, ro);
      return n > 0 && n < ROWS;
    });
    const id = job.dataset_id!;
    const partial = alertsOf(id);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);
    const svc = await restart();
    try {
      const jobs = await settle(svc);
      const old = jobs.find((j) => j.id === job.id)!;
      const resumed = jobs.find((j) => j.id === old.followedBy);
      state.classify = { alertsAtKill: partial, interrupted: old, resumedBy: resumed };
      expect(old).toMatchObject({ status: 'interrupted', stage: 'classify' });
      expect(resumed).toMatchObject({ kind: 'resume', status: 'done', datasetId: id });
      expect(await dataset(svc, id)).toMatchObject({ status: 'ready', next: null, alerts: ROWS });
      expectComplete(id);
      // Same flows, same seeded detector: the resumed pass decides each flow as the whole one did.
      expect(verdicts(id)).toBe(reference);
      await approveWorks(svc, id);
    } finally {
      await svc.close();
    }
  }, 120_000);

  it('during policy training: start-up trains the policy and recommends every alert', async () => {
    const job = await killWhen(['load', csv], 'load', (j) => j.stage === 'policy');
    const id = job.dataset_id!;
    expect(alertsOf(id)).toBe(ROWS);
    expect(recsOf(id)).toBe(0);
    const svc = await restart();
    try {
      const jobs = await settle(svc);
      const old = jobs.find((j) => j.id === job.id)!;
      state.policy = { interrupted: old, resumedBy: jobs.find((j) => j.id === old.followedBy) };
      expect(old).toMatchObject({ status: 'interrupted', stage: 'policy' });
      expect(jobs.find((j) => j.id === old.followedBy)).toMatchObject({ status: 'done' });
      expect(await dataset(svc, id)).toMatchObject({ status: 'ready', next: null });
      expectComplete(id);
      await approveWorks(svc, id);
    } finally {
      await svc.close();
    }
  }, 120_000);

  it('during recommendation: start-up recommends only the alerts without one', async () => {
    const job = await killWhen(['load', csv], 'load', (j, ro) => {
      if (j.stage !== 'recommend') return false;
      const n = (
        ro
          .prepare(
            'SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
          )
          .get(j.dataset_id) as { n: number }
      ).n;
      return n > 0 && n < ROWS;
    });
    const id = job.dataset_id!;
    const kept = recsOf(id);
    const stamp = count(
      'SELECT MAX(r.rowid) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
      id,
    );
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(ROWS);
    const svc = await restart();
    try {
      const jobs = await settle(svc);
      const old = jobs.find((j) => j.id === job.id)!;
      const resumed = jobs.find((j) => j.id === old.followedBy);
      state.recommend = { recommendationsAtKill: kept, interrupted: old, resumedBy: resumed };
      expect(old).toMatchObject({ status: 'interrupted', stage: 'recommend' });
      expect(resumed).toMatchObject({ status: 'done' });
      expectComplete(id);
      // The recommendations made before the kill were kept, not made again.
      expect(
        count(
          'SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ? AND r.rowid <= ?',
          id,
          stamp,
        ),
      ).toBe(kept);
      await approveWorks(svc, id);
      state.recommendDataset = id;
    } finally {
      await svc.close();
    }
  }, 120_000);

  it('during a dashboard training run: training.status shows it interrupted with its last progress', async () => {
    const id = state.recommendDataset as number;
    const job = await killWhen(['train', String(id)], 'training', (j) => j.done > 0);
    const svc = await restart();
    try {
      const st = (await call(svc, 'training.status', {})) as TrainingStatus;
      const byId = (await call(svc, 'training.status', { runId: job.id })) as TrainingStatus;
      state.training = { state: st.state, episodes: st.episodes, phase: st.phase, error: st.error };
      expect(st.runId).toBe(job.id);
      expect(byId).toEqual(st);
      expect(st.state).toBe('interrupted');
      expect(st.datasetId).toBe(id);
      expect(st.episodes).toBeGreaterThan(0);
      expect(st.episodes).toBe(job.done);
      const rec = (await call(svc, 'jobs.list', {})).find((j) => j.id === job.id);
      expect(rec).toMatchObject({ kind: 'training', status: 'interrupted', stage: 'training' });
      // The dataset itself is not interrupted by a training run.
      expect(await dataset(svc, id)).toMatchObject({ status: 'ready', next: null });
      // A new run can start.
      const next = await call(svc, 'training.start', {
        datasetId: id,
        method: 'ppo',
        config: { passes: 0.05 },
      });
      await call(svc, 'training.control', { runId: next.runId, action: 'stop' });
    } finally {
      await svc.close();
    }
    console.log(`state after each kill:\n${JSON.stringify(state, null, 1)}`);
  }, 120_000);
});
