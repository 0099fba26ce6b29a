/**
 * A decision the UI has seen confirmed survives a kill -9 of the app: the real `rampart serve`
 * process (built bundle) answers alerts.decide, is killed with SIGKILL the moment the answer
 * arrives, and the SQLite file still holds the decision, its audit row and the alert's status.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPage, DecideResult } from '../../src/shared/contract';
import { loadedDemoDatabase } from '../helpers/service';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin', 'rampart.js');
const built = existsSync(join(root, 'out', 'main', 'cli.js'));
if (!built)
  console.warn('durability.test: out/main/cli.js is missing (run `npm run build`); skipping');

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kill-'));
  db = join(dir, 'db.sqlite');
  // A labelled demo dataset with its detector, alerts and recommendations, loaded in this
  // process, which then lets go of the database.
  await loadedDemoDatabase(db, join(dir, 'a.csv'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!built)('durability', () => {
  it('keeps a confirmed decision after kill -9', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--no-demo', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<URL>((res, rej) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /Rampart console: (\S+)/.exec(out);
          if (m) res(new URL(m[1]!));
        });
        child.once('exit', (code) => rej(new Error(`serve exited (${code}) before listening`)));
      });
      const token = url.searchParams.get('token')!;
      const api = async <T>(name: string, args: unknown): Promise<T> => {
        const r = await fetch(new URL(`/api/${name}`, url), {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        });
        const body = (await r.json()) as { ok: boolean; result: T; error?: string };
        if (!body.ok) throw new Error(body.error);
        return body.result;
      };
      const [ds] = await api<{ id: number }[]>('datasets.list', {});
      const page = await api<AlertPage>('alerts.query', { datasetId: ds!.id, limit: 1 });
      const alertId = page.rows[0]!.id;
      const decided = await api<DecideResult>('alerts.decide', {
        alertIds: [alertId],
        decision: 'override',
        action: 2,
        note: 'before the crash',
      });
      child.kill('SIGKILL');
      await new Promise((res) => child.once('exit', res));
      expect(child.signalCode).toBe('SIGKILL');

      const after = new Database(db);
      try {
        const row = after
          .prepare('SELECT kind, action, note, audit_id FROM decisions WHERE alert_id = ?')
          .get(alertId);
        expect(row).toEqual({
          kind: 'override',
          action: 2,
          note: 'before the crash',
          audit_id: decided.auditIds[0],
        });
        const status = after.prepare('SELECT status FROM alerts WHERE id = ?').get(alertId);
        expect(status).toEqual({ status: 'overridden' });
        const audit = after
          .prepare('SELECT subject FROM audit WHERE id = ?')
          .get(decided.auditIds[0]);
        expect(audit).toEqual({ subject: `alert:${alertId}` });
      } finally {
        after.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
