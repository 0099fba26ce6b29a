/**
 * Stream throughput end to end: M demo flows are published to a fresh JetStream stream, then 1
 * (and 2, …) `rampart worker` child processes drain it into the database given by --db; the rate
 * is the flows stored over the drain window (first message pulled → last batch acked, across the
 * workers), so process start-up is not counted. Each worker's own rate is the per-worker cost.
 * Several workers on one database need PostgreSQL: a SQLite file has one writing process, so on
 * SQLite only 1 worker runs (and the result says why).
 *
 * The cost, so scaling across machines can be extrapolated: each worker's CPU time over its drain
 * (first pull → last stored batch, all its threads; from its status), and — when the PostgreSQL
 * server runs on this machine — the server's CPU time over the run (the postmaster and all its
 * processes, from /proc; this window also holds the workers' start-up queries), each per 1,000
 * flows stored.
 *
 *   node --import tsx scripts/bench/stream.ts [--db FILE|postgres://…|pg:auto] [--nats URL]
 *     [--flows 20000] [--workers 1,2] [--batch 500] [--out bench-stream-<date>.json]
 *
 * Without --nats a nats-server is started here (it must be installed); without --db a temp SQLite
 * file; `--db pg:auto` starts a throwaway PostgreSQL cluster (tests/helpers/postgres.ts). A
 * database without a detector gets one from a labelled 2,000-row demo load first. Writes
 * bench-results/bench-stream-<date>.json (or --out) and prints it.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'nats';
import pg from 'pg';
import { DEFAULT_FEED_CONFIG } from '../../src/main/app/feeds/intake/config';
import { ensureStream } from '../../src/main/app/stream/jetstream';
import { publishFlows } from '../../src/main/app/stream/publisher';
import type { WorkerStatus } from '../../src/main/app/stream/worker';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { Store } from '../../src/main/store/store';
import { startNats } from '../../tests/helpers/nats';
import { sql, startCluster, type PgCluster } from '../../tests/helpers/postgres';
import { loadedDemoDatabase } from '../../tests/helpers/service';

const root = resolve(import.meta.dirname, '../..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const scratch = mkdtempSync(join(tmpdir(), 'rampart-bench-stream-'));
const dbArg = arg('db', join(scratch, 'bench.sqlite'));
const cluster: PgCluster | null = dbArg === 'pg:auto' ? await startCluster() : null;
if (cluster) await sql(cluster.url, 'CREATE DATABASE bench');
const db = cluster ? cluster.url.replace(/\/postgres$/, '/bench') : dbArg;
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

const ticksPerSec = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Fields of /proc/<pid>/stat after the command name (field 3 is index 0). */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * The PostgreSQL server's process (the postmaster) when it runs on this machine: the parent of
 * the backend serving a fresh connection. Null for a remote server.
 */
async function postmasterPid(): Promise<number | null> {
  if (!postgres) return null;
  const host = new URL(db).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) return null;
  // Read while the connection is open: its backend exits when it closes.
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const stat = procStat(Number(r.rows[0]!.pid));
    return stat ? Number(stat[1]) : null;
  } finally {
    await c.end();
  }
}

/**
 * CPU ms the server has used: the postmaster's own and its reaped children's (exited backends),
 * plus each live child's (backends, checkpointer, WAL writer, …).
 */
function postgresCpuMs(pm: number): number {
  const own = procStat(pm);
  if (!own) return NaN;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = procStat(Number(d));
    if (st && Number(st[1]) === pm) ticks += Number(st[11]) + Number(st[12]);
  }
  return (ticks * 1000) / ticksPerSec;
}

const per1000 = (ms: number, n: number) => (n > 0 ? Math.round((ms * 1000) / n) : null);

/** One run: publish `flows` to a fresh stream, then drain it with `k` workers. */
async function run(url: string, csv: string, k: number) {
  const stamp = `${Date.now()}`;
  const target = { servers: url, subject: `bench.${k}.${stamp}`, stream: `BENCH_${k}_${stamp}` };
  const nc = await connect({ servers: url });
  await ensureStream(await nc.jetstreamManager(), target);
  const pub = await publishFlows(
    nc.jetstream(),
    [{ name: 'bench.csv', open: () => createReadStream(csv) }],
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
  const pm = await postmasterPid();
  const pgBefore = pm === null ? null : postgresCpuMs(pm);
  const statuses = await Promise.all(
    Array.from({ length: k }, (_x, i) => worker(target, join(scratch, `w${k}-${i}.json`))),
  );
  const pgCpuMs =
    pm === null || pgBefore === null ? null : Math.round(postgresCpuMs(pm) - pgBefore);
  const from = Math.min(...statuses.map((s) => Date.parse(s.firstPulledAt ?? s.at)));
  const to = Math.max(...statuses.map((s) => Date.parse(s.lastStoredAt ?? s.at)));
  const stored = statuses.reduce((a, s) => a + s.stored, 0);
  const seconds = (to - from) / 1000;
  const workerCpuMs = statuses.reduce((a, s) => a + (s.drainCpuMs ?? 0), 0);
  return {
    workers: k,
    published: pub.published,
    publishFlowsPerSec: pub.flowsPerSec,
    stored,
    redeliveries: statuses.reduce((a, s) => a + s.redeliveries, 0),
    drainSeconds: seconds,
    flowsPerSec: Math.round(stored / seconds),
    workerCpuMs,
    workerCpuMsPer1000Flows: per1000(workerCpuMs, stored),
    postgresCpuMs: pgCpuMs,
    postgresCpuMsPer1000Flows: pgCpuMs === null ? null : per1000(pgCpuMs, stored),
    perWorker: statuses.map((s) => {
      const secs =
        (Date.parse(s.lastStoredAt ?? s.at) - Date.parse(s.firstPulledAt ?? s.at)) / 1000;
      return {
        stored: s.stored,
        seconds: secs,
        flowsPerSec: secs > 0 ? Math.round(s.stored / secs) : 0,
        drainCpuMs: s.drainCpuMs,
        cpuMsPer1000Flows: per1000(s.drainCpuMs ?? 0, s.stored),
        processCpuMs: s.cpuMs.user + s.cpuMs.system,
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
    postgresServer: cluster
      ? 'throwaway local cluster (fsync=off, synchronous_commit=off)'
      : postgres
        ? 'given by --db'
        : null,
    flows,
    batch,
    runs,
    skipped,
  };
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = resolve(
    outDir,
    arg('out', `bench-stream-${new Date().toISOString().slice(0, 10)}.json`),
  );
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
  for (const r of runs)
    console.log(
      `${r.workers} worker(s): ${r.flowsPerSec} flows/s end to end (${r.perWorker.map((w) => w.flowsPerSec).join(' + ')} per worker); ` +
        `worker CPU ${r.workerCpuMsPer1000Flows} ms, PostgreSQL CPU ${r.postgresCpuMsPer1000Flows ?? '-'} ms per 1,000 flows`,
    );
} finally {
  await ownNats?.stop();
  await cluster?.destroy();
  rmSync(scratch, { recursive: true, force: true });
}
