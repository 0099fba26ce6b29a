/** The core behind every transport: the store, load jobs and the request handlers. */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TRAFFIC_CLASSES } from '../../shared/classes';
import { InvalidRequestError } from '../../shared/contract';
import { writeDemoCsv } from '../domain/demo';
import { projectRoot } from '../runtime/paths';
import { isPostgresUrl } from '../store/sql/database';
import { Store } from '../store/store';
import { EventHub, type Handlers } from './hub/dispatch';
import { alertDetail } from './decisions/detail';
import { DecisionEngine } from './decisions/engine';
import { decide } from './decisions/feedback';
import { FeedManager } from './feeds/manager';
import { addressesOf, AlertQueue, groupKeyText, searchTexts } from './queries/alertQueue';
import { AutoApprover } from './decisions/autoApprove';
import { IncidentDesk } from './incidentDesk/desk';
import { exportDecisions } from './queries/exportDecisions';
import { kgGraph } from './decisions/kgGraph';
import { TrainingRuns } from './training/runs';
import { TrainingStudies } from './training/studies';
import { JobRunner } from './hub/jobs';
import { followSharedStore } from './hub/sharedStore';
import { userPath } from './hub/userPaths';
import { runLoad } from './loads/loadJob';
import { datasetJobHandlers } from './loads/datasetHandlers';
import {
  checkStoredDetectors,
  confirmDetector,
  detectorInfo,
  listDetectors,
} from './loads/detectorChoice';
import { datasetState, markInterrupted, resumeInterrupted } from './loads/recovery';
import type { AppService, AppServiceOptions, ServiceHealth } from './types';
import { toAlertRow, toDetectorReport, toSignatureDetail } from './queries/views';

/** Open the store and build the handlers; optionally seed the demo dataset on an empty store. */
export async function createAppService(opts: AppServiceOptions): Promise<AppService> {
  if (opts.dataDir === undefined && isPostgresUrl(opts.dbPath))
    throw new Error('a PostgreSQL database needs a data folder for models and exports (dataDir)');
  const store = Store.open(opts.dbPath);
  // What a crash or kill -9 cut short: marked interrupted now, resumed below once the engine is up.
  markInterrupted(store);
  // Detectors from before the training-set check get it now, before anything chooses one.
  checkStoredDetectors(store);
  const events = new EventHub();
  const shared = followSharedStore(store, opts.dbPath, events);
  const jobs = new JobRunner(events, store);
  // Models, exports and the connector file are this machine's: beside a SQLite file, or in the
  // data folder the transport names for a PostgreSQL database.
  const dataDir = opts.dataDir ?? dirname(resolve(opts.dbPath));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const engine = new DecisionEngine(store, events, dataDir, opts.policyTraining);
  engine.host.restore();
  const training = new TrainingRuns(store, engine, events);
  const studies = new TrainingStudies(store, engine.catalogue, events);
  const feeds = new FeedManager(store, engine, events);
  const autoApprove = new AutoApprover(engine);
  const incidents = new IncidentDesk(store, events, {
    connectorPath: join(dataDir, 'connector.json'),
    model: engine.host.manager,
  });
  const queue = new AlertQueue(store);
  events.subscribe((event) => {
    if (event === 'alerts.changed') queue.alertsAdded();
    if (event === 'datasets.changed') queue.invalidate();
  });
  const cat = engine.catalogue;
  const actionIndex = new Map(cat.actions.map((a, i) => [a.id, i]));
  const actions = cat.actions.map((a, index) => ({ index, ...a }));
  const ranked = Object.fromEntries(
    Object.entries(cat.ranked).map(([cls, ids]) => [
      cls,
      ids.map((id) => actionIndex.get(id) ?? 0),
    ]),
  );
  const version = (
    JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;

  const loadDemo = (rows: number, seed: number) =>
    jobs.start('load', async (ctx) => {
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
        engine,
      );
    });

  const datasetJobs = datasetJobHandlers({
    store,
    jobs,
    engine,
    events,
    feedDatasets: () =>
      feeds
        .list()
        .flatMap((f) =>
          f.datasetId !== null && (f.state === 'running' || f.state === 'starting')
            ? [f.datasetId]
            : [],
        ),
  });

  const handlers: Handlers = {
    'app.info': async (_args, { actor }) => ({
      version,
      host: opts.host,
      dbPath: store.path,
      classes: [...TRAFFIC_CLASSES],
      actions,
      ranked,
      analyst: actor,
    }),
    'datasets.list': async () => {
      const lastJob = store.jobs.latestByDataset();
      return store.listDatasets().map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: d.created_at,
        synthetic: d.synthetic === 1,
        rowsStored: d.rows_stored,
        rowsSkipped: d.rows_skipped,
        detectorId: d.detector_id,
        alerts: d.alert_count,
        ...datasetState(d.status, d.rows_stored, lastJob.get(d.id), d.report !== null),
        scoredBy: detectorInfo(store, store.detectorChoice.scoredBy(d.id)),
        trained: detectorInfo(store, d.detector_id),
      }));
    },
    'detector.list': async () => listDetectors(store),
    'detector.confirm': async ({ detectorId }, { actor }) => {
      const info = confirmDetector(store, detectorId, actor);
      events.emit('datasets.changed', {});
      return info;
    },
    'datasets.loadDemo': async ({ rows, seed }, { actor }) => {
      const jobId = loadDemo(rows, seed);
      store.appendAudit({ actor, action: 'data.load', detail: { demo: { rows, seed }, jobId } });
      return { jobId };
    },
    'datasets.loadPaths': async ({ paths, extraClasses }, { actor }) => {
      const files = paths.map((p) => userPath(store, 'datasets.loadPaths', p));
      for (const f of files) {
        if (!existsSync(f) || !statSync(f).isFile())
          throw new InvalidRequestError('datasets.loadPaths', `not a readable file: ${f}`);
      }
      const jobId = jobs.start('load', (ctx) =>
        runLoad(store, { paths: files, extraClasses }, ctx, engine),
      );
      store.appendAudit({
        actor,
        action: 'data.load',
        detail: { paths: files, extraClasses, jobId },
      });
      return { jobId };
    },
    ...datasetJobs.handlers,
    'alerts.query': async (q) => {
      if (q.datasetId !== undefined && !store.getDataset(q.datasetId))
        return { total: 0, rows: [] };
      const page = store.queryAlerts({
        ...q,
        src: q.src === undefined ? undefined : addressesOf(q.src),
        dst: q.dst === undefined ? undefined : addressesOf(q.dst),
        text: q.text === undefined ? undefined : searchTexts(q.text),
      });
      const classNames = new Map<number, string[]>();
      const namesOf = (datasetId: number) => {
        let names = classNames.get(datasetId);
        if (!names) {
          const ds = store.getDataset(datasetId);
          names = ds ? (JSON.parse(ds.class_names) as string[]) : [];
          classNames.set(datasetId, names);
        }
        return names;
      };
      return {
        total: page.total,
        rows: page.rows.map((r) => toAlertRow(r, namesOf(r.dataset_id))),
      };
    },
    'alerts.queue': async (q) => queue.page(q),
    'alerts.decide': async (args, { actor }) => {
      queue.invalidate();
      const r = await decide(engine, args, actor);
      queue.invalidate();
      return r;
    },
    'alerts.decideGroup': async ({ group, ...args }, { actor }) => {
      const key = groupKeyText(
        group.signatureId,
        group.src,
        group.dst,
        group.dstPort,
        group.allPorts,
        group.allDsts,
      );
      const alertIds = store.groupAlertIds({
        signatureId: group.signatureId,
        src: group.src === null ? null : addressesOf(group.src),
        dst: group.allDsts ? 'any' : group.dst === null ? null : addressesOf(group.dst),
        dstPort: group.allPorts || group.allDsts ? 'any' : group.dstPort,
        datasetId: group.datasetId,
        status: 'pending',
      });
      if (alertIds.length === 0)
        throw new InvalidRequestError('alerts.decideGroup', `group ${key} has no pending alerts`);
      queue.invalidate();
      // Only the pending alerts read just now: one decided meanwhile by another analyst is a conflict.
      const r = await decide(engine, { ...args, alertIds, expectStatus: 'pending' }, actor, key);
      queue.invalidate();
      return { ...r, group: key };
    },
    'detector.report': async ({ detectorId }) => {
      const rec = store.getDetector(detectorId);
      return rec ? toDetectorReport(rec, store.signaturesOf(rec.id).length) : null;
    },
    'signatures.get': async ({ id }) => {
      const sig = store.getSignature(id);
      return sig ? toSignatureDetail(sig) : null;
    },
    'alerts.detail': async ({ id }) => alertDetail(store, id),
    'advisor.status': async () => engine.host.status(),
    'advisor.setModel': async ({ path }, { actor }) => {
      const file = path === null ? null : userPath(store, 'advisor.setModel', path);
      if (file !== null && (!existsSync(file) || !statSync(file).isFile()))
        throw new InvalidRequestError('advisor.setModel', `not a readable file: ${file}`);
      return engine.host.setModel(file, actor);
    },
    'advisor.setPrompt': async ({ prompt }, { actor }) => engine.host.setPrompt(prompt, actor),
    'advisor.download': async (_args, { actor }) => ({
      jobId: jobs.start('download', async (ctx) => {
        try {
          const path = await engine.host.downloadRecommended(ctx.jobId, ctx.signal, actor);
          return { kind: 'download', path, ok: true, cancelled: false, error: null };
        } catch (err) {
          const cancelled = ctx.signal.aborted;
          const error = cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err);
          return { kind: 'download', path: null, ok: false, cancelled, error };
        }
      }),
    }),
    'kg.summary': async ({ detectorId }) => engine.kgSummary(detectorId),
    'kg.graph': async (args) => kgGraph(engine, args),
    'training.start': async (args, { actor }) => training.start(args, actor),
    'training.control': async (args) => training.control(args),
    'training.status': async (args) => training.status(args),
    'training.study': async (args) => studies.start(args),
    'training.studyControl': async (args) => studies.control(args),
    'training.studyStatus': async (args) => studies.status(args),
    'feed.start': async (args, { actor }) => feeds.start(args, actor),
    'feed.stop': async (args, { actor }) => feeds.stop(args, actor),
    'feed.switchDetector': async (args, { actor }) => feeds.switchDetector(args, actor),
    'feed.list': async () => feeds.list(),
    'export.decisions': async (args) =>
      exportDecisions(
        store,
        dataDir,
        args,
        opts.host,
        actions.map((a) => a.id),
      ),
    'incidents.list': async (args) => incidents.list(args),
    'incidents.get': async (args) => incidents.get(args),
    'incidents.decide': async (args, { actor }) => incidents.decide(args, actor),
    'incidents.report': async (args) => incidents.report(args),
    'incidents.answer': async (args, { actor }) => incidents.answer(args, actor),
    'autoApprove.get': async () => autoApprove.get(),
    'autoApprove.set': async (args, { actor }) => autoApprove.set(args, actor),
    'audit.verify': async () => store.audit.verify(),
    'audit.list': async (args) => store.audit.list(args),
  };

  resumeInterrupted(store, datasetJobs.resume);

  if ((opts.seedDemo ?? true) && store.listDatasets().length === 0) {
    const rows = opts.demoRows ?? 20_000;
    const jobId = loadDemo(rows, 1);
    store.appendAudit({
      actor: 'rampart:start',
      action: 'data.load',
      automatic: true,
      detail: { demo: { rows, seed: 1 }, jobId },
    });
  }

  return {
    handlers,
    events,
    dbPath: store.path,
    dataDir,
    health(): ServiceHealth {
      const t0 = performance.now();
      try {
        const streams = store.streamHealth();
        return {
          engine: store.kind,
          database: store.path,
          databaseOk: true,
          roundTripMs: Math.round((performance.now() - t0) * 100) / 100,
          error: null,
          listening: shared ? shared.connected() : null,
          streams,
        };
      } catch (err) {
        return {
          engine: store.kind,
          database: store.path,
          databaseOk: false,
          roundTripMs: null,
          error: err instanceof Error ? err.message : String(err),
          listening: shared ? shared.connected() : null,
          streams: [],
        };
      }
    },
    async close() {
      await shared?.close();
      jobs.shutdown();
      // Let cancelled loads finish their current batch before the database closes.
      for (let i = 0; i < 100 && jobs.active > 0; i++) await new Promise((r) => setTimeout(r, 20));
      await feeds.dispose();
      await training.dispose();
      await studies.dispose();
      await engine.dispose();
      incidents.dispose();
      store.close();
    },
  };
}
