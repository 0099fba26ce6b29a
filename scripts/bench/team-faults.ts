/**
 * Team-scale faults, measured end to end with real processes: flows are published to a fresh
 * JetStream stream, two `rampart worker` child processes drain it into PostgreSQL, and mid-run
 * one fault is injected. At the end the alerts are counted by stream sequence: every published
 * sequence must have exactly one alert (none lost, none duplicated).
 *
 *   kill   `kill -9` one worker at ~30% stored, restart it 3 s later (--kill-flows, 1,000,000)
 *   pg     PostgreSQL fast shutdown at ~30%, started again 3 s later, with a `rampart serve`
 *          answering on the same database; records how long the server and the workers took to
 *          answer / store again (--flows, 200,000)
 *   nats   nats-server stopped (SIGTERM) at ~30%, started again 3 s later on the same store; the
 *          durable consumer must resume (--flows)
 *
 *   node --import tsx scripts/bench/team-faults.ts [--cases kill,pg,nats] [--kill-flows 1000000]
 *     [--flows 200000] [--ack-wait 10] [--out bench-results/team-faults/report.json]
 *
 * RAMPART_BENCH_VERBOSE=1 passes the workers' stderr through.
 *
 * PostgreSQL is a throwaway cluster (tests/helpers/postgres.ts); nats-server is started here with
 * JetStream on a temp store. Writes the report (machine, and each case's command and numbers) and
 * prints it; a case run again replaces its entry, the other cases' entries are kept (so the cases
 * can run one at a time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { connect } from 'nats';
import WebSocket from 'ws';
import { DEFAULT_FEED_CONFIG } from '../../src/main/app/feeds/intake/config';
import { ensureStream } from '../../src/main/app/stream/jetstream';
import { publishFlows } from '../../src/main/app/stream/publisher';
import { streamDatasetName, type WorkerStatus } from '../../src/main/app/stream/worker';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { sql, startCluster } from '../../tests/helpers/postgres';
import { natsMissing, startNats, type TestNats } from '../../tests/helpers/nats';
import { loadedDemoDatabase } from '../../tests/helpers/service';
import { startServe } from './serveProcess';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'src/main/transports/cli/index.ts');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const cases = arg('cases', 'kill,pg,nats').split(',');
const killFlows = Number(arg('kill-flows', '1000000'));
const flows = Number(arg('flows', '200000'));
const ackWait = Number(arg('ack-wait', '10'));
const outFile = resolve(root, arg('out', 'bench-results/team-faults/report.json'));
const scratch = mkdtempSync(join(tmpdir(), 'rampart-team-faults-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (t: number) => Math.round(Date.now() - t) / 1000;
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---- workers and the server --------------------------------------------------------------------

interface Worker {
  name: string;
  child: ChildProcess;
  statusFile: string;
  exit: Promise<{ code: number | null; signal: string | null; stderr: string }>;
}

function startWorker(db: string, nats: string, stream: string, name: string): Worker {
  const statusFile = join(scratch, `${stream}-${name}.json`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      'worker',
      '--db',
      db,
      '--nats',
      nats,
      '--subject',
      `${stream}.flows`,
      '--stream',
      stream,
      '--ack-wait',
      String(ackWait),
      '--exit-when-idle',
      '--status-json',
      statusFile,
      '--status-every',
      '1',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  if (process.env.RAMPART_BENCH_VERBOSE) child.stderr!.pipe(process.stderr);
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const exit = new Promise<{ code: number | null; signal: string | null; stderr: string }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal, stderr })),
  );
  return { name, child, statusFile, exit };
}

function status(w: Worker): WorkerStatus | null {
  try {
    return JSON.parse(readFileSync(w.statusFile, 'utf8')) as WorkerStatus;
  } catch {
    return null;
  }
}

/** Flows stored so far, by the workers' status files (a killed worker's last report counts). */
const storedBy = (ws: Worker[]) => ws.reduce((a, w) => a + (status(w)?.stored ?? 0), 0);

async function waitStored(ws: Worker[], n: number, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (storedBy(ws) < n) {
    if (Date.now() > until) throw new Error(`only ${storedBy(ws)} of ${n} stored in time`);
    await sleep(200);
  }
}

/** Wait for every worker to exit (drained); kill them past the limit. */
async function waitExit(ws: Worker[], limitMs: number) {
  const timer = setTimeout(() => ws.forEach((w) => w.child.kill('SIGKILL')), limitMs);
  try {
    return await Promise.all(ws.map((w) => w.exit));
  } finally {
    clearTimeout(timer);
  }
}

function summary(w: Worker) {
  const s = status(w);
  return s
    ? {
        worker: w.name,
        stored: s.stored,
        acked: s.acked,
        alreadyStored: s.alreadyStored,
        redeliveries: s.redeliveries,
        refused: s.refused,
        writeErrors: s.writeErrors,
        lastError: s.lastError,
      }
    : { worker: w.name, stored: 0 };
}

// ---- publishing and counting -------------------------------------------------------------------

async function publish(nats: string, stream: string, csv: string) {
  const nc = await connect({ servers: nats });
  const subject = `${stream}.flows`;
  await ensureStream(await nc.jetstreamManager(), { servers: nats, subject, stream });
  const t = Date.now();
  const r = await publishFlows(
    nc.jetstream(),
    [{ name: 'flows.csv', open: () => createReadStream(csv) }],
    {
      subject,
      format: 'ndjson',
      ratePerSec: 0,
      window: 1024,
      placeholders: DEFAULT_FEED_CONFIG.unlabelledLabels,
      labels: lineLabels(),
    },
  );
  await nc.drain();
  return {
    published: r.published,
    skipped: r.skipped,
    firstSeq: r.firstSeq,
    lastSeq: r.lastSeq,
    seconds: since(t),
  };
}

/** Alerts of the stream's dataset counted by stream sequence, against the published range. */
async function count(db: string, stream: string, firstSeq: number, lastSeq: number) {
  const [ds] = await sql<{ id: number }>(db, 'SELECT id FROM datasets WHERE name = $1', [
    streamDatasetName(stream),
  ]);
  if (!ds) throw new Error(`no dataset for stream ${stream}`);
  const [c] = await sql<Record<string, string | null>>(
    db,
    `SELECT count(*) AS total, count(DISTINCT stream_seq) AS distinct_seqs,
            min(stream_seq) AS min, max(stream_seq) AS max,
            count(*) FILTER (WHERE stream_seq IS NULL) AS without_seq
       FROM alerts WHERE dataset_id = $1`,
    [ds.id],
  );
  const [lost] = await sql<{ n: string }>(
    db,
    `SELECT count(*) AS n FROM generate_series($2::bigint, $3::bigint) AS s(seq)
      WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dataset_id = $1 AND a.stream_seq = s.seq)`,
    [ds.id, firstSeq, lastSeq],
  );
  const [dup] = await sql<{ n: string }>(
    db,
    `SELECT count(*) AS n FROM (SELECT stream_seq FROM alerts WHERE dataset_id = $1
       GROUP BY stream_seq HAVING count(*) > 1) d`,
    [ds.id],
  );
  const [flowRows] = await sql<{ n: string }>(
    db,
    'SELECT count(*) AS n FROM flows WHERE dataset_id = $1',
    [ds.id],
  );
  const n = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    alerts: n(c!.total),
    distinctSeqs: n(c!.distinct_seqs),
    minSeq: n(c!.min),
    maxSeq: n(c!.max),
    alertsWithoutSeq: n(c!.without_seq),
    flows: n(flowRows!.n),
    lostSeqs: n(lost!.n),
    duplicatedSeqs: n(dup!.n),
  };
}

/** One request that reads the database; true when it answered 200 within 2 s. */
async function probe(url: string, token: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/api/datasets.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

// ---- the cases ---------------------------------------------------------------------------------

const stamp = Date.now();
const LIMIT_MS = 9 * 60_000;

async function killCase(db: string, nats: string, csv: string) {
  const stream = `FAULT_KILL_${stamp}`;
  log(`kill: publishing ${killFlows} flows`);
  const pub = await publish(nats, stream, csv);
  log(`kill: published in ${pub.seconds} s; 2 workers`);
  const t0 = Date.now();
  const a = startWorker(db, nats, stream, 'a');
  const b = startWorker(db, nats, stream, 'b');
  await waitStored([a, b], Math.round(pub.published * 0.3), LIMIT_MS);
  const storedAtKill = storedBy([a, b]);
  a.child.kill('SIGKILL');
  const killedAt = since(t0);
  log(`kill: kill -9 worker a at ${storedAtKill} stored (${killedAt} s)`);
  await a.exit;
  await sleep(3000);
  const a2 = startWorker(db, nats, stream, 'a-restarted');
  const exits = await waitExit([b, a2], LIMIT_MS);
  const seconds = since(t0);
  log(`kill: drained in ${seconds} s; counting`);
  return {
    case: 'kill -9 one of 2 workers at ~30%, restarted 3 s later',
    stream,
    publish: pub,
    storedAtKill,
    killedAtSeconds: killedAt,
    drainSeconds: seconds,
    flowsPerSec: Math.round(pub.published / seconds),
    exits: exits.map((e) => ({ code: e.code, signal: e.signal, stderr: e.code ? e.stderr : '' })),
    workers: [a, b, a2].map(summary),
    count: await count(db, stream, pub.firstSeq!, pub.lastSeq!),
  };
}

async function pgCase(
  db: string,
  nats: string,
  csv: string,
  cluster: { stop(): Promise<void>; start(): Promise<void> },
) {
  const stream = `FAULT_PG_${stamp}`;
  const token = 'fault-probe-token-'.padEnd(40, 'x');
  const analystsFile = join(scratch, 'analysts.json');
  writeFileSync(analystsFile, JSON.stringify([{ name: 'probe', token }]));
  log('pg: starting rampart serve');
  const serve = await startServe(db, join(scratch, 'serve-data'), analystsFile);
  log(`pg: serve at ${serve.url}; publishing ${flows} flows`);
  const pub = await publish(nats, stream, csv);
  // The server's consoles hear the workers' commits through LISTEN/NOTIFY: count what arrives.
  const events: number[] = [];
  const ws = new WebSocket(`${serve.url.replace('http', 'ws')}/events?token=${token}`);
  ws.on('message', (d: Buffer) => {
    if (String(d).includes('"alerts.changed"')) events.push(Date.now());
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const probes: { t: number; ok: boolean }[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t = Date.now();
      probes.push({ t, ok: await probe(serve.url, token) });
      await sleep(Math.max(0, 250 - (Date.now() - t)));
    }
  })();
  const t0 = Date.now();
  const a = startWorker(db, nats, stream, 'a');
  const b = startWorker(db, nats, stream, 'b');
  await waitStored([a, b], Math.round(pub.published * 0.3), LIMIT_MS);
  const storedAtStop = storedBy([a, b]);
  const stopAt = Date.now();
  await cluster.stop();
  log(`pg: PostgreSQL stopped at ${storedAtStop} stored`);
  await sleep(3000);
  await cluster.start();
  const upAt = Date.now();
  log(`pg: PostgreSQL up again after ${(upAt - stopAt) / 1000} s`);
  // The workers store again once their stored count moves past what it was at the restart.
  const storedAtUp = storedBy([a, b]);
  let workersBackAt: number | null = null;
  while (workersBackAt === null && Date.now() - upAt < 120_000) {
    if (storedBy([a, b]) > storedAtUp) workersBackAt = Date.now();
    else if ([a, b].every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) break;
    else await sleep(100);
  }
  const exits = await waitExit([a, b], LIMIT_MS);
  const seconds = since(t0);
  await sleep(1000);
  probing = false;
  await prober;
  const firstOkAfterUp = probes.find((p) => p.t >= upAt && p.ok);
  const failed = probes.filter((p) => !p.ok);
  const eventsAfterUp = events.filter((t) => t >= upAt).length;
  const serverAnswersAtEnd = await probe(serve.url, token);
  ws.close();
  serve.child.kill('SIGTERM');
  await new Promise((r) => serve.child.once('exit', r));
  const restart = {
    storedAtStop,
    outageSeconds: (upAt - stopAt) / 1000,
    serverSecondsToAnswerAfterStart: firstOkAfterUp ? (firstOkAfterUp.t - upAt) / 1000 : null,
    workersSecondsToStoreAfterStart: workersBackAt ? (workersBackAt - upAt) / 1000 : null,
    probes: probes.length,
    failedProbes: failed.length,
    failedProbesSpanSeconds:
      failed.length > 0 ? (failed[failed.length - 1]!.t - failed[0]!.t) / 1000 : 0,
    alertEventsBeforeStop: events.filter((t) => t < stopAt).length,
    alertEventsAfterStart: eventsAfterUp,
    serverAnswersAtEnd,
  };
  return {
    case: 'PostgreSQL fast shutdown at ~30%, started 3 s later; 2 workers and rampart serve',
    stream,
    publish: pub,
    restart,
    drainSeconds: seconds,
    exits: exits.map((e) => ({ code: e.code, signal: e.signal, stderr: e.code ? e.stderr : '' })),
    workers: [a, b].map(summary),
    serveStderrTail: serve.stderr().slice(-1500),
    count: await count(db, stream, pub.firstSeq!, pub.lastSeq!),
  };
}

async function natsCase(db: string, nats: Pick<TestNats, 'url' | 'halt' | 'start'>, csv: string) {
  const stream = `FAULT_NATS_${stamp}`;
  log(`nats: publishing ${flows} flows`);
  const pub = await publish(nats.url, stream, csv);
  const t0 = Date.now();
  const a = startWorker(db, nats.url, stream, 'a');
  const b = startWorker(db, nats.url, stream, 'b');
  await waitStored([a, b], Math.round(pub.published * 0.3), LIMIT_MS);
  const storedAtStop = storedBy([a, b]);
  const stopAt = Date.now();
  await nats.halt();
  log(`nats: nats-server stopped at ${storedAtStop} stored`);
  await sleep(3000);
  await nats.start();
  const upAt = Date.now();
  const storedAtUp = storedBy([a, b]);
  let workersBackAt: number | null = null;
  while (workersBackAt === null && Date.now() - upAt < 120_000) {
    if (storedBy([a, b]) > storedAtUp + 1000) workersBackAt = Date.now();
    else if ([a, b].every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) break;
    else await sleep(100);
  }
  const exits = await waitExit([a, b], LIMIT_MS);
  return {
    case: 'nats-server stopped (SIGTERM) at ~30%, started 3 s later on the same store; 2 workers',
    stream,
    publish: pub,
    restart: {
      storedAtStop,
      storedAtStart: storedAtUp,
      outageSeconds: (upAt - stopAt) / 1000,
      workersSecondsToStoreAfterStart: workersBackAt ? (workersBackAt - upAt) / 1000 : null,
    },
    drainSeconds: since(t0),
    exits: exits.map((e) => ({ code: e.code, signal: e.signal, stderr: e.code ? e.stderr : '' })),
    workers: [a, b].map(summary),
    count: await count(db, stream, pub.firstSeq!, pub.lastSeq!),
  };
}

// ---- main --------------------------------------------------------------------------------------

const cluster = await startCluster();
const nats = await startNats();
if (!nats) throw new Error(natsMissing() ?? 'nats-server did not start');
const results: unknown[] = [];
try {
  await sql(cluster.url, 'CREATE DATABASE faults');
  const db = cluster.url.replace(/\/postgres$/, '/faults');
  log('loading a detector and policy (demo)');
  await loadedDemoDatabase(db, join(scratch, 'train.csv'));
  const csvs = new Map<number, string>();
  const csvOf = async (n: number) => {
    if (!csvs.has(n)) {
      const file = join(scratch, `flows-${n}.csv`);
      const t1 = Date.now();
      await writeDemoCsv(file, { rows: n, seed: 17, mix: 'balanced' });
      log(`wrote ${n} demo flows in ${since(t1)} s`);
      csvs.set(n, file);
    }
    return csvs.get(n)!;
  };
  for (const c of cases) {
    try {
      if (c === 'kill') results.push(await killCase(db, nats.url, await csvOf(killFlows)));
      else if (c === 'pg') results.push(await pgCase(db, nats.url, await csvOf(flows), cluster));
      else if (c === 'nats') results.push(await natsCase(db, nats, await csvOf(flows)));
      else throw new Error(`unknown case ${c}`);
    } catch (err) {
      results.push({ case: c, error: err instanceof Error ? err.stack : String(err) });
    }
    log(`${c}: ${JSON.stringify((results[results.length - 1] as { count?: unknown }).count)}`);
  }
} finally {
  await nats.stop();
  await cluster.destroy();
  rmSync(scratch, { recursive: true, force: true });
}
const command = [process.argv[0], ...process.execArgv, ...process.argv.slice(1)].join(' ');
const at = new Date().toISOString();
const fresh = results.map((r, i) => ({ name: cases[i], command, at, ...(r as object) }));
let kept: { name?: string }[] = [];
try {
  const old = JSON.parse(readFileSync(outFile, 'utf8')) as { cases?: { name?: string }[] };
  kept = (old.cases ?? []).filter((c) => !cases.includes(c.name ?? ''));
} catch {
  // no earlier report
}
const report = {
  bench: 'team-faults',
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  postgres:
    'throwaway local cluster (fsync=off, synchronous_commit=off), tests/helpers/postgres.ts',
  ackWaitSeconds: ackWait,
  cases: [...kept, ...fresh].sort(
    (a, b) => ['kill', 'pg', 'nats'].indexOf(a.name!) - ['kill', 'pg', 'nats'].indexOf(b.name!),
  ),
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report));
