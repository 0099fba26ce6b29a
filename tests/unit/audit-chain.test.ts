/**
 * The audit log's hash chain on real SQLite files: the canonical hash against a value computed
 * outside the code (sha256sum), a clean log, and the edits the triggers cannot stop from a raw
 * connection (INSERT OR REPLACE without recursive_triggers, DELETE after DROP TRIGGER, a deleted
 * tail), each named by `verify` at the first bad row; and migration 5 chaining an old log.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRowHash, canonicalAuditText, GENESIS_HASH } from '../../src/main/store/auditLog';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { Store } from '../../src/main/store/store';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-audit-'));
  path = join(dir, 'r.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store with `n` audit rows, closed again. */
function seeded(n: number): void {
  const s = Store.open(path);
  for (let i = 1; i <= n; i++)
    s.appendAudit({ actor: `analyst-${i}`, action: 'note', subject: `x:${i}`, detail: { i } });
  s.close();
}

/** Run `fn` on a raw connection to the database (no recursive_triggers: SQLite's default). */
function raw(fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

function verify(): ReturnType<Store['audit']['verify']> {
  const s = Store.open(path);
  try {
    return s.audit.verify();
  } finally {
    s.close();
  }
}

describe('audit hash chain', () => {
  it('hashes the canonical form documented in the README (checked against sha256sum)', () => {
    const row = {
      id: 1,
      at: '2026-01-02T03:04:05.000Z',
      actor: 'alice',
      action: 'alert.approve',
      subject: 'alert:7',
      automatic: 0,
      detail: '{"note":"é"}',
    };
    expect(canonicalAuditText(row, GENESIS_HASH)).toBe(
      `["rampart.audit.v1",1,"2026-01-02T03:04:05.000Z","alice","alert.approve","alert:7",0,"{\\"note\\":\\"é\\"}","${GENESIS_HASH}"]`,
    );
    // printf '%s' '<the text above>' | sha256sum
    expect(auditRowHash(row, GENESIS_HASH)).toBe(
      '50543a4ed5a64da5d09d4b6d0e4770ddc6a0d4d91de5c15a1f306df862ae6266',
    );
    // Every column counts.
    expect(auditRowHash({ ...row, automatic: 1 }, GENESIS_HASH)).not.toBe(
      auditRowHash(row, GENESIS_HASH),
    );
    expect(auditRowHash({ ...row, subject: null }, GENESIS_HASH)).not.toBe(
      auditRowHash(row, GENESIS_HASH),
    );
  });

  it('is intact on a clean log: each row links to the one before, the head is the last', () => {
    const s = Store.open(path);
    expect(s.audit.verify()).toEqual({ intact: true, rows: 0, head: null, problem: null });
    for (let i = 0; i < 5; i++) s.appendAudit({ actor: 'a', action: 'note', detail: { i } });
    const state = s.audit.verify();
    s.close();
    expect(state).toMatchObject({ intact: true, rows: 5, problem: null });
    raw((db) => {
      const rows = db.prepare('SELECT id, prev_hash, hash FROM audit ORDER BY id').all() as {
        id: number;
        prev_hash: string;
        hash: string;
      }[];
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
      expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      expect(state.head).toEqual({ id: 5, hash: rows[4]!.hash });
      expect(db.prepare('SELECT last_id AS id, hash FROM audit_head').get()).toEqual(state.head);
    });
  });

  it('refuses INSERT OR REPLACE on the store’s connection and on a raw one', () => {
    seeded(3);
    const s = Store.open(path);
    s.close();
    raw((db) => {
      const forge = db.prepare(
        `INSERT OR REPLACE INTO audit (id, at, actor, action, subject, automatic, detail)
         VALUES (2, '2026-01-01T00:00:00.000Z', 'mallory', 'note', NULL, 0, NULL)`,
      );
      expect(() => forge.run()).toThrow(/append-only/);
      // With recursive_triggers on (as the store sets it) the delete trigger fires as well.
      db.exec('DROP TRIGGER audit_no_reuse');
      db.pragma('recursive_triggers = ON');
      expect(() => forge.run()).toThrow(/append-only/);
    });
    expect(verify()).toMatchObject({ intact: true, rows: 3 });
  });

  it('names a row rewritten by INSERT OR REPLACE once its trigger is dropped', () => {
    seeded(4);
    raw((db) => {
      db.exec('DROP TRIGGER audit_no_reuse');
      const before = db.prepare('SELECT * FROM audit WHERE id = 2').get() as Record<
        string,
        unknown
      >;
      // SQLite's default (recursive_triggers off): the REPLACE's delete fires no trigger.
      db.prepare(
        `INSERT OR REPLACE INTO audit (id, at, actor, action, subject, automatic, detail,
           prev_hash, hash)
         VALUES (2, @at, 'mallory', @action, @subject, @automatic, @detail, @prev_hash, @hash)`,
      ).run(before);
    });
    expect(verify()).toMatchObject({
      intact: false,
      rows: 1,
      problem: { row: 2, reason: 'content hash mismatch' },
    });
  });

  it('names the next row when the forger also recomputes the rewritten row’s hash', () => {
    seeded(4);
    raw((db) => {
      db.exec('DROP TRIGGER audit_no_reuse');
      const r = db.prepare('SELECT * FROM audit WHERE id = 2').get() as {
        id: number;
        at: string;
        action: string;
        subject: string | null;
        automatic: number;
        detail: string | null;
        prev_hash: string;
      };
      const forged = { ...r, actor: 'mallory' };
      db.prepare(
        `INSERT OR REPLACE INTO audit (id, at, actor, action, subject, automatic, detail,
           prev_hash, hash)
         VALUES (@id, @at, @actor, @action, @subject, @automatic, @detail, @prev_hash, @hash)`,
      ).run({ ...forged, hash: auditRowHash(forged, r.prev_hash) });
    });
    expect(verify()).toMatchObject({
      intact: false,
      rows: 2,
      problem: { row: 3, reason: 'prev-hash mismatch' },
    });
  });

  it('names the gap a row deleted after DROP TRIGGER audit_no_delete leaves', () => {
    seeded(5);
    raw((db) => {
      db.exec('DROP TRIGGER audit_no_delete');
      db.prepare('DELETE FROM audit WHERE id = 3').run();
    });
    const state = verify();
    expect(state).toMatchObject({
      intact: false,
      rows: 2,
      problem: { row: 4, reason: 'gap in ids' },
    });
    expect(state.problem!.detail).toMatch(/row 3 missing before row 4/);
  });

  it('names a truncated tail by the recorded head, and keeps the gap after a later append', () => {
    seeded(5);
    raw((db) => {
      db.exec('DROP TRIGGER audit_no_delete');
      db.prepare('DELETE FROM audit WHERE id >= 4').run();
    });
    expect(verify()).toMatchObject({
      intact: false,
      rows: 3,
      problem: { row: 4, reason: 'truncated' },
    });
    // The next row chains to the head, not to the surviving last row: the evidence stays.
    const s = Store.open(path);
    expect(s.appendAudit({ actor: 'a', action: 'note' })).toBe(6);
    s.close();
    expect(verify()).toMatchObject({ intact: false, problem: { row: 6, reason: 'gap in ids' } });
  });

  it('names a row appended around the store (past the recorded head)', () => {
    seeded(2);
    raw((db) => {
      const last = db.prepare('SELECT * FROM audit WHERE id = 2').get() as { hash: string };
      const row = {
        id: 3,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'mallory',
        action: 'note',
        subject: null,
        automatic: 0,
        detail: null,
      };
      db.prepare(
        `INSERT INTO audit (id, at, actor, action, subject, automatic, detail, prev_hash, hash)
         VALUES (@id, @at, @actor, @action, @subject, @automatic, @detail, @prev, @hash)`,
      ).run({ ...row, prev: last.hash, hash: auditRowHash(row, last.hash) });
    });
    expect(verify()).toMatchObject({ intact: false, problem: { row: 3, reason: 'past head' } });
  });

  it('chains an old log at upgrade, deterministically, and keeps it append-only', () => {
    const legacy = (file: string): void => {
      const db = new Database(file);
      db.exec(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'x');
      }
      const ins = db.prepare(
        'INSERT INTO audit (at, actor, action, subject, automatic, detail) VALUES (?, ?, ?, ?, ?, ?)',
      );
      ins.run('2025-01-01T00:00:00.000Z', 'analyst', 'alert.approve', 'alert:1', 0, '{"a":1}');
      ins.run('2025-01-01T00:00:01.000Z', 'rampart:auto-approve', 'alert.auto', null, 1, null);
      db.close();
    };
    const other = join(dir, 'copy.sqlite');
    legacy(path);
    legacy(other);
    const heads = [path, other].map((file) => {
      const s = Store.open(file);
      const state = s.audit.verify();
      s.close();
      return state;
    });
    expect(heads[0]).toMatchObject({ intact: true, rows: 2, problem: null });
    expect(heads[0]!.head).toEqual(heads[1]!.head);
    const first = auditRowHash(
      {
        id: 1,
        at: '2025-01-01T00:00:00.000Z',
        actor: 'analyst',
        action: 'alert.approve',
        subject: 'alert:1',
        automatic: 0,
        detail: '{"a":1}',
      },
      GENESIS_HASH,
    );
    raw((db) => {
      expect(db.prepare('SELECT hash FROM audit WHERE id = 1').get()).toEqual({ hash: first });
      expect(() => db.prepare("UPDATE audit SET actor = 'x' WHERE id = 1").run()).toThrow(
        /append-only/,
      );
    });
    const s = Store.open(path);
    expect(s.appendAudit({ actor: 'a', action: 'note' })).toBe(3);
    expect(s.audit.verify()).toMatchObject({ intact: true, rows: 3 });
    s.close();
  });
});
