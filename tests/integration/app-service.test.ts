import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, type LoadFinished } from '../../src/shared/contract';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { Store } from '../../src/main/store/store';
import { countRows, TESTER } from '../helpers/service';

const fixtures = resolve(__dirname, '../fixtures/ingest');
let dir: string;
let svc: AppService;
let demoCsv: string;

/** Start a load through the contract and wait for its job.finished event. */
async function load(
  args: { paths: string[] },
  cancelAfterFirstProgress = false,
): Promise<LoadFinished> {
  let jobId = '';
  const done = new Promise<LoadFinished>((res) => {
    const off = svc.events.subscribe((event, payload) => {
      if (event === 'job.progress' && cancelAfterFirstProgress && jobId)
        void svc.handlers['jobs.cancel']({ jobId }, TESTER);
      if (event === 'job.finished' && (payload as LoadFinished).jobId === jobId) {
        off();
        res(payload as LoadFinished);
      }
    });
  });
  jobId = ((await dispatch(svc.handlers, 'datasets.loadPaths', args, TESTER)) as { jobId: string })
    .jobId;
  return done;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-app-'));
  demoCsv = join(dir, 'demo.csv');
  await writeDemoCsv(demoCsv, { rows: 6000, seed: 5, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
  });
});
afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('app service (real SQLite, worker-thread loader, detector)', () => {
  it('has a handler for every request of the contract', () => {
    for (const name of REQUEST_NAMES) expect(typeof svc.handlers[name], name).toBe('function');
  });

  it('loads a labelled CSV into alerts with Beta confidence and a detector report', async () => {
    // Rows with Infinity / NaN are kept (and go through training and classification); the row
    // with a non-numeric cell is skipped with its file and line.
    const fin = await load({
      paths: [demoCsv, join(fixtures, 'bad-non-finite.csv'), join(fixtures, 'bad-non-numeric.csv')],
    });
    expect(fin.ok).toBe(true);
    expect(fin.rowsStored).toBeGreaterThan(6000);
    expect(fin.skippedByReason['non-finite']).toBeUndefined();
    expect(fin.skippedByReason['non-numeric']).toBe(1);
    expect(fin.examples.find((e) => e.reason === 'non-numeric')?.file).toMatch(
      /bad-non-numeric\.csv$/,
    );
    const [ds] = await svc.handlers['datasets.list']({}, TESTER);
    expect(ds).toMatchObject({
      status: 'ready',
      rowsStored: fin.rowsStored,
      alerts: fin.rowsStored,
    });
    const page = await svc.handlers['alerts.query'](
      {
        datasetId: ds!.id,
        offset: 0,
        limit: 50,
        sort: 'confidence',
        desc: true,
      },
      TESTER,
    );
    expect(page.total).toBe(fin.rowsStored);
    expect(page.rows).toHaveLength(50);
    for (const r of page.rows) {
      expect(r.confidence.lo).toBeLessThanOrEqual(r.confidence.mean);
      expect(r.confidence.mean).toBeLessThanOrEqual(r.confidence.hi);
      expect(r.signatureText.length).toBeGreaterThan(0);
    }
    expect(page.rows[0]!.confidence.mean).toBeGreaterThanOrEqual(page.rows[49]!.confidence.mean);
    const report = await svc.handlers['detector.report']({}, TESTER);
    expect(report?.signatures).toBeGreaterThan(8);
    expect(report?.depth).toBeGreaterThan(2);
    expect(report?.macroF1).toBeGreaterThan(0.6);
    expect(report?.confusion).toHaveLength(report!.classes.length);
    const sig = await svc.handlers['signatures.get']({ id: page.rows[0]!.signatureId }, TESTER);
    expect(sig?.n).toBeGreaterThan(0);
    expect(sig?.confidence.mean).toBeCloseTo((1 + sig!.c) / (2 + sig!.n), 10);
    const filtered = await svc.handlers['alerts.query'](
      {
        datasetId: ds!.id,
        offset: 0,
        limit: 10,
        predictedClass: 'DDoS',
        sort: 'id',
        desc: false,
      },
      TESTER,
    );
    expect(filtered.rows.every((r) => r.predictedClass === 'DDoS')).toBe(true);
  });

  it('classifies an unlabelled file with the stored detector', async () => {
    const fin = await load({ paths: [join(fixtures, 'unlabelled.csv')] });
    expect(fin.ok).toBe(true);
    const list = await svc.handlers['datasets.list']({}, TESTER);
    expect(list[0]).toMatchObject({ status: 'ready', alerts: fin.rowsStored });
    const page = await svc.handlers['alerts.query'](
      {
        datasetId: list[0]!.id,
        offset: 0,
        limit: 5,
        sort: 'id',
        desc: false,
      },
      TESTER,
    );
    expect(page.rows[0]?.trueClass).toBeNull();
  });

  it('reports a file with nothing usable as a failed load, naming the reason', async () => {
    const fin = await load({ paths: [join(fixtures, 'binary.csv')] });
    expect(fin.ok).toBe(false);
    expect(fin.error).toMatch(/binary/);
  });

  it('cancels a load, keeping whole batches only', async () => {
    const fin = await load({ paths: [demoCsv] }, true);
    expect(fin.cancelled).toBe(true);
    const store = Store.open(svc.dbPath);
    const id = fin.datasetId!;
    expect(store.getDataset(id)?.status).toBe('cancelled');
    store.close();
    const flows = countRows(svc, 'SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ?', id);
    const chunked = countRows(
      svc,
      'SELECT COALESCE(SUM(count), 0) AS n FROM flow_chunks WHERE dataset_id = ?',
      id,
    );
    expect(flows).toBe(chunked);
  });

  it('refuses a path that is not a file', async () => {
    await expect(
      dispatch(svc.handlers, 'datasets.loadPaths', { paths: [dir] }, TESTER),
    ).rejects.toThrow(/not a readable file/);
  });
});
