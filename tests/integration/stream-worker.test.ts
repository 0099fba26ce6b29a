/**
 * Flows through a real nats-server JetStream into a real SQLite store: `rampart publish` puts
 * demo CICFlowMeter rows on a subject, `rampart worker` classifies and stores them, and every
 * stream sequence ends as exactly one alert, also when a worker is killed with SIGKILL mid-stream,
 * when a message is delivered again after its flow was stored, and across a nats-server restart.
 * Skips (with the reason) where nats-server is not installed.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionEngine } from '../../src/main/app/decisions/engine';
import { EventHub } from '../../src/main/app/hub/dispatch';
import { DEFAULT_FEED_CONFIG } from '../../src/main/app/feeds/intake/config';
import { loadStoredDetector } from '../../src/main/app/loads/storedDetector';
import { DEFAULT_STREAM_WORKER } from '../../src/main/app/stream/config';
import { PolicyWatch } from '../../src/main/app/stream/policyWatch';
import { StreamWorker, type WorkerStatus } from '../../src/main/app/stream/worker';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { Store } from '../../src/main/store/store';
import { runCli } from '../helpers/cli';
import { natsMissing, startNats, type TestNats } from '../helpers/nats';
import { loadedDemoDatabase } from '../helpers/service';

const root = resolve(__dirname, '../..');
const missing = natsMissing();
if (missing) console.warn(`stream-worker.test: skipped: ${missing}`);

let nats: TestNats;
let dir: string;
let db: string;
let flowsCsv: string;
const FLOWS = 600;

/** Alerts of a stream's dataset counted by stream sequence. */
function bySeq(stream: string): {
  alerts: number;
  seqs: number;
  lo: number;
  hi: number;
  flows: number;
} {
  const d = new Database(db, { readonly: true });
  try {
    return d
      .prepare(
        `SELECT COUNT(*) AS alerts, COUNT(DISTINCT a.stream_seq) AS seqs, MIN(a.stream_seq) AS lo,
                MAX(a.stream_seq) AS hi,
                (SELECT COUNT(*) FROM flows f WHERE f.dataset_id = ds.id) AS flows
           FROM datasets ds JOIN alerts a ON a.dataset_id = ds.id
          WHERE ds.name = ?`,
      )
      .get(`Live stream: ${stream}`) as {
      alerts: number;
      seqs: number;
      lo: number;
      hi: number;
      flows: number;
    };
  } finally {
    d.close();
  }
}

const lastJson = (out: string): WorkerStatus =>
  JSON.parse(out.trim().split('\n').pop()!) as WorkerStatus;

beforeAll(async () => {
  if (missing) return;
  nats = (await startNats())!;
  dir = mkdtempSync(join(tmpdir(), 'rampart-stream-'));
  db = join(dir, 'db.sqlite');
  await loadedDemoDatabase(db, join(dir, 'train.csv'));
  flowsCsv = join(dir, 'flows.csv');
  await writeDemoCsv(flowsCsv, { rows: FLOWS, seed: 21, mix: 'balanced' });
}, 180_000);

afterAll(async () => {
  await nats?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)('rampart publish → rampart worker (JetStream)', () => {
  it('stores every published flow as exactly one alert, and skips bad lines by name', async () => {
    const bad = join(dir, 'bad.csv');
    const [header, first] = readFileSync(flowsCsv, 'utf8').split('\n') as [string, string];
    // The last line has 5 cells, not the header's: skipped as column-count.
    writeFileSync(bad, `${header}\n${first}\n${first.split(',').slice(0, 5).join(',')}\n`);
    const pub = await runCli([
      'publish',
      flowsCsv,
      bad,
      '--nats',
      nats.url,
      '--subject',
      'flows.a',
      '--stream',
      'A',
      '--json',
    ]);
    expect(pub.code, pub.err).toBe(0);
    const report = JSON.parse(pub.out);
    expect(report).toMatchObject({
      published: FLOWS + 1,
      skipped: 1,
      firstSeq: 1,
      lastSeq: FLOWS + 1,
    });
    expect(report.examples[0].where).toBe('bad.csv:3');
    // The same rows as CSV messages (header in a message header), rate-limited.
    const csv = await runCli([
      'publish',
      flowsCsv,
      '--nats',
      nats.url,
      '--subject',
      'flows.a',
      '--stream',
      'A',
      '--format',
      'csv',
      '--rate',
      '4000',
      '--json',
    ]);
    expect(JSON.parse(csv.out)).toMatchObject({ published: FLOWS, firstSeq: FLOWS + 2 });
    // The limiter sleeps only when a message is more than 1 ms early (timers are whole ms), so
    // it may finish up to 1 ms ahead of the exact schedule (CI saw 149 ms for 149.75).
    expect(JSON.parse(csv.out).seconds).toBeGreaterThanOrEqual((FLOWS - 1) / 4000 - 0.001);

    const w = await runCli([
      'worker',
      '--db',
      db,
      '--nats',
      nats.url,
      '--subject',
      'flows.a',
      '--stream',
      'A',
      '--batch',
      '128',
      '--exit-when-idle',
      '--status-every',
      '0.5',
    ]);
    expect(w.code, w.err).toBe(0);
    const s = lastJson(w.out);
    expect(s).toMatchObject({
      stored: 2 * FLOWS + 1,
      refused: 0,
      writeErrors: 0,
      pending: 0,
      ackPending: 0,
    });
    expect(s.policyId).not.toBeNull();
    const total = 2 * FLOWS + 1;
    expect(bySeq('A')).toEqual({ alerts: total, seqs: total, lo: 1, hi: total, flows: total });
    // The NDJSON and CSV copies of a row classify alike.
    const d = new Database(db, { readonly: true });
    const mismatched = d
      .prepare(
        `SELECT COUNT(*) AS n FROM alerts a JOIN alerts b ON b.dataset_id = a.dataset_id
          AND b.stream_seq = a.stream_seq + ? WHERE a.stream_seq <= ? AND a.signature_id != b.signature_id`,
      )
      .get(FLOWS + 1, FLOWS) as { n: number };
    d.close();
    expect(mismatched.n).toBe(0);
  }, 120_000);

  it('terminates messages that are not flows, naming the reason, and stores the rest', async () => {
    const nc = await connect({ servers: nats.url });
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'B', subjects: ['flows.b'] });
    const enc = new TextEncoder();
    const [header, row] = readFileSync(flowsCsv, 'utf8').split('\n') as [string, string];
    const obj = Object.fromEntries(header.split(',').map((k, i) => [k.trim(), row.split(',')[i]]));
    await js.publish('flows.b', enc.encode(JSON.stringify(obj)));
    await js.publish('flows.b', enc.encode('{not json'));
    await js.publish('flows.b', enc.encode(JSON.stringify({ colour: 'blue' })));
    await js.publish('flows.b', enc.encode(row)); // a CSV line without its header
    await nc.drain();
    const w = await runCli([
      'worker',
      '--db',
      db,
      '--nats',
      nats.url,
      '--subject',
      'flows.b',
      '--stream',
      'B',
      '--exit-when-idle',
      '--status-every',
      '60',
    ]);
    expect(w.code, w.err).toBe(0);
    const s = lastJson(w.out);
    expect(s).toMatchObject({
      stored: 1,
      refused: 3,
      refusedByReason: { 'bad-json': 1, 'missing-fields': 1, 'no-header': 1 },
      pending: 0,
      ackPending: 0,
    });
    expect(s.lastError).toMatch(/stream seq 4 refused \(no-header\)/);
    expect(bySeq('B')).toMatchObject({ alerts: 1, seqs: 1, lo: 1, hi: 1 });
  }, 60_000);

  it('acks a message delivered again after its flow was stored, without a second alert', async () => {
    // A second durable consumer on stream A sees every message again, as a redelivery after a
    // crash between commit and ack would: each is already in the stream's dataset.
    const before = bySeq('A');
    const w = await runCli([
      'worker',
      '--db',
      db,
      '--nats',
      nats.url,
      '--subject',
      'flows.a',
      '--stream',
      'A',
      '--durable',
      'second',
      '--exit-when-idle',
      '--status-every',
      '60',
    ]);
    expect(w.code, w.err).toBe(0);
    expect(lastJson(w.out)).toMatchObject({
      stored: 0,
      alreadyStored: before.alerts,
      acked: before.alerts,
    });
    expect(bySeq('A')).toEqual(before);
  }, 60_000);

  it('loses and duplicates nothing when a worker is killed with SIGKILL mid-stream', async () => {
    const big = join(dir, 'big.csv');
    await writeDemoCsv(big, { rows: 6000, seed: 33, mix: 'balanced' });
    const pub = await runCli([
      'publish',
      big,
      '--nats',
      nats.url,
      '--subject',
      'flows.k',
      '--stream',
      'K',
      '--json',
    ]);
    expect(JSON.parse(pub.out)).toMatchObject({ published: 6000 });
    const args = [
      '--db',
      db,
      '--nats',
      nats.url,
      '--subject',
      'flows.k',
      '--stream',
      'K',
      '--batch',
      '100',
      '--ack-wait',
      '2',
      '--status-every',
      '60',
    ];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/main/transports/cli/index.ts'), 'worker', ...args],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exited = new Promise((r) => child.once('exit', r));
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while (seen < 1500) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`worker did not store flows: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
      seen = bySeq('K').alerts;
    }
    child.kill('SIGKILL');
    await exited;
    const atKill = bySeq('K');
    expect(atKill.alerts).toBeLessThan(6000);
    const w = await runCli(['worker', ...args, '--exit-when-idle']);
    expect(w.code, w.err).toBe(0);
    const s = lastJson(w.out);
    expect(s.stored + atKill.alerts).toBe(6000);
    // Whether the killed worker held unacked messages depends on the instant it died (the full
    // suite once caught it between an ack and its next pull), so redelivery is not asserted
    // here: the test below, and team-scale.test.ts's abandoned pull, make it happen for sure.
    expect(bySeq('K')).toEqual({ alerts: 6000, seqs: 6000, lo: 1, hi: 6000, flows: 6000 });
  }, 120_000);

  it('resumes its durable consumer after nats-server restarts, and stops cleanly on abort', async () => {
    const store = Store.open(db);
    const engine = new DecisionEngine(store, new EventHub(), dir);
    const detector = loadStoredDetector(store)!;
    const statuses: WorkerStatus[] = [];
    const worker = new StreamWorker(
      await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 }),
      { servers: nats.url, subject: 'flows.r', stream: 'R' },
      { ...DEFAULT_STREAM_WORKER, fetchExpiresMs: 1000, statusIntervalMs: 200 },
      {
        store,
        engine,
        detector,
        labels: lineLabels(),
        placeholders: DEFAULT_FEED_CONFIG.unlabelledLabels,
      },
      (s) => statuses.push(s),
    );
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    const until = async (ok: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!ok()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}: ${JSON.stringify(statuses.at(-1))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      const pub = () =>
        runCli([
          'publish',
          flowsCsv,
          '--nats',
          nats.url,
          '--subject',
          'flows.r',
          '--stream',
          'R',
          '--json',
        ]);
      expect((await pub()).code).toBe(0);
      await until(() => (statuses.at(-1)?.stored ?? 0) === FLOWS, 'the first flows');
      await nats.restart();
      expect((await pub()).code).toBe(0);
      await until(
        () => (statuses.at(-1)?.stored ?? 0) === 2 * FLOWS,
        'the flows after the restart',
      );
    } finally {
      stop.abort();
    }
    const last = await running;
    expect(last).toMatchObject({ stored: 2 * FLOWS, writeErrors: 0 });
    expect(bySeq('R')).toEqual({
      alerts: 2 * FLOWS,
      seqs: 2 * FLOWS,
      lo: 1,
      hi: 2 * FLOWS,
      flows: 2 * FLOWS,
    });
    await engine.dispose();
    store.close();
  }, 120_000);

  it('notices a newly installed KG snapshot and has the engine reload', async () => {
    const store = Store.open(db);
    const engine = new DecisionEngine(store, new EventHub(), dir);
    try {
      const det = loadStoredDetector(store)!;
      const watch = new PolicyWatch(store, engine, det.detectorId);
      const live = (await engine.liveFor(det.detectorId))!;
      expect(watch.check()).toBe(false);
      store.kgSnapshots.save(live.kg, det.detectorId);
      expect(watch.check()).toBe(true);
      expect(watch.reloads).toBe(1);
      // The engine dropped its cache: the next liveFor loads the new snapshot.
      expect((await engine.liveFor(det.detectorId))!.kgSnapshotId).toBe(watch.current.kgSnapshotId);
      expect(watch.current.kgSnapshotId).not.toBe(live.kgSnapshotId);
    } finally {
      await engine.dispose();
      store.close();
    }
  });
});
