/**
 * Who a change is recorded as, over the real headless host on 127.0.0.1 and the real core: each
 * analyst's token is theirs, the per-run token is the OS user "(local)", a missing or unknown
 * token is refused before anything runs, and each audited change writes its row as that analyst.
 * The Electron IPC path's context is the OS user.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import {
  ipcContext,
  registerIpc,
  requestChannel,
  type IpcMainLike,
} from '../../src/main/transports/electron/ipc';
import {
  addAnalyst,
  createHeadlessHost,
  localAnalystName,
  readAnalysts,
  type HeadlessHost,
} from '../../src/main/transports/server';
import type { LoadFinished } from '../../src/shared/contract';

let dir: string;
let svc: AppService;
let host: HeadlessHost;
let bobToken: string;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-identity-'));
  await writeDemoCsv(join(dir, 'a.csv'), { rows: 2000, seed: 4, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'rampart.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  const file = join(dir, 'analysts.json');
  addAnalyst(file, 'alice');
  bobToken = addAnalyst(file, 'bob');
  host = await createHeadlessHost({ service: svc, analysts: readAnalysts(file) });
  base = `http://127.0.0.1:${host.port}`;
}, 60_000);

afterAll(async () => {
  await host.close();
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(name: string, args: unknown, token: string | null): Promise<Response> {
  return fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(args),
  });
}

async function call<T>(name: string, args: unknown, token: string): Promise<T> {
  const res = await post(name, args, token);
  const body = (await res.json()) as { ok: boolean; result: T; error?: string };
  if (!body.ok) throw new Error(`${name}: ${body.error}`);
  return body.result;
}

interface AuditRow {
  id: number;
  actor: string;
  action: string;
  subject: string | null;
  automatic: number;
  detail: string | null;
}

function auditRows(action?: string): AuditRow[] {
  const db = new Database(svc.dbPath, { readonly: true });
  try {
    const sql = 'SELECT id, actor, action, subject, automatic, detail FROM audit';
    return (
      action === undefined
        ? db.prepare(`${sql} ORDER BY id`).all()
        : db.prepare(`${sql} WHERE action = ? ORDER BY id`).all(action)
    ) as AuditRow[];
  } finally {
    db.close();
  }
}

describe('identities on the headless host', () => {
  it('keeps only token hashes, in a 0600 file', () => {
    const file = join(dir, 'analysts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const analysts = readAnalysts(file);
    expect(analysts.map((a) => a.name)).toEqual(['alice', 'bob']);
    expect(JSON.stringify(analysts)).not.toContain(bobToken);
    expect(() => addAnalyst(file, 'bob')).toThrow(/already/);
  });

  it('records a request with analyst bob’s token as bob', async () => {
    const info = await call<{ analyst: string }>('app.info', {}, bobToken);
    expect(info.analyst).toBe('bob');
    await call('autoApprove.set', { thresholds: { DDoS: 0.97 } }, bobToken);
    const [row] = auditRows('settings.autoApprove');
    expect(row).toMatchObject({ actor: 'bob', automatic: 0 });
    expect(JSON.parse(row!.detail!)).toEqual({ before: {}, thresholds: { DDoS: 0.97 } });
  });

  it('records the per-run token as the OS user (local)', async () => {
    const info = await call<{ analyst: string }>('app.info', {}, host.token);
    expect(info.analyst).toBe(`${userInfo().username} (local)`);
    expect(localAnalystName()).toBe(info.analyst);
  });

  it('refuses a request with no token or an unknown one, before it runs', async () => {
    const before = auditRows().length;
    for (const token of [null, 'f'.repeat(64), `${bobToken}x`]) {
      const res = await post('autoApprove.set', { thresholds: { DoS: 0.99 } }, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    expect(auditRows().length).toBe(before);
    // The client cannot name itself: the contract has no actor any more.
    const res = await post(
      'alerts.decide',
      { alertIds: [1], decision: 'approve', actor: 'mallory' },
      bobToken,
    );
    expect(res.status).toBe(400);
  });

  it('audits loads, the advisor, feeds and the load’s policy as their analyst', async () => {
    const done = new Promise<LoadFinished>((res) => {
      const off = svc.events.subscribe((e, p) => {
        if (e === 'job.finished' && (p as LoadFinished).kind === 'load') {
          off();
          res(p as LoadFinished);
        }
      });
    });
    const { jobId } = await call<{ jobId: string }>(
      'datasets.loadPaths',
      { paths: [join(dir, 'a.csv')] },
      bobToken,
    );
    const [load] = auditRows('data.load');
    expect(load).toMatchObject({ actor: 'bob' });
    expect(JSON.parse(load!.detail!)).toMatchObject({ paths: [join(dir, 'a.csv')], jobId });
    const fin = await done;
    expect(fin.ok).toBe(true);
    // The policy the load trained is installed automatically, and says so.
    expect(auditRows('policy.install')).toEqual([
      expect.objectContaining({ actor: 'rampart:load', automatic: 1 }),
    ]);

    await call('advisor.setModel', { path: null }, bobToken);
    const [model] = auditRows('advisor.setModel');
    expect(model).toMatchObject({ actor: 'bob', subject: 'advisor:kg' });
    expect(JSON.parse(model!.detail!)).toMatchObject({ path: null, status: 'none' });

    const feed = await call<{ feedId: string; address: { port: number } }>(
      'feed.start',
      { kind: 'tcp', host: '127.0.0.1', port: 0 },
      host.token,
    );
    await call('feed.stop', { feedId: feed.feedId }, bobToken);
    const [start] = auditRows('feed.start');
    const [stop] = auditRows('feed.stop');
    expect(start).toMatchObject({ actor: localAnalystName(), subject: `feed:${feed.feedId}` });
    expect(JSON.parse(start!.detail!)).toMatchObject({
      kind: 'tcp',
      address: `127.0.0.1:${feed.address.port}`,
    });
    expect(stop).toMatchObject({ actor: 'bob', subject: `feed:${feed.feedId}` });
    expect(JSON.parse(stop!.detail!)).toMatchObject({ state: 'stopped' });

    const chain = await call<{ intact: boolean; rows: number }>('audit.verify', {}, bobToken);
    expect(chain).toMatchObject({ intact: true, rows: auditRows().length });
  }, 120_000);
});

describe('identity on Electron IPC', () => {
  it('is the OS user, whatever the window sends', async () => {
    expect(ipcContext()).toEqual({ actor: userInfo().username });
    expect(ipcContext(() => ({ username: 'carol' }))).toEqual({ actor: 'carol' });
    const handlers = new Map<string, (e: object, ...a: unknown[]) => unknown>();
    const ipc: IpcMainLike = {
      handle: (c, l) => void handlers.set(c, l),
      removeHandler: (c) => void handlers.delete(c),
    };
    const off = registerIpc(ipc, svc.handlers);
    try {
      const reply = (await handlers.get(requestChannel('app.info'))!({}, {})) as {
        ok: boolean;
        result: { analyst: string };
      };
      expect(reply.result.analyst).toBe(userInfo().username);
    } finally {
      off();
    }
  });
});
