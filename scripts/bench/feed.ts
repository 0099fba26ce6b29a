/**
 * Sustained live ingest: a sender process streams CICFlowMeter CSV rows over TCP at a fixed rate
 * into a `tcp` feed of the real app service (detector and policy trained on a labelled demo load
 * first); reports what was sent, received, accepted and stored (no flow may be lost), the
 * end-to-end latency from handing a row to the socket until its alert (and recommendation) is
 * committed and announced by alerts.changed, and the host's peak RSS.
 *
 *   node --import tsx scripts/bench/feed.ts [--seconds 60] [--rate 10000] [--dir DIR]
 *
 * prints one JSON line; `benchFeed()` is the same as a function.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type { AppService } from '../../src/main/app/types';
import type { FeedStatus, JobFinished } from '../../src/shared/contract';

/** Settings of {@link benchFeed}; every field has a default. */
export interface FeedBenchOptions {
  /** Seconds of sending. Default 60. */
  seconds: number;
  /** Flows per second sent. Default 10,000. */
  rate: number;
  /** Scratch folder for the database and CSVs (removed afterwards). Default <tmp>/rampart-bench-feed. */
  dir: string;
  /** Labelled demo rows loaded first to train the detector and policy. Default 20,000. */
  trainRows: number;
  /** Distinct rows the sender cycles through. Default 20,000. */
  sendRows: number;
  /**
   * Runs beside the feed (e.g. a browser on the console): started once the feed listens, before
   * the sender; its finisher is awaited after the sender ends and its result is `during`.
   */
  during?: (svc: AppService, feed: FeedStatus) => Promise<() => Promise<unknown>>;
}

export const DEFAULT_FEED_BENCH: FeedBenchOptions = {
  seconds: 60,
  rate: 10_000,
  dir: join(tmpdir(), 'rampart-bench-feed'),
  trainRows: 20_000,
  sendRows: 20_000,
};

/** What {@link benchFeed} measured. */
export interface FeedBenchResult {
  phase: 'feed';
  seconds: number;
  targetRatePerSec: number;
  sent: number;
  /** Achieved send rate (rows handed to the socket per second). */
  sendRatePerSec: number;
  received: number;
  accepted: number;
  malformed: number;
  /** Flows in the feed's dataset after stop. */
  stored: number;
  /** sent − stored (must be 0). */
  lost: number;
  /** Stored flows per second from the first row sent until the feed stopped. */
  storeRatePerSec: number;
  /** Advice rows the recommender wrote for the feed's alerts (one per class and signature per batch). */
  adviceRows: number;
  /** Database size (with WAL) after the run. */
  dbMiB: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Peak resident memory of the host process (the app service and the feed). */
  peakRssMiB: number;
  /** What the `during` hook returned. */
  during?: unknown;
  machine: { cpus: number; cpu: string | undefined; memGiB: number; node: string };
}

/** The sender, as plain JS run by a separate node process so it does not share our event loop. */
const SENDER = String.raw`
const net = require('node:net');
const fs = require('node:fs');
const [port, token, rate, seconds, file] = process.argv.slice(1);
const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
const total = Number(rate) * Number(seconds);
const now = () => performance.timeOrigin + performance.now();
const ticks = [];
let sent = 0;
const sock = net.connect(Number(port), '127.0.0.1', () => {
  sock.write('AUTH ' + token + '\n' + header + '\n');
  const t0 = now();
  const tick = () => {
    const due = Math.min(total, Math.floor(((now() - t0) / 1000) * Number(rate)));
    if (due > sent) {
      let s = '';
      for (; sent < due; sent++) s += rows[sent % rows.length] + '\n';
      ticks.push([now(), sent]);
      sock.write(s);
    }
    if (sent < total) setTimeout(tick, 5);
    else sock.end();
  };
  tick();
});
sock.on('error', (e) => { console.error(e); process.exit(1); });
sock.on('close', () => process.exit(0));
// Written at exit, synchronously, whatever ends the process.
process.on('exit', () => fs.writeSync(1, JSON.stringify({ sent, ticks })));
`;

/** Runs the sender to the end; resolves with its tick log ([time ms, rows sent so far]). */
function runSender(
  port: number,
  token: string,
  o: FeedBenchOptions,
  csv: string,
): Promise<{ sent: number; ticks: [number, number][] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-e', SENDER, String(port), token, String(o.rate), String(o.seconds), csv],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    // 'close', not 'exit': stdout may still hold the tick log when the process exits.
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`sender exited with ${code}`));
      resolve(JSON.parse(out) as { sent: number; ticks: [number, number][] });
    });
  });
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Load a CSV through the service's own load job (detector, policy and all) and wait for it. */
export async function loadCsv(svc: AppService, csv: string): Promise<void> {
  let jobId = '';
  const loaded = new Promise<JobFinished>((resolve) => {
    svc.events.subscribe((event, payload) => {
      if (event === 'job.finished' && (payload as JobFinished).jobId === jobId)
        resolve(payload as JobFinished);
    });
  });
  const r = await dispatch(
    svc.handlers,
    'datasets.loadPaths',
    { paths: [csv] },
    { actor: 'bench' },
  );
  jobId = (r as { jobId: string }).jobId;
  const fin = await loaded;
  if (!fin.ok) throw new Error(`loading ${csv} failed: ${fin.error}`);
}

/** Measure sustained live ingest over TCP (see the file's comment). */
export async function benchFeed(options: Partial<FeedBenchOptions> = {}): Promise<FeedBenchResult> {
  const o: FeedBenchOptions = { ...DEFAULT_FEED_BENCH, ...options };
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  const trainCsv = join(o.dir, 'train.csv');
  const sendCsv = join(o.dir, 'send.csv');
  await writeDemoCsv(trainCsv, { rows: o.trainRows, seed: 1, mix: 'balanced' });
  await writeDemoCsv(sendCsv, { rows: o.sendRows, seed: 2, mix: 'paper' });
  const svc = await createAppService({
    dbPath: join(o.dir, 'bench.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  try {
    const call = (name: Parameters<typeof dispatch>[1], args: unknown) =>
      dispatch(svc.handlers, name, args, { actor: 'bench' });
    await loadCsv(svc, trainCsv);

    const before = new Database(svc.dbPath, { readonly: true });
    const adviceBefore = (before.prepare('SELECT COUNT(*) AS n FROM advice').get() as { n: number })
      .n;
    before.close();
    const feed = (await call('feed.start', { kind: 'tcp' })) as FeedStatus;
    // Each alerts.changed of the feed: when, and how many alerts it announced (in flow order).
    const stored: [number, number][] = [];
    svc.events.subscribe((event, payload) => {
      if (event !== 'alerts.changed') return;
      const p = payload as { datasetId: number; alertIds: number[] };
      if (p.datasetId === feed.datasetId)
        stored.push([performance.timeOrigin + performance.now(), p.alertIds.length]);
    });
    const finishDuring = o.during ? await o.during(svc, feed) : null;
    const t0 = performance.timeOrigin + performance.now();
    const sender = await runSender(feed.address!.port, feed.token!, o, sendCsv);
    const during = finishDuring ? await finishDuring() : undefined;
    const final = (await call('feed.stop', { feedId: feed.feedId })) as FeedStatus;
    const elapsed = (performance.timeOrigin + performance.now() - t0) / 1000;

    const db = new Database(svc.dbPath, { readonly: true });
    const one = (sql: string, ...p: unknown[]): number =>
      (db.prepare(sql).get(...p) as { n: number }).n;
    const flows = one('SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ?', final.datasetId);
    const adviceRows = one('SELECT COUNT(*) AS n FROM advice') - adviceBefore;
    db.close();
    const dbMiB =
      ['', '-wal'].reduce(
        (sum, suffix) =>
          sum + (existsSync(svc.dbPath + suffix) ? statSync(svc.dbPath + suffix).size : 0),
        0,
      ) /
      2 ** 20;

    // Flow k was handed to the socket at the first tick whose running total exceeds k, and
    // stored at the alerts.changed whose running total first exceeds k.
    const lat = new Float64Array(Math.min(sender.sent, flows));
    let tick = 0;
    let k = 0;
    for (const [at, n] of stored) {
      for (let j = 0; j < n && k < lat.length; j++, k++) {
        while (tick < sender.ticks.length - 1 && sender.ticks[tick]![1] <= k) tick++;
        lat[k] = at - sender.ticks[tick]![0];
      }
    }
    lat.sort();
    return {
      phase: 'feed',
      seconds: o.seconds,
      targetRatePerSec: o.rate,
      sent: sender.sent,
      sendRatePerSec: Math.round(sender.sent / o.seconds),
      received: final.received,
      accepted: final.accepted,
      malformed: final.malformed,
      stored: flows,
      lost: sender.sent - flows,
      storeRatePerSec: Math.round(flows / elapsed),
      adviceRows,
      dbMiB: Math.round(dbMiB),
      latencyMs: {
        p50: Math.round(quantile(lat, 0.5)),
        p95: Math.round(quantile(lat, 0.95)),
        p99: Math.round(quantile(lat, 0.99)),
        max: Math.round(lat[lat.length - 1] ?? NaN),
      },
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...(during === undefined ? {} : { during }),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
    };
  } finally {
    await svc.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const num = (name: string): number | undefined =>
    arg(name) === undefined ? undefined : Number(arg(name));
  const opts: Partial<FeedBenchOptions> = {};
  if (num('seconds') !== undefined) opts.seconds = num('seconds')!;
  if (num('rate') !== undefined) opts.rate = num('rate')!;
  if (arg('dir') !== undefined) opts.dir = arg('dir')!;
  console.log(JSON.stringify(await benchFeed(opts)));
}
