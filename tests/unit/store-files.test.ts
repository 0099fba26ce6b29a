/**
 * The store's files: private modes (0600 files, 0700 folders it creates, exports too), the
 * read-only open that needs no process lock, busy_timeout riding out another connection's write
 * lock, and the in-process sharing of the process lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDecisions } from '../../src/main/app/queries/exportDecisions';
import { Store } from '../../src/main/store/store';

const root = resolve(__dirname, '../..');
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-store-files-'));
  path = join(dir, 'data', 'nested', 'r.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

/** Run a script with better-sqlite3 in a child process (another process, as a second Rampart is). */
function outside(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ['-e', script, ...args], { cwd: root, encoding: 'utf8' });
}

describe('store files', () => {
  it('creates the database, its -wal / -shm, the lock and the folders private', () => {
    const s = Store.open(path);
    s.createDataset('d', ['a.csv'], false, ['Benign']);
    for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}.lock`])
      expect(mode(f), f).toBe(0o600);
    expect(mode(dirname(path))).toBe(0o700);
    expect(mode(dirname(dirname(path)))).toBe(0o700);
    s.close();
  });

  it('takes group and other access away from an existing database', () => {
    Store.open(path).close();
    chmodSync(path, 0o644);
    const s = Store.open(path);
    expect(mode(path)).toBe(0o600);
    s.close();
  });

  it('writes exports 0600 in a 0700 exports folder', async () => {
    const s = Store.open(':memory:');
    const out = await exportDecisions(s, dir, { what: 'audit', format: 'csv' }, 'headless');
    expect(mode(out.path)).toBe(0o600);
    expect(mode(dirname(out.path))).toBe(0o700);
    s.close();
  });

  it('opens read-only without the lock while another process holds it, and refuses writes', () => {
    const s = Store.open(path);
    s.createDataset('d', ['a.csv'], false, ['Benign']);
    const script = `
      import(process.argv[2]).then(({ Store }) => {
        try { Store.open(process.argv[1]).close(); console.log('writer opened'); }
        catch (e) { console.log(e.message); }
        const r = Store.open(process.argv[1], { readonly: true });
        console.log('datasets ' + r.listDatasets().length);
        try { r.createDataset('x', [], false, []); console.log('wrote'); }
        catch (e) { console.log(e.code); }
        r.close();
      });`;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', script, path, join(root, 'src/main/store/store.ts')],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toContain(`in use by another Rampart process (pid ${process.pid}`);
    expect(lines.slice(1)).toEqual(['datasets 1', 'SQLITE_READONLY']);
    s.close();
  });

  it('refuses a read-only open of a missing database or one that needs migrating', () => {
    expect(() => Store.open(path, { readonly: true })).toThrow(/no database at/);
    Store.open(path).close();
    outside(
      `const D = require('better-sqlite3'); const d = new D(process.argv[1]);
       d.exec('DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)');
       d.close();`,
      path,
    );
    expect(() => Store.open(path, { readonly: true })).toThrow(/older than this Rampart/);
  });

  it('shares the lock between two Stores of one process, and lets go once both close', () => {
    const a = Store.open(path);
    const b = Store.open(path);
    a.close();
    const probe = `
      const D = require('better-sqlite3'); const d = new D(process.argv[1], { timeout: 0 });
      try { d.exec('BEGIN IMMEDIATE'); d.exec('ROLLBACK'); console.log('free'); }
      catch (e) { console.log(e.code); } d.close();`;
    expect(outside(probe, `${path}.lock`).stdout.trim()).toBe('SQLITE_BUSY');
    b.close();
    expect(outside(probe, `${path}.lock`).stdout.trim()).toBe('free');
  });

  it('waits out another connection’s write lock (busy_timeout) instead of failing', async () => {
    const s = Store.open(path);
    // Another process takes the write lock for 400 ms (as a checkpointing client would).
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const d = new D(process.argv[1]);
         d.exec('BEGIN IMMEDIATE'); console.log('held');
         setTimeout(() => { d.exec('COMMIT'); d.close(); }, 400);`,
        path,
      ],
      { cwd: root },
    );
    await new Promise<void>((res) => child.stdout.once('data', () => res()));
    const t0 = Date.now();
    const id = s.createDataset('during', ['a.csv'], false, ['Benign']);
    expect(id).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    await new Promise((res) => child.once('exit', res));
    s.close();
  });
});
