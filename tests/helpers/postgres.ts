/**
 * A real PostgreSQL for the tests: $RAMPART_TEST_PG (a server URL whose user may CREATE DATABASE),
 * else a throwaway cluster started from the Debian package's binaries (initdb + postgres on a
 * free loopback port, trust auth, in a temp folder; as the `postgres` user when running as root,
 * since initdb refuses root). Each caller gets a fresh database. When neither is possible the
 * caller skips, with `pgUnavailable` saying why.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The folder holding initdb and postgres, or null. */
function pgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Why no PostgreSQL can be had here (tests skip with it), or null when one can. */
export const pgUnavailable: string | null = process.env.RAMPART_TEST_PG
  ? null
  : pgBin()
    ? null
    : 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and RAMPART_TEST_PG is unset';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A started cluster. */
export interface PgCluster {
  /** Admin URL (the postgres database). */
  url: string;
  port: number;
  /** Stop the server (fast shutdown), keeping its files. */
  stop(): Promise<void>;
  /** Start it again on the same port and files. */
  start(): Promise<void>;
  /** Stop it and delete its files. */
  destroy(): Promise<void>;
}

const asRoot = userInfo().uid === 0;

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function waitReady(url: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      return;
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Start a throwaway cluster (needs the Debian binaries). */
export async function startCluster(): Promise<PgCluster> {
  const bin = pgBin();
  if (!bin) throw new Error(pgUnavailable ?? 'no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'rampart-pg-'));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const [c, a] = asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(c, a, { stdio: 'ignore' });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let proc: ChildProcess | null = null;
  const start = async () => {
    const [cmd, args] = asPostgres(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ]);
    proc = spawn(cmd, args, { stdio: 'ignore' });
    await waitReady(url);
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      // Fast shutdown (clients are cut off, as in a real restart), sent to the postmaster itself:
      // runuser does not pass signals on.
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT');
    });
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<{ url: string; destroy: () => Promise<void> }> | null = null;

/** The server this test process uses (started on first use, stopped at exit). */
function server(): Promise<{ url: string; destroy: () => Promise<void> }> {
  if (process.env.RAMPART_TEST_PG) {
    const url = process.env.RAMPART_TEST_PG;
    return Promise.resolve({ url, destroy: async () => {} });
  }
  shared ??= startCluster();
  return shared;
}

/** A fresh, empty database on the test server; returns its URL. */
export async function freshDatabase(prefix = 't'): Promise<string> {
  const { url } = await server();
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Stop the server this process started (call from afterAll). */
export async function stopServer(): Promise<void> {
  if (!shared) return;
  const s = await shared;
  shared = null;
  await s.destroy();
}

/** Run one SQL statement on a database (for tests that look under the store). */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}
