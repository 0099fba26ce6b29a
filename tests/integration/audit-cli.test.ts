/** `rampart audit verify` and `rampart analyst` on real database files, in-process. */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/store';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { runCli } from '../helpers/cli';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-audit-cli-'));
  db = join(dir, 'r.sqlite');
  const s = Store.open(db);
  for (let i = 0; i < 3; i++) s.appendAudit({ actor: 'alice', action: 'note', detail: { i } });
  s.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart audit verify', () => {
  it('exits 0 with the row count and head on a clean log, and pins that head', async () => {
    const r = await runCli(['audit', 'verify', '--db', db]);
    expect(r.code, r.err).toBe(0);
    const m = /^chain intact: 3 rows, head ([0-9a-f]{64}) \(row 3\)$/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    const json = await runCli(['audit', 'verify', '--db', db, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ intact: true, rows: 3, head: { id: 3 } });
    expect((await runCli(['audit', 'verify', '--db', db, '--pin', `3:${m![1]}`])).code).toBe(0);
    const wrong = await runCli(['audit', 'verify', '--db', db, '--pin', `2:${m![1]}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(
      /chain intact: 3 rows, but row 2 has hash [0-9a-f]{64}, not the pinned/,
    );
  });

  it('exits 1 naming the first bad row after a delete behind the triggers', async () => {
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_no_delete');
    raw.prepare('DELETE FROM audit WHERE id = 2').run();
    raw.close();
    const r = await runCli(['audit', 'verify', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^chain broken at row 3: gap in ids \(row 2 missing before row 3\)/);
    const json = await runCli(['audit', 'verify', '--db', db, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      intact: false,
      problem: { row: 3, reason: 'gap in ids' },
    });
  });

  it('refuses a missing database and a wrong command line', async () => {
    const missing = await runCli(['audit', 'verify', '--db', join(dir, 'none.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no database at/);
    expect((await runCli(['audit', 'check', '--db', db])).code).toBe(2);
    expect((await runCli(['audit', 'verify', '--pin', 'abc', '--db', db])).code).toBe(2);
  });

  it('records a CLI load as the OS user', async () => {
    const csv = join(dir, 'a.csv');
    await writeDemoCsv(csv, { rows: 200, seed: 2, mix: 'balanced' });
    expect((await runCli(['ingest', csv, '--db', db])).code).toBe(0);
    const raw = new Database(db, { readonly: true });
    const row = raw.prepare("SELECT actor FROM audit WHERE action = 'data.load'").get();
    raw.close();
    expect(row).toEqual({ actor: userInfo().username });
    expect((await runCli(['audit', 'verify', '--db', db])).out).toMatch(/^chain intact: 4 rows/);
  });
});

describe('rampart analyst', () => {
  it('adds an analyst with a token shown once and kept only as its hash', async () => {
    const r = await runCli(['analyst', 'add', 'bob', '--db', db]);
    expect(r.code, r.err).toBe(0);
    const token = /token \(shown once; give it to bob\): ([0-9a-f]{64})/.exec(r.out)?.[1];
    expect(token).toBeDefined();
    const file = join(dir, 'analysts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(token!);
    expect((await runCli(['analyst', 'list', '--db', db])).out).toBe('bob');
    const again = await runCli(['analyst', 'add', 'bob', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already/);
  });
});
