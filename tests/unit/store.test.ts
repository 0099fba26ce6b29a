import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import { MIGRATIONS } from '../../src/main/store/migrations';
import { Store } from '../../src/main/store/store';
import { makeBatch } from '../helpers/batch';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
  path = join(dir, 'r.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of a table, read through a second connection (the Store's own is private). */
function count(table: 'flows' | 'flow_chunks'): number {
  const raw = new Database(path, { readonly: true });
  try {
    return (raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('Store', () => {
  it('creates a WAL database with every migration recorded, and reopens it unchanged', () => {
    const s = Store.open(path);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    s.createDataset('d', ['a.csv'], false, ['Benign', 'DDoS']);
    s.close();
    const again = Store.open(path);
    expect(again.listDatasets()).toHaveLength(1);
    again.close();
  });

  it('refuses a database written by a newer schema', () => {
    Store.open(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'now')").run();
    raw.close();
    expect(() => Store.open(path)).toThrow(/schema version 999 is newer/);
  });

  it('stores a batch of flows and reads the features back as typed arrays', () => {
    const s = Store.open(path);
    const ds = s.createDataset('d', ['a.csv'], false, ['Benign', 'DDoS']);
    const b = makeBatch(100);
    const ids = s.insertFlows(ds, 0, b);
    expect(ids).toHaveLength(100);
    const chunks = [...s.iterateChunks(ds)];
    expect(chunks).toHaveLength(1);
    const c = chunks[0]!;
    expect(Array.from(c.ids)).toEqual(Array.from(ids));
    expect(Array.from(c.classes.slice(0, 4))).toEqual([0, 1, 0, 1]);
    expect(c.features[37 * FEATURE_COUNT + 5]).toBe(37005);
    s.close();
  });

  it('writes a batch all-or-nothing: a failing batch leaves no flow or chunk behind', () => {
    const s = Store.open(path);
    const ds = s.createDataset('d', ['a.csv'], false, ['Benign']);
    s.insertFlows(ds, 0, makeBatch(10));
    expect(() => s.insertFlows(9999, 0, makeBatch(10))).toThrow(/FOREIGN KEY/);
    expect(count('flows')).toBe(10);
    expect(count('flow_chunks')).toBe(1);
    s.close();
  });

  it('keeps the audit log append-only', () => {
    const s = Store.open(path);
    const id = s.appendAudit({
      actor: 'analyst',
      action: 'approve',
      subject: 'alert:1',
      detail: { note: 'ok' },
    });
    const raw = new Database(path);
    expect(() => raw.prepare('UPDATE audit SET actor = ? WHERE id = ?').run('mallory', id)).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('DELETE FROM audit WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(raw.prepare('SELECT actor FROM audit WHERE id = ?').get(id)).toEqual({
      actor: 'analyst',
    });
    raw.close();
    s.close();
  });

  it('marks loads left running by a crash as failed, keeping their rows', () => {
    const s = Store.open(path);
    const ds = s.createDataset('d', ['a.csv'], false, ['Benign']);
    s.insertFlows(ds, 0, makeBatch(5));
    s.close();
    const again = Store.open(path);
    expect(again.markStaleLoads()).toBe(1);
    expect(again.getDataset(ds)?.status).toBe('failed');
    expect(count('flows')).toBe(5);
    again.close();
  });

  it('reports what a committed transaction wrote, nested writes included', () => {
    const s = Store.open(path);
    const { value, changes } = s.write(() => {
      const ds = s.createDataset('d', ['a.csv'], false, ['Benign']);
      s.transaction(() => s.insertFlows(ds, 0, makeBatch(3)));
      s.appendAudit({ actor: 'analyst', action: 'note' });
      return ds;
    });
    expect(s.getDataset(value)?.name).toBe('d');
    expect([...changes.tables].sort()).toEqual(['audit', 'datasets', 'flow_chunks', 'flows']);
    expect(changes.alerts.size).toBe(0);
    expect(() =>
      s.transaction(() => {
        s.createDataset('gone', [], false, []);
        throw new Error('abandoned');
      }),
    ).toThrow('abandoned');
    expect(s.listDatasets().map((d) => d.name)).toEqual(['d']);
    s.close();
    expect(s.isOpen).toBe(false);
  });
});
