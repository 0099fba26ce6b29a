/** Driving a real app service from integration tests: requests, loads and a look at its database. */
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { dispatch, type RequestContext } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type { AppService } from '../../src/main/app/types';
import type {
  LoadFinished,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../src/shared/contract';

/** Who the tests' requests come from, as a transport would attach it. */
export const TESTER: RequestContext = { actor: 'tester' };

/** A request through the contract (validated, defaults filled), as a transport sends it. */
export async function callService<K extends RequestName>(
  svc: AppService,
  name: K,
  args: RequestArgs<K>,
  ctx: RequestContext = TESTER,
): Promise<RequestResult<K>> {
  return (await dispatch(svc.handlers, name, args, ctx)) as RequestResult<K>;
}

/** Load CSV files through `datasets.loadPaths` and wait for that job's job.finished event. */
export async function loadPaths(svc: AppService, paths: string[]): Promise<LoadFinished> {
  let jobId = '';
  const done = new Promise<LoadFinished>((res) => {
    const off = svc.events.subscribe((event, payload) => {
      if (event === 'job.finished' && (payload as LoadFinished).jobId === jobId) {
        off();
        res(payload as LoadFinished);
      }
    });
  });
  jobId = (await callService(svc, 'datasets.loadPaths', { paths })).jobId;
  return done;
}

/** A COUNT(*) AS n query on the service's database file, read-only. */
export function countRows(svc: AppService, sql: string, ...params: unknown[]): number {
  const db = new Database(svc.dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * A database at `dbPath` holding one labelled demo dataset (`rows`, default 2,000, written to
 * `csvPath`; its model files go beside it) with
 * its detector, alerts and recommendations, loaded by a real app service that is then closed, so
 * the file and its lock are free for the process under test.
 */
export async function loadedDemoDatabase(
  dbPath: string,
  csvPath: string,
  rows = 2000,
): Promise<void> {
  await writeDemoCsv(csvPath, { rows, seed: 4, mix: 'balanced' });
  const svc = await createAppService({
    dbPath,
    // Models and exports beside the CSV (a PostgreSQL URL has no folder of its own).
    dataDir: dirname(resolve(csvPath)),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  try {
    const fin = await loadPaths(svc, [csvPath]);
    if (!fin.ok) throw new Error(`demo load failed: ${fin.error ?? 'no reason given'}`);
  } finally {
    await svc.close();
  }
}
