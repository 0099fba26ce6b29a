/**
 * Finding 4: a request naming the server's own database file must never make the server open it,
 * because closing that descriptor releases every POSIX lock the process holds on the database
 * (then an outside client can take it over, checkpoint and delete the -wal under the server).
 * The real core behind the real headless host, in this process: so this process is the server,
 * and /proc/locks shows its locks on the database's inode.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { createHeadlessHost, type HeadlessHost } from '../../src/main/transports/server/host';

const root = resolve(__dirname, '../..');
const linux = existsSync('/proc/locks');

let dir: string;
let db: string;
let svc: AppService;
let host: HeadlessHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-own-files-'));
  db = join(dir, 'data', 'rampart.sqlite');
  svc = await createAppService({ dbPath: db, host: 'headless', seedDemo: false });
  host = await createHeadlessHost({ service: svc, rendererDir: join(dir, 'no-renderer') });
});

afterAll(async () => {
  await host?.close();
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  ok: boolean;
  error?: string;
  code?: string;
  result?: unknown;
}

async function api(name: string, body: unknown): Promise<{ status: number; json: Reply }> {
  const r = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Reply };
}

/** This process's POSIX locks on the database file, from /proc/locks. */
function myLocksOnDb(): string[] {
  const ino = statSync(db).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .filter((line) => {
      const f = line.trim().split(/\s+/);
      // "1: POSIX  ADVISORY  READ <pid> <maj>:<min>:<inode> <start> <end>"
      return f[1] === 'POSIX' && f[4] === String(process.pid) && f[5]?.endsWith(`:${ino}`);
    });
}

/** Whether another process can take the database for itself (it cannot while we hold our lock). */
function outsiderGetsExclusive(): boolean {
  const script = `
    const Database = require('better-sqlite3');
    const d = new Database(process.argv[1], { timeout: 0 });
    try { d.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE'); d.exec('ROLLBACK'); console.log('exclusive'); }
    catch (e) { console.log(e.code); }
    d.close();`;
  const r = spawnSync(process.execPath, ['-e', script, db], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() === 'exclusive';
}

describe.skipIf(!linux)('the server never opens its own database files (finding 4)', () => {
  it('holds a lock on the database that an outside process cannot override, to begin with', () => {
    expect(myLocksOnDb().length).toBeGreaterThan(0);
    expect(outsiderGetsExclusive()).toBe(false);
  });

  it('refuses datasets.loadPaths on the database, a symlink, a hard link, -wal and -shm with 400', async () => {
    const link = join(dir, 'innocent.csv');
    symlinkSync(db, link);
    const hard = join(dir, 'hard.csv');
    linkSync(db, hard);
    const dataLink = join(dir, 'data-link');
    symlinkSync(join(dir, 'data'), dataLink);
    const cases = [
      db,
      link,
      hard,
      `${db}-wal`,
      `${db}-shm`,
      join(dataLink, 'rampart.sqlite-wal'),
      join(dir, 'data', '..', 'data', 'rampart.sqlite'),
    ];
    for (const path of cases) {
      const r = await api('datasets.loadPaths', { paths: [path] });
      expect(r.status, path).toBe(400);
      expect(r.json).toMatchObject({ ok: false, code: 'invalid_request' });
      expect(r.json.error).toMatch(/own database|database's (write-ahead log|shared-memory index)/);
    }
    // One own file among good ones refuses the whole request: nothing starts.
    const mixed = await api('datasets.loadPaths', {
      paths: [join(root, 'tests/fixtures/ingest/traffic.csv'), link],
    });
    expect(mixed.status).toBe(400);
    expect((await api('datasets.list', {})).json.result).toEqual([]);
    expect(myLocksOnDb().length).toBeGreaterThan(0);
    expect(outsiderGetsExclusive()).toBe(false);
  });

  it('refuses a -journal that does not exist yet, through a dangling symlink', async () => {
    const dangling = join(dir, 'later.csv');
    symlinkSync(`${db}-journal`, dangling);
    const r = await api('datasets.loadPaths', { paths: [dangling] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/rollback journal/);
  });

  it('refuses advisor.setModel and tail / replay feeds on the database with 400', async () => {
    const model = await api('advisor.setModel', { path: db });
    expect(model.status).toBe(400);
    expect(model.json.error).toMatch(/own database/);
    const tail = await api('feed.start', { kind: 'tail', path: `${db}-wal` });
    expect(tail.status).toBe(400);
    expect(tail.json.error).toMatch(/write-ahead log/);
    const replay = await api('feed.start', { kind: 'replay', path: join(dir, 'innocent.csv') });
    expect(replay.status).toBe(400);
    expect(replay.json.error).toMatch(/own database/);
    const lock = await api('datasets.loadPaths', { paths: [`${db}.lock`] });
    expect(lock.status).toBe(400);
    expect(myLocksOnDb().length).toBeGreaterThan(0);
    expect(outsiderGetsExclusive()).toBe(false);
    expect(existsSync(`${db}-wal`)).toBe(true);
  });

  it('(control) opening and closing the file in this process is exactly what would lose the lock', () => {
    // What the refusals prevent: one open + close drops every lock this process held on the file,
    // and an outside process then gets the database to itself. This proves the checks above can fail.
    closeSync(openSync(db, 'r'));
    expect(myLocksOnDb()).toEqual([]);
    expect(outsiderGetsExclusive()).toBe(true);
  });
});
