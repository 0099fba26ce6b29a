/**
 * Jobs on stored datasets through the real app service and SQLite: every job leaves a durable
 * record; re-classify, resume and delete refuse what they would break (a dataset another one's
 * alerts depend on, decided alerts, a dataset with a job running) and delete removes everything
 * derived from a dataset in one go, leaving the other datasets as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type {
  JobFinished,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../src/shared/contract';
import { countRows, TESTER } from '../helpers/service';

const fixtures = resolve(__dirname, '../fixtures/ingest');
let dir: string;
let svc: AppService;
let labelled: number;
let unlabelled: number;

async function call<K extends RequestName>(
  name: K,
  args: RequestArgs<K>,
): Promise<RequestResult<K>> {
  return (await dispatch(svc.handlers, name, args, TESTER)) as RequestResult<K>;
}

/** Start a job through `start` and wait for its job.finished. */
async function finished(start: () => Promise<{ jobId: string }>): Promise<JobFinished> {
  let jobId = '';
  const seen = new Map<string, JobFinished>();
  const done = new Promise<JobFinished>((res) => {
    const off = svc.events.subscribe((event, payload) => {
      if (event !== 'job.finished') return;
      const f = payload as JobFinished;
      seen.set(f.jobId, f);
      if (f.jobId === jobId) {
        off();
        res(f);
      }
    });
  });
  jobId = (await start()).jobId;
  return seen.get(jobId) ?? done;
}

const n = (sql: string, ...p: unknown[]) => countRows(svc, `SELECT COUNT(*) AS n ${sql}`, ...p);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-dataset-jobs-'));
  const csv = join(dir, 'demo.csv');
  await writeDemoCsv(csv, { rows: 4000, seed: 9, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { method: 'ppo', passes: 1, maxEpisodes: 1000 },
  });
  const a = await finished(() => call('datasets.loadPaths', { paths: [csv] }));
  const b = await finished(() =>
    call('datasets.loadPaths', { paths: [join(fixtures, 'unlabelled.csv')] }),
  );
  if (a.kind !== 'load' || b.kind !== 'load' || !a.datasetId || !b.datasetId)
    throw new Error('loads failed');
  labelled = a.datasetId;
  unlabelled = b.datasetId;
}, 120_000);

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dataset jobs', () => {
  it('keeps a done record of each load with its dataset, and rowsStored equal to its rows', async () => {
    const jobs = await call('jobs.list', { datasetId: labelled });
    expect(jobs[0]).toMatchObject({ kind: 'load', status: 'done', stage: 'done', error: null });
    const list = await call('datasets.list', {});
    for (const d of list) {
      expect(d.rowsStored).toBe(n('FROM flows WHERE dataset_id = ?', d.id));
      expect(d).toMatchObject({ status: 'ready', next: null });
    }
  });

  it('resumes a complete dataset as a no-op', async () => {
    const before = n('FROM alerts WHERE dataset_id = ?', labelled);
    const f = await finished(() => call('datasets.resume', { datasetId: labelled }));
    expect(f).toMatchObject({ kind: 'resume', ok: true, alerts: 0, recommended: 0 });
    expect(n('FROM alerts WHERE dataset_id = ?', labelled)).toBe(before);
  });

  it('refuses to delete a dataset whose detector another dataset’s alerts come from', async () => {
    await expect(call('datasets.delete', { datasetId: labelled })).rejects.toThrow(
      new RegExp(`dataset ${unlabelled} come from this dataset's detector`),
    );
  });

  it('refuses to re-classify a dataset with decided alerts, and re-classifies one without', async () => {
    const page = await call('alerts.query', { datasetId: unlabelled, limit: 1 });
    await call('alerts.decide', { alertIds: [page.rows[0]!.id], decision: 'override', action: 0 });
    await expect(call('datasets.reclassify', { datasetId: unlabelled })).rejects.toThrow(
      /1 alerts .* have decisions/,
    );
    const oldDetector = (await call('datasets.list', {})).find(
      (d) => d.id === labelled,
    )!.detectorId;
    const f = await finished(() => call('datasets.reclassify', { datasetId: labelled }));
    expect(f).toMatchObject({ kind: 'reclassify', ok: true, datasetId: labelled });
    const d = (await call('datasets.list', {})).find((x) => x.id === labelled)!;
    expect(d.detectorId).toBeGreaterThan(oldDetector!);
    expect(d.alerts).toBe(d.rowsStored);
    expect(n('FROM alerts WHERE dataset_id = ? AND detector_id = ?', labelled, d.detectorId)).toBe(
      d.rowsStored,
    );
    expect(
      n(
        'FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
        labelled,
      ),
    ).toBe(d.rowsStored);
  }, 120_000);

  it('deletes a dataset with everything derived from it and leaves the others', async () => {
    const keep = n('FROM alerts WHERE dataset_id = ?', labelled);
    const flows = n('FROM flows WHERE dataset_id = ?', unlabelled);
    const out = await call('datasets.delete', { datasetId: unlabelled });
    expect(out).toEqual({ datasetId: unlabelled, flows, alerts: expect.any(Number) });
    for (const t of ['flows', 'flow_chunks', 'alerts', 'incident_steps'])
      expect(n(`FROM ${t} WHERE dataset_id = ?`, unlabelled), t).toBe(0);
    expect(n('FROM decisions d LEFT JOIN alerts a ON a.id = d.alert_id WHERE a.id IS NULL')).toBe(
      0,
    );
    expect(n('FROM alerts WHERE dataset_id = ?', labelled)).toBe(keep);
    // Now nothing depends on the labelled dataset's detectors: it goes with them.
    const dets = n('FROM detectors WHERE dataset_id = ?', labelled);
    expect(dets).toBe(2);
    await call('datasets.delete', { datasetId: labelled });
    for (const t of ['flows', 'flow_chunks', 'alerts', 'detectors'])
      expect(n(`FROM ${t} WHERE dataset_id = ?`, labelled), t).toBe(0);
    for (const t of ['signatures', 'policies', 'kg_snapshots', 'advice', 'recommendations'])
      expect(n(`FROM ${t}`), t).toBe(0);
    expect(await call('datasets.list', {})).toEqual([]);
    expect(n("FROM audit WHERE action = 'dataset.delete'")).toBe(2);
    // The jobs keep their records, without a dataset.
    expect((await call('jobs.list', {})).every((j) => j.datasetId === null)).toBe(true);
    await expect(call('datasets.delete', { datasetId: labelled })).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('a load stopped after its alerts were stored', () => {
  let dir2: string;
  let csv2: string;
  beforeAll(async () => {
    dir2 = mkdtempSync(join(tmpdir(), 'rampart-dataset-stop-'));
    csv2 = join(dir2, 'demo.csv');
    await writeDemoCsv(csv2, { rows: 3000, seed: 4, mix: 'balanced' });
  });
  afterAll(() => rmSync(dir2, { recursive: true, force: true }));

  const open = () =>
    createAppService({
      dbPath: join(dir2, 'db.sqlite'),
      host: 'headless',
      seedDemo: false,
      policyTraining: { method: 'ppo', passes: 1, maxEpisodes: 1000 },
    });

  /** Start a load on `s` and run `stop` the moment its job reaches the policy stage. */
  async function stopAtPolicy(s: AppService, stop: (jobId: string) => void): Promise<number> {
    let jobId = '';
    let stopped = false;
    // Read before `stop` runs: a stop that closes the app leaves no store to ask afterwards.
    let datasetId: number | null = null;
    const off = s.events.subscribe((event) => {
      if (event !== 'datasets.changed' || !jobId || stopped) return;
      const job = s.handlers['jobs.list']({ limit: 1 }, TESTER);
      void job.then((jobs) => {
        if (!stopped && jobs[0]?.id === jobId && jobs[0].stage === 'policy') {
          stopped = true;
          datasetId = jobs[0].datasetId;
          stop(jobId);
        }
      });
    });
    jobId = (
      (await dispatch(s.handlers, 'datasets.loadPaths', { paths: [csv2] }, TESTER)) as {
        jobId: string;
      }
    ).jobId;
    for (let i = 0; i < 600 && !stopped; i++) await new Promise((r) => setTimeout(r, 50));
    off();
    expect(stopped).toBe(true);
    expect(datasetId).not.toBeNull();
    return datasetId!;
  }

  it('cancelled by the analyst: recorded cancelled at its stage, offered Resume, which finishes it', async () => {
    const s = await open();
    try {
      const id = await stopAtPolicy(
        s,
        (jobId) => void s.handlers['jobs.cancel']({ jobId }, TESTER),
      );
      let jobs = await s.handlers['jobs.list']({ limit: 5 }, TESTER);
      for (let i = 0; i < 200 && jobs[0]!.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        jobs = await s.handlers['jobs.list']({ limit: 5 }, TESTER);
      }
      expect(jobs[0]).toMatchObject({ status: 'cancelled', stage: 'policy' });
      const d = (await s.handlers['datasets.list']({}, TESTER)).find((x) => x.id === id)!;
      expect(d.next?.action).toBe('resume');
      const before = d.alerts;
      await dispatch(s.handlers, 'datasets.resume', { datasetId: id }, TESTER);
      for (let i = 0; i < 600; i++) {
        const j = (await s.handlers['jobs.list']({ limit: 1 }, TESTER))[0]!;
        if (j.status !== 'running') {
          expect(j).toMatchObject({ kind: 'resume', status: 'done' });
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const after = (await s.handlers['datasets.list']({}, TESTER)).find((x) => x.id === id)!;
      expect(after).toMatchObject({ status: 'ready', next: null, alerts: before });
      const recs = countRows(
        s,
        'SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
        id,
      );
      expect(recs).toBe(before);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('stopped by the app closing: recorded interrupted, and the next start-up resumes it', async () => {
    const s = await open();
    let closed: Promise<void> = Promise.resolve();
    const id = await stopAtPolicy(s, () => (closed = s.close()));
    await closed;
    const s2 = await open();
    try {
      const jobs = await s2.handlers['jobs.list']({ datasetId: id, limit: 5 }, TESTER);
      const load = jobs.find((j) => j.kind === 'load')!;
      expect(load).toMatchObject({ status: 'interrupted', stage: 'policy' });
      expect(load.followedBy).not.toBeNull();
      for (let i = 0; i < 600; i++) {
        const r = (await s2.handlers['jobs.list']({ datasetId: id, limit: 5 }, TESTER)).find(
          (j) => j.id === load.followedBy,
        )!;
        if (r.status !== 'running') {
          expect(r).toMatchObject({ kind: 'resume', status: 'done' });
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const d = (await s2.handlers['datasets.list']({}, TESTER)).find((x) => x.id === id)!;
      expect(d).toMatchObject({ status: 'ready', next: null });
      const recs = countRows(
        s2,
        'SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
        id,
      );
      expect(recs).toBe(d.alerts);
      expect(d.alerts).toBe(d.rowsStored);
    } finally {
      await s2.close();
    }
  }, 120_000);
});
