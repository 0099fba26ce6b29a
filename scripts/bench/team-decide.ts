/**
 * Two analysts deciding the same alerts at once, through two `rampart serve` processes on one
 * PostgreSQL database (each analyst on their own server, with their own token from one analysts
 * file):
 *
 * 1. Propagation: analyst A approves --events alerts one at a time on server A; for each, the time
 *    from A's response until analyst B's console WebSocket on server B receives the
 *    `alerts.changed` event naming that alert (LISTEN/NOTIFY between the servers).
 * 2. Contention: both analysts approve the same --alerts pending alerts at once (A in ascending,
 *    B in descending id order, --concurrency requests in flight each), every request with
 *    `expectStatus: 'pending'`: exactly one must win each alert, the other gets HTTP 409
 *    `conflict`. Then: decisions per alert (expect exactly one each), lost decisions (a 200 whose
 *    decision is not in the table), audit rows added, and `rampart audit verify --db`.
 *
 *   node --import tsx scripts/bench/team-decide.ts [--alerts 1000] [--events 50]
 *     [--concurrency 8] [--out bench-results/team-decide/report.json]
 *
 * PostgreSQL is a throwaway cluster (tests/helpers/postgres.ts) loaded with a labelled demo
 * dataset (detector, policy, recommendations) by the app service itself.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import WebSocket from 'ws';
import { sql, startCluster } from '../../tests/helpers/postgres';
import { loadedDemoDatabase } from '../../tests/helpers/service';
import { startServe } from './serveProcess';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'src/main/transports/cli/index.ts');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const nAlerts = Number(arg('alerts', '1000'));
const nEvents = Number(arg('events', '50'));
const concurrency = Number(arg('concurrency', '8'));
const outFile = resolve(root, arg('out', 'bench-results/team-decide/report.json'));
const scratch = mkdtempSync(join(tmpdir(), 'rampart-team-decide-'));
const dataDir = join(scratch, 'data');
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const pct = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

interface Outcome {
  alertId: number;
  status: number;
  code: string | null;
  ms: number;
  error?: string;
}

async function decide(url: string, token: string, alertId: number): Promise<Outcome> {
  const t = performance.now();
  const r = await fetch(`${url}/api/alerts.decide`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ alertIds: [alertId], decision: 'approve', expectStatus: 'pending' }),
  });
  const body = (await r.json()) as { code?: string; error?: string };
  const ms = performance.now() - t;
  const error = r.ok ? undefined : body.error?.slice(0, 300);
  return { alertId, status: r.status, code: body.code ?? null, ms, error };
}

/** Decide `ids` in order with `k` requests in flight. */
async function decideAll(url: string, token: string, ids: number[], k: number) {
  const out: Outcome[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next < ids.length) out.push(await decide(url, token, ids[next++]!));
    }),
  );
  return { outcomes: out, seconds: (performance.now() - t) / 1000 };
}

/** A console's event socket; `waitFor(id)` resolves when an alerts.changed names the alert. */
async function consoleSocket(url: string, token: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/events?token=${token}`);
  const seen = new Map<number, number>();
  const waiting = new Map<number, (t: number) => void>();
  ws.on('message', (d: Buffer) => {
    const now = performance.now();
    const m = JSON.parse(String(d)) as { event: string; payload: { alertIds?: number[] } };
    if (m.event !== 'alerts.changed') return;
    for (const id of m.payload.alertIds ?? []) {
      if (!seen.has(id)) seen.set(id, now);
      waiting.get(id)?.(now);
      waiting.delete(id);
    }
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return {
    ws,
    seen,
    waitFor: (id: number, ms: number) =>
      new Promise<number | null>((res) => {
        if (seen.has(id)) return res(seen.get(id)!);
        const timer = setTimeout(() => (waiting.delete(id), res(null)), ms);
        waiting.set(id, (t) => (clearTimeout(timer), res(t)));
      }),
  };
}

const cluster = await startCluster();
const servers: ChildProcess[] = [];
let report: Record<string, unknown> = {};
try {
  await sql(cluster.url, 'CREATE DATABASE decide');
  const db = cluster.url.replace(/\/postgres$/, '/decide');
  const rows = Math.max(4000, Math.ceil((nAlerts + nEvents) * 3));
  log(`loading a labelled ${rows}-row demo dataset (detector, policy, recommendations)`);
  await loadedDemoDatabase(db, join(scratch, 'demo.csv'), rows);
  const pending = (
    await sql<{ id: number }>(
      db,
      `SELECT a.id FROM alerts a JOIN recommendations r ON r.alert_id = a.id
        WHERE a.status = 'pending' ORDER BY a.id LIMIT $1`,
      [nAlerts + nEvents],
    )
  ).map((r) => Number(r.id));
  if (pending.length < nAlerts + nEvents)
    throw new Error(`only ${pending.length} pending alerts with a recommendation`);
  const eventIds = pending.slice(0, nEvents);
  const ids = pending.slice(nEvents);

  const tokens = { alice: 'alice-token-'.padEnd(44, 'a'), bob: 'bob-token-'.padEnd(44, 'b') };
  const analystsFile = join(scratch, 'analysts.json');
  writeFileSync(
    analystsFile,
    JSON.stringify(Object.entries(tokens).map(([name, token]) => ({ name, token }))),
  );
  log('starting two rampart serve processes on the database');
  const [sa, sb] = await Promise.all([
    startServe(db, dataDir, analystsFile),
    startServe(db, dataDir, analystsFile),
  ]);
  servers.push(sa.child, sb.child);
  const consoleB = await consoleSocket(sb.url, tokens.bob);

  // 1. Propagation: A decides on server A, B's console on server B hears of it.
  log(`propagation: ${nEvents} decisions by alice on server A, watched by bob's console on B`);
  const afterResponse: number[] = [];
  const afterRequest: number[] = [];
  let missed = 0;
  for (const id of eventIds) {
    const t0 = performance.now();
    const o = await decide(sa.url, tokens.alice, id);
    const tResp = performance.now();
    if (o.status !== 200) throw new Error(`decision on ${id} failed: ${o.status} ${o.code}`);
    const tEvent = await consoleB.waitFor(id, 5000);
    if (tEvent === null) missed++;
    else {
      afterResponse.push(tEvent - tResp);
      afterRequest.push(tEvent - t0);
    }
  }

  // 2. Contention: both decide the same alerts at once.
  const auditBefore = Number(
    (await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM audit'))[0]!.n,
  );
  log(`contention: alice (server A) and bob (server B) both approve the same ${ids.length} alerts`);
  const t = performance.now();
  const [ra, rb] = await Promise.all([
    decideAll(sa.url, tokens.alice, ids, concurrency),
    decideAll(sb.url, tokens.bob, [...ids].reverse(), concurrency),
  ]);
  const wallSeconds = (performance.now() - t) / 1000;
  const auditAfter = Number(
    (await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM audit'))[0]!.n,
  );
  const decisions = await sql<{ alert_id: number; actor: string }>(
    db,
    'SELECT alert_id, actor FROM decisions WHERE alert_id = ANY($1::bigint[])',
    [ids],
  );
  const perAlert = new Map<number, string[]>();
  for (const d of decisions) {
    const k = Number(d.alert_id);
    perAlert.set(k, [...(perAlert.get(k) ?? []), d.actor]);
  }
  const stillPending = Number(
    (
      await sql<{ n: string }>(
        db,
        `SELECT count(*) AS n FROM alerts WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
        [ids],
      )
    )[0]!.n,
  );
  const analyst = (name: 'alice' | 'bob', r: typeof ra) => {
    const ok = r.outcomes.filter((o) => o.status === 200);
    const conflicts = r.outcomes.filter((o) => o.status === 409 && o.code === 'conflict');
    const other = r.outcomes.filter((o) => o.status !== 200 && !conflicts.includes(o));
    const lost = ok.filter((o) => !(perAlert.get(o.alertId) ?? []).includes(name)).length;
    const ms = r.outcomes.map((o) => o.ms);
    return {
      requests: r.outcomes.length,
      decided: ok.length,
      conflicts: conflicts.length,
      otherErrors: other.length,
      otherErrorExamples: other.slice(0, 3),
      lostDecisions: lost,
      seconds: Math.round(r.seconds * 100) / 100,
      requestsPerSec: Math.round(r.outcomes.length / r.seconds),
      latencyMs: { p50: pct(ms, 50), p95: pct(ms, 95), max: pct(ms, 100) },
    };
  };
  const verify = spawnSync(
    process.execPath,
    ['--import', 'tsx', cli, 'audit', 'verify', '--db', db, '--json'],
    { cwd: root, encoding: 'utf8' },
  );
  const verdict = spawnSync(
    process.execPath,
    ['--import', 'tsx', cli, 'audit', 'verify', '--db', db],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const counts = [...perAlert.values()].map((v) => v.length);
  report = {
    propagation: {
      decisions: nEvents,
      path: "alice's POST /api/alerts.decide on server A → bob's /events WebSocket on server B",
      eventMissedWithin5s: missed,
      // Negative: B's console heard of the decision before A's response arrived (the response
      // also waits for the knowledge-graph update that follows the commit).
      eventBeforeResponse: afterResponse.filter((ms) => ms < 0).length,
      msFromResponseToEvent: {
        p50: pct(afterResponse, 50),
        p95: pct(afterResponse, 95),
        max: pct(afterResponse, 100),
      },
      msFromRequestToEvent: {
        p50: pct(afterRequest, 50),
        p95: pct(afterRequest, 95),
        max: pct(afterRequest, 100),
      },
    },
    contention: {
      alerts: ids.length,
      concurrencyPerAnalyst: concurrency,
      orders: 'alice ascending ids on server A, bob descending ids on server B',
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      totalRequestsPerSec: Math.round((ra.outcomes.length + rb.outcomes.length) / wallSeconds),
      alice: analyst('alice', ra),
      bob: analyst('bob', rb),
      alertsWithExactlyOneDecision: counts.filter((c) => c === 1).length,
      alertsWithSeveralDecisions: counts.filter((c) => c > 1).length,
      alertsWithoutDecision: ids.length - perAlert.size,
      alertsStillPending: stillPending,
      auditRowsAdded: auditAfter - auditBefore,
      auditVerify: {
        exitCode: verify.status,
        verdict: verdict.stdout.trim(),
        json: (() => {
          try {
            return JSON.parse(verify.stdout) as unknown;
          } catch {
            return verify.stdout + verify.stderr;
          }
        })(),
      },
    },
    serverStderrTail: [sa.stderr().slice(-800), sb.stderr().slice(-800)],
  };
} finally {
  for (const s of servers) {
    s.kill('SIGTERM');
    if (s.exitCode === null) await new Promise((r) => s.once('exit', r));
  }
  await cluster.destroy();
  rmSync(scratch, { recursive: true, force: true });
}
const out = {
  bench: 'team-decide',
  command: [process.argv[0], ...process.execArgv, ...process.argv.slice(1)].join(' '),
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  postgres:
    'throwaway local cluster (fsync=off, synchronous_commit=off), tests/helpers/postgres.ts',
  servers: 2,
  at: new Date().toISOString(),
  ...report,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out));
