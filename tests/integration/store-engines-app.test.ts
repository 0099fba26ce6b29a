/**
 * The store's repositories as the app drives them, on both engines: a real load of a demo CSV
 * (ingest, detector, classification, policy, recommendations), a re-classification, a decision,
 * the refusal to re-classify decided alerts, the audit chain and the delete, through the app
 * service's requests. Counts are read under the store on the engine's own connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { ENGINES } from '../helpers/engines';
import { stopServer } from '../helpers/postgres';
import { TESTER } from '../helpers/service';

let csv: string;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-engines-app-'));
  csv = join(dir, 'demo.csv');
  await writeDemoCsv(csv, { rows: 1200, seed: 5, mix: 'balanced' });
});
afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(ENGINES)('the app on the $name store', (engine) => {
  describe.skipIf(engine.unavailable !== null)('', () => {
    let svc: AppService;
    let target: string;
    let datasetId: number;

    async function call<K extends RequestName>(
      name: K,
      args: RequestArgs<K>,
    ): Promise<RequestResult<K>> {
      return (await dispatch(svc.handlers, name, args, TESTER)) as RequestResult<K>;
    }

    /** Start a job and wait for its job.finished. */
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

    const n = async (from: string, ...values: unknown[]): Promise<number> => {
      let k = 0;
      const sql = engine.name === 'postgres' ? from.replace(/\?/g, () => `$${++k}`) : from;
      const rows = await engine.raw(target, `SELECT COUNT(*) AS n ${sql}`, values);
      return Number(rows[0]!.n);
    };

    beforeAll(async () => {
      target = await engine.create();
      svc = await createAppService({
        dbPath: target,
        dataDir: dir,
        host: 'headless',
        seedDemo: false,
        policyTraining: { method: 'ppo', passes: 1, maxEpisodes: 500 },
      });
      const f = await finished(() => call('datasets.loadPaths', { paths: [csv] }));
      if (f.kind !== 'load' || !f.ok || !f.datasetId)
        throw new Error(`load failed: ${JSON.stringify(f)}`);
      datasetId = f.datasetId;
    }, 120_000);
    afterAll(async () => {
      await svc?.close();
    });

    it('loads a CSV: every stored flow is one alert with a recommendation', async () => {
      const d = (await call('datasets.list', {})).find((x) => x.id === datasetId)!;
      expect(d).toMatchObject({ status: 'ready', next: null });
      expect(d.rowsStored).toBe(await n('FROM flows WHERE dataset_id = ?', datasetId));
      expect(d.rowsStored).toBeGreaterThan(1000);
      expect(d.alerts).toBe(d.rowsStored);
      expect(
        await n(
          'FROM recommendations r JOIN alerts a ON a.id = r.alert_id WHERE a.dataset_id = ?',
          datasetId,
        ),
      ).toBe(d.rowsStored);
      const page = await call('alerts.query', { datasetId, limit: 5, sort: 'risk', desc: true });
      expect(page.total).toBe(d.rowsStored);
      expect(page.rows).toHaveLength(5);
      const jobs = await call('jobs.list', { datasetId });
      expect(jobs[0]).toMatchObject({ kind: 'load', status: 'done', stage: 'done', error: null });
    });

    it('re-classifies, then refuses to once an alert is decided; the audit chain holds', async () => {
      const before = (await call('datasets.list', {})).find((x) => x.id === datasetId)!;
      const f = await finished(() => call('datasets.reclassify', { datasetId }));
      expect(f).toMatchObject({ kind: 'reclassify', ok: true, datasetId });
      const d = (await call('datasets.list', {})).find((x) => x.id === datasetId)!;
      expect(d.detectorId).toBeGreaterThan(before.detectorId!);
      expect(d.alerts).toBe(d.rowsStored);
      expect(
        await n('FROM alerts WHERE dataset_id = ? AND detector_id = ?', datasetId, d.detectorId),
      ).toBe(d.rowsStored);
      const page = await call('alerts.query', { datasetId, limit: 1 });
      await call('alerts.decide', {
        alertIds: [page.rows[0]!.id],
        decision: 'override',
        action: 0,
      });
      expect(await n("FROM decisions WHERE kind = 'override'")).toBe(1);
      await expect(call('datasets.reclassify', { datasetId })).rejects.toThrow(
        /1 alerts .* have decisions/,
      );
      expect(await call('audit.verify', {})).toMatchObject({ intact: true });
    }, 120_000);

    it('deletes the dataset with everything derived from it', async () => {
      const flows = await n('FROM flows WHERE dataset_id = ?', datasetId);
      const out = await call('datasets.delete', { datasetId });
      expect(out).toEqual({ datasetId, flows, alerts: expect.any(Number) as number });
      for (const t of ['flows', 'flow_chunks', 'alerts', 'detectors'])
        expect(await n(`FROM ${t} WHERE dataset_id = ?`, datasetId), t).toBe(0);
      for (const t of [
        'signatures',
        'policies',
        'kg_snapshots',
        'advice',
        'recommendations',
        'decisions',
      ])
        expect(await n(`FROM ${t}`), t).toBe(0);
      expect(await call('datasets.list', {})).toEqual([]);
      expect(await call('audit.verify', {})).toMatchObject({ intact: true });
    });
  });
});
