/**
 * Stream throughput end to end: M demo flows are published to a fresh JetStream stream, then 1
 * (and 2, …) `rampart worker` child processes drain it into the database given by --db; the rate
 * is the flows stored over the drain window (first message pulled → last batch acked, across the
 * workers), so process start-up is not counted. Each worker's own rate is the per-worker cost.
 * Several workers on one database need PostgreSQL: a SQLite file has one writing process, so on
 * SQLite only 1 worker runs (and the result says why).
 *
 *   node --import tsx scripts/bench/stream.ts [--db FILE|postgres://…] [--nats URL] [--flows 20000]
 *     [--workers 1,2] [--batch 500]
 *
 * Without --nats a nats-server is started here (it must be installed); without --db a temp SQLite
 * file. A database without a detector gets one from a labelled 5,000-row demo load first. Writes
 * bench-results/bench-stream-<date>.json and prints it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { connect } from 'nats';
import { DEFAULT_FEED_CONFIG } from '../../src/main/app/feeds/intake/config';
import { ensureStream } from '../../src/main/app/stream/jetstream';
import { publishFlows } from '../../src/main/app/stream/publisher';
import type { WorkerStatus } from '../../src/main/app/stream/worker';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { Store } from '../../src/main/store/store';
import { startNats } from '../../tests/helpers/nats';
import { loadedDemoDatabase } from '../../tests/helpers/service';

const root = resolve(import.meta.dirname, '../..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const scratch = mkdtempSync(join(tmpdir(), 'rampart-bench-stream-'));
const db = arg('db', join(scratch, 'bench.sqlite'));
const postgres = /^postgres(ql)?:\/\//.test(db);
const flows = Number(arg('flows', '20000'));
const batch = Number(arg('batch', '500'));
const workerCounts = arg('workers', '1,2').split(',').map(Number);

/** Give the database a detector (and policy) when it has none. */
async function ensureDetector(): Promise<void> {
  const store = Store.open(db);
  const has = store.getDetector() !== undefined;
  store.close();
  if (!has) await loadedDemoDatabase(db, join(scratch, 'train.csv'));
}

/** One run: publish `flows` to a fresh stream, then drain it with `k` workers. */
async function run(url: string, csv: string, k: number) {
  const stamp = `${Date.now()}`;
  const target = { servers: url, subject: `bench.${k}.${stamp}`, stream: `BENCH_${k}_${stamp}` };
  const nc = await connect({ servers: url });
  await ensureStream(await nc.jetstreamManager(), target);
  const pub = await publishFlows(
    nc.jetstream(),
    [{ name: 'bench.csv', open: () => Readable.from([readFileSync(csv)]) }],
    {
      subject: target.subject,
      format: 'ndjson',
      ratePerSec: 0,
      window: 1024,
      placeholders: DEFAULT_FEED_CONFIG.unlabelledLabels,
      labels: lineLabels(),
    },
  );
  await nc.drain();
  const statuses = await Promise.all(
    Array.from({ length: k }, (_x, i) => worker(target, join(scratch, `w${k}-${i}.json`))),
  );
  const from = Math.min(...statuses.map((s) => Date.parse(s.firstPulledAt ?? s.at)));
  const to = Math.max(...statuses.map((s) => Date.parse(s.lastStoredAt ?? s.at)));
  const stored = statuses.reduce((a, s) => a + s.stored, 0);
  const seconds = (to - from) / 1000;
  return {
    workers: k,
    published: pub.published,
    publishFlowsPerSec: pub.flowsPerSec,
    stored,
    redeliveries: statuses.reduce((a, s) => a + s.redeliveries, 0),
    drainSeconds: seconds,
    flowsPerSec: Math.round(stored / seconds),
    perWorker: statuses.map((s) => {
      const secs =
        (Date.parse(s.lastStoredAt ?? s.at) - Date.parse(s.firstPulledAt ?? s.at)) / 1000;
      return {
        stored: s.stored,
        seconds: secs,
        flowsPerSec: secs > 0 ? Math.round(s.stored / secs) : 0,
      };
    }),
  };
}

/** A `rampart worker` child process that exits once the stream is drained; its last status. */
function worker(
  target: { servers: string; subject: string; stream: string },
  statusFile: string,
): Promise<WorkerStatus> {
  const args = [
    '--import',
    'tsx',
    join(root, 'src/main/transports/cli/index.ts'),
    'worker',
    '--db',
    db,
    '--nats',
    target.servers,
    '--subject',
    target.subject,
    '--stream',
    target.stream,
    '--batch',
    String(batch),
    '--exit-when-idle',
    '--status-json',
    statusFile,
    '--status-every',
    '60',
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return new Promise((res, rej) =>
    child.once('exit', (code) =>
      code === 0
        ? res(JSON.parse(out.trim().split('\n').pop()!) as WorkerStatus)
        : rej(new Error(`worker exited ${code}: ${err}`)),
    ),
  );
}

const ownNats = arg('nats', '') === '' ? await startNats() : null;
const url = arg('nats', '') || ownNats?.url;
if (!url) throw new Error('no --nats given and nats-server is not installed');
try {
  await ensureDetector();
  const csv = join(scratch, 'flows.csv');
  await writeDemoCsv(csv, { rows: flows, seed: 17, mix: 'balanced' });
  const runs = [];
  const skipped = [];
  for (const k of workerCounts) {
    if (k > 1 && !postgres) {
      skipped.push({
        workers: k,
        why: 'a SQLite file has one writing process; use --db postgres://…',
      });
      continue;
    }
    runs.push(await run(url, csv, k));
  }
  const result = {
    bench: 'stream',
    command: [process.argv[0], ...process.execArgv, ...process.argv.slice(1)].join(' '),
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    db: postgres ? 'postgresql' : 'sqlite',
    flows,
    batch,
    runs,
    skipped,
  };
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-stream-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
  for (const r of runs)
    console.log(
      `${r.workers} worker(s): ${r.flowsPerSec} flows/s end to end (${r.perWorker.map((w) => w.flowsPerSec).join(' + ')} per worker)`,
    );
} finally {
  await ownNats?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
