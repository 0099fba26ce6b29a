/** The core behind every transport: the store, load jobs and the request handlers. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TRAFFIC_CLASSES } from '../../shared/classes';
import { InvalidRequestError, type AlertRow, type DetectorReport } from '../../shared/contract';
import { betaSummary, DecisionTree } from '../detector';
import { writeDemoCsv } from '../demo';
import { projectRoot } from '../paths';
import type { AlertRecord, DetectorRecord } from '../store/records';
import { Store } from '../store/store';
import { EventHub, type Handlers } from './dispatch';
import { JobRunner } from './jobs';
import { runLoad } from './loadJob';
import type { AppService, AppServiceOptions } from './types';

/** Open the store and build the handlers; optionally seed the demo dataset on an empty store. */
export async function createAppService(opts: AppServiceOptions): Promise<AppService> {
  const store = Store.open(opts.dbPath);
  store.markStaleLoads();
  const events = new EventHub();
  const jobs = new JobRunner(events);
  const dataDir = dirname(resolve(opts.dbPath));
  const version = (
    JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;

  const loadDemo = (rows: number, seed: number) =>
    jobs.start(async (ctx) => {
      const file = join(dataDir, `demo-seed${seed}-${rows}.csv`);
      if (!existsSync(file)) await writeDemoCsv(file, { rows, seed, mix: 'balanced' });
      return runLoad(
        store,
        {
          paths: [file],
          name: `Synthetic demo data (seed ${seed}, ${rows.toLocaleString('en')} rows)`,
          synthetic: true,
        },
        ctx,
      );
    });

  const handlers: Handlers = {
    'app.info': async () => ({
      version,
      host: opts.host,
      dbPath: store.path,
      classes: [...TRAFFIC_CLASSES],
    }),
    'datasets.list': async () =>
      store.listDatasets().map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: d.created_at,
        status: d.status,
        synthetic: d.synthetic === 1,
        rowsStored: d.rows_stored,
        rowsSkipped: d.rows_skipped,
        detectorId: d.detector_id,
        alerts: d.alert_count,
      })),
    'datasets.loadDemo': async ({ rows, seed }) => ({ jobId: loadDemo(rows, seed) }),
    'datasets.loadPaths': async ({ paths, extraClasses }) => {
      const files = paths.map((p) => resolve(p));
      for (const f of files) {
        if (!existsSync(f) || !statSync(f).isFile())
          throw new InvalidRequestError('datasets.loadPaths', `not a readable file: ${f}`);
      }
      return { jobId: jobs.start((ctx) => runLoad(store, { paths: files, extraClasses }, ctx)) };
    },
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'alerts.query': async (q) => {
      const ds = store.getDataset(q.datasetId);
      if (!ds) return { total: 0, rows: [] };
      const classNames = JSON.parse(ds.class_names) as string[];
      const page = store.queryAlerts(q);
      return { total: page.total, rows: page.rows.map((r) => toAlertRow(r, classNames)) };
    },
    'detector.report': async ({ detectorId }) => {
      const rec = store.getDetector(detectorId);
      return rec ? toDetectorReport(rec, store.signaturesOf(rec.id).length) : null;
    },
    'signatures.get': async ({ id }) => {
      const s = store.getSignature(id);
      if (!s) return null;
      return {
        id: s.id,
        detectorId: s.detector_id,
        predictedClass: s.class_name,
        conditions: JSON.parse(s.conditions),
        text: s.text,
        n: s.n,
        c: s.c,
        alpha: s.alpha,
        beta: s.beta,
        confidence: betaSummary(s.c, s.n, { alpha: s.alpha, beta: s.beta }),
      };
    },
  };

  if ((opts.seedDemo ?? true) && store.listDatasets().length === 0)
    loadDemo(opts.demoRows ?? 20_000, 1);

  return {
    handlers,
    events,
    dbPath: store.path,
    async close() {
      jobs.cancelAll();
      // Let cancelled loads finish their current batch before the database closes.
      for (let i = 0; i < 100 && jobs.active > 0; i++) await new Promise((r) => setTimeout(r, 20));
      store.close();
    },
  };
}

function toAlertRow(r: AlertRecord, classNames: readonly string[]): AlertRow {
  const endpoint = (ip: string | null, port: number | null) =>
    ip === null ? null : port === null ? ip : `${ip}:${port}`;
  return {
    id: r.id,
    flowId: r.flow_id,
    time: r.ts,
    src: endpoint(r.src_ip, r.src_port),
    dst: endpoint(r.dst_ip, r.dst_port),
    dstPort: r.dst_port,
    predictedClass: r.predicted_class,
    trueClass: r.true_class === null ? null : (classNames[r.true_class] ?? null),
    signatureId: r.signature_id,
    signatureText: r.signature_text,
    confidence: { mean: r.conf_mean, lo: r.conf_lo, hi: r.conf_hi },
    status: r.status,
  };
}

function toDetectorReport(rec: DetectorRecord, signatures: number): DetectorReport {
  const report = JSON.parse(rec.report) as Pick<
    DetectorReport,
    'perClass' | 'macroF1' | 'accuracy' | 'confusion'
  > & { classes: string[] };
  const tree = DecisionTree.fromJSON(JSON.parse(rec.tree));
  return {
    detectorId: rec.id,
    datasetId: rec.dataset_id,
    createdAt: rec.created_at,
    signatures,
    depth: tree.depth,
    trainRows: rec.train_rows,
    testRows: rec.test_rows,
    trainMs: rec.train_ms,
    classes: report.classes,
    perClass: report.perClass,
    macroF1: report.macroF1,
    accuracy: report.accuracy,
    confusion: report.confusion,
  };
}
