/**
 * What only a shared PostgreSQL store does: several stores (in one process and in several) open
 * the same database at once, without a process lock, and their writers stay serialised, so the
 * audit log remains one valid chain; each sees the others' commits at once; commits (and only
 * commits) are announced to listeners.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { markInterrupted } from '../../src/main/app/loads/recovery';
import { WRITER_LOCK_KEY } from '../../src/main/store/sql/pgSync';
import { makeBatch } from '../helpers/batch';
import { listenForChanges, type RemoteChanges } from '../../src/main/store/notify';
import { Store } from '../../src/main/store/store';
import { freshDatabase, pgUnavailable, stopServer } from '../helpers/postgres';

if (pgUnavailable) console.warn(`store-engines-postgres: skipped, ${pgUnavailable}`);

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A child process that opens the store at `url` and appends `n` audit rows as `actor`. */
function appender(dir: string, url: string, actor: string, n: number): Promise<void> {
  const script = join(dir, `${actor}.ts`);
  writeFileSync(
    script,
    `import { Store } from ${JSON.stringify(join(root, 'src/main/store/store.ts'))};
const s = Store.open(process.argv[2]!);
for (let i = 0; i < Number(process.argv[3]); i++) s.appendAudit({ actor: process.argv[4]!, action: 'note', detail: { i } });
s.close();
`,
  );
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, url, String(n), actor], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${actor} exited ${code}: ${err}`)),
    );
  });
}

describe.skipIf(pgUnavailable !== null)('the store on a shared PostgreSQL database', () => {
  afterAll(stopServer);

  it('opens twice in one process (no process lock) and each store sees the other’s commits', async () => {
    const url = await freshDatabase('shared');
    const a = Store.open(url);
    const b = Store.open(url);
    try {
      expect(a.instance).not.toBe(b.instance);
      const ds = a.createDataset('from-a', [], false, ['Benign']);
      expect(b.getDataset(ds)?.name).toBe('from-a');
      // Interleaved appends from both keep one chain, ids in order.
      for (let i = 0; i < 20; i++)
        (i % 2 ? a : b).appendAudit({ actor: i % 2 ? 'a' : 'b', action: 'note' });
      expect(a.audit.verify()).toMatchObject({ intact: true, rows: 20, head: { id: 20 } });
      expect(b.audit.list({ offset: 0, limit: 3 }).rows.map((r) => r.actor)).toEqual([
        'a',
        'b',
        'a',
      ]);
      // A transaction on one is invisible to the other until it commits, then whole.
      a.transaction(() => {
        a.appendAudit({ actor: 'a', action: 'inside' });
        expect(b.audit.list({ offset: 0, limit: 1, action: 'inside' }).total).toBe(0);
      });
      expect(b.audit.list({ offset: 0, limit: 1, action: 'inside' }).total).toBe(1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('at start-up interrupts only the jobs of instances no longer connected', async () => {
    const url = await freshDatabase('jobs');
    const running = Store.open(url);
    const gone = Store.open(url);
    try {
      const ds = running.createDataset('live', [], false, ['Benign']);
      running.jobs.insert({ id: 'of-running', kind: 'load', datasetId: ds, stage: 'ingest' });
      gone.jobs.insert({ id: 'of-gone', kind: 'load', datasetId: null, stage: 'ingest' });
      gone.close();
      // A third process starting up sees the first still connected and the second gone.
      const starting = Store.open(url);
      try {
        const live = starting.liveInstances()!;
        expect(live.has(running.instance)).toBe(true);
        expect(live.has(gone.instance)).toBe(false);
        expect(markInterrupted(starting).map((j) => j.id)).toEqual(['of-gone']);
        expect(starting.jobs.get('of-running')?.status).toBe('running');
        expect(starting.getDataset(ds)?.status).toBe('loading');
      } finally {
        starting.close();
      }
    } finally {
      running.close();
    }
  });

  it('stores a stream batch while another process holds the writer lock (append-only writes)', async () => {
    const url = await freshDatabase('append');
    const s = Store.open(url);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      const ds = s.createDataset('Live stream: A', [], false, ['Benign']);
      // Another writer is mid-transaction, holding the writer lock.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]);
      const batch = {
        ...makeBatch(20),
        streamSeqs: Float64Array.from({ length: 20 }, (_x, i) => i + 1),
      };
      // Were this write to wait for the lock, this synchronous call would never return.
      const { value: ids } = s.write(() => s.insertFlows(ds, 0, batch), { appendOnly: true });
      expect(ids).toHaveLength(20);
      expect(s.storedStreamSeqs(ds, [1, 20, 21])).toEqual(new Set([1, 20]));
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      s.close();
    }
  });

  it('keeps one valid audit chain under concurrent writers in three processes', async () => {
    const url = await freshDatabase('concurrent');
    Store.open(url).close(); // migrated once, before the writers race
    const dir = mkdtempSync(join(tmpdir(), 'rampart-pg-writers-'));
    try {
      const children = Promise.all([
        appender(dir, url, 'proc-1', 150),
        appender(dir, url, 'proc-2', 150),
      ]);
      const s = Store.open(url);
      try {
        // This process writes while they do: from their first row on.
        const until = Date.now() + 30_000;
        while (s.audit.list({ offset: 0, limit: 1 }).total === 0 && Date.now() < until)
          await new Promise((r) => setTimeout(r, 20));
        for (let i = 0; i < 100; i++)
          s.appendAudit({ actor: 'parent', action: 'note', detail: { i } });
        await children;
        const state = s.audit.verify();
        expect(state).toMatchObject({ intact: true, rows: 400, head: { id: 400 } });
        const count = (actor: string) => s.audit.list({ offset: 0, limit: 1, actor }).total;
        expect([count('proc-1'), count('proc-2'), count('parent')]).toEqual([150, 150, 100]);
        // The writers did overlap: the actors alternate along the chain, not in three blocks.
        const actors = [...s.reports.exportAudit()].map((r) => r.actor as string);
        const switches = actors.filter((x, i) => i > 0 && x !== actors[i - 1]).length;
        expect(switches).toBeGreaterThan(2);
      } finally {
        s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('announces committed writes to listeners, and never a rolled-back one', async () => {
    const url = await freshDatabase('notify');
    const s = Store.open(url);
    const heard: RemoteChanges[] = [];
    const listener = listenForChanges(url, (c) => heard.push(c));
    try {
      const until = Date.now() + 10_000;
      while (!listener.connected() && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      expect(listener.connected()).toBe(true);
      expect(() =>
        s.transaction(() => {
          s.createDataset('gone', [], false, []);
          throw new Error('abandoned');
        }),
      ).toThrow('abandoned');
      const ds = s.createDataset('kept', [], false, []);
      const wait = Date.now() + 10_000;
      while (heard.length === 0 && Date.now() < wait) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200)); // anything else sent would be here by now
      expect(heard).toHaveLength(1);
      expect(heard[0]!.from).toBe(s.instance);
      expect([...heard[0]!.changes.tables]).toEqual(['datasets']);
      expect(s.getDataset(ds)?.name).toBe('kept');
    } finally {
      await listener.close();
      s.close();
    }
  });
});
