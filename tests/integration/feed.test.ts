/**
 * Live feeds end to end on a real SQLite file and the real app service: a labelled load trains the
 * detector and policy; then replay, TCP, HTTP and tail feeds store flows, alerts with the
 * signature's confidence and recommendations; malformed input is counted with reasons while good
 * input still lands; a tiny queue under a fast sender loses nothing.
 */
import Database from 'better-sqlite3';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, EventHub } from '../../src/main/app/hub/dispatch';
import { DecisionEngine } from '../../src/main/app/decisions/engine';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { FeedManager } from '../../src/main/app/feeds/manager';
import { Store } from '../../src/main/store/store';
import {
  validateRequest,
  type FeedStatus,
  type LoadFinished,
  type RequestArgs,
  type RequestName,
} from '../../src/shared/contract';
import { callService, countRows, TESTER } from '../helpers/service';

let dir: string;
let svc: AppService;
/** The replay CSV: header and data lines. */
let header: string;
let rows: string[];
let replayCsv: string;

const call = <K extends RequestName>(name: K, args: RequestArgs<K>) => callService(svc, name, args);

const count = (sql: string, ...params: unknown[]): number => countRows(svc, sql, ...params);

const flowsOf = (datasetId: number): number =>
  count('SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ?', datasetId);

/** Resolves with the first status of `feedId` (from the list now, or a feed.status event) that passes. */
function waitFeed(
  events: EventHub,
  list: () => Promise<FeedStatus[]>,
  feedId: string,
  ok: (s: FeedStatus) => boolean,
  timeoutMs = 20_000,
): Promise<FeedStatus> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (s: FeedStatus): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      off();
      resolve(s);
    };
    const timer = setTimeout(() => {
      off();
      void list().then((all) => {
        const last = all.find((s) => s.feedId === feedId);
        reject(new Error(`feed ${feedId} did not get there in time: ${JSON.stringify(last)}`));
      });
    }, timeoutMs);
    const off = events.subscribe((event, payload) => {
      const s = payload as FeedStatus;
      if (event === 'feed.status' && s.feedId === feedId && ok(s)) finish(s);
    });
    void list().then((all) => {
      const now = all.find((s) => s.feedId === feedId);
      if (now && ok(now)) finish(now);
    });
  });
}

const waitSvc = (
  feedId: string,
  ok: (s: FeedStatus) => boolean,
  timeoutMs?: number,
): Promise<FeedStatus> => waitFeed(svc.events, () => call('feed.list', {}), feedId, ok, timeoutMs);

/** Connects, sends the lines, half-closes and resolves with what the server answered. */
function sendTcp(port: number, lines: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let reply = '';
    sock.on('data', (d: Buffer) => (reply += d.toString('utf8')));
    sock.on('error', () => {});
    sock.on('close', () => resolve(reply));
    sock.end(lines.join('\n') + '\n');
  });
}

/** A demo CSV row as an NDJSON object keyed by the header's column names. */
function ndjson(line: string, overrides: Record<string, unknown> = {}): string {
  const keys = header.split(',').map((k) => k.trim());
  const cells = line.split(',');
  const obj: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    const v = cells[i]!;
    obj[k] = v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  });
  return JSON.stringify({ ...obj, ...overrides });
}

/** A row with cell i replaced. */
function withCell(line: string, i: number, value: string): string {
  return line
    .split(',')
    .map((c, j) => (j === i ? value : c))
    .join(',');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-feed-'));
  await writeDemoCsv(join(dir, 'labelled.csv'), { rows: 3000, seed: 11, mix: 'balanced' });
  replayCsv = join(dir, 'replay.csv');
  await writeDemoCsv(replayCsv, { rows: 400, seed: 5, mix: 'balanced' });
  [header, ...rows] = readFileSync(replayCsv, 'utf8').trimEnd().split('\n') as [
    string,
    ...string[],
  ];
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  let jobId = '';
  const done = new Promise<LoadFinished>((res) => {
    const off = svc.events.subscribe((event, payload) => {
      if (event === 'job.finished' && (payload as LoadFinished).jobId === jobId) {
        off();
        res(payload as LoadFinished);
      }
    });
  });
  jobId = (await call('datasets.loadPaths', { paths: [join(dir, 'labelled.csv')] })).jobId;
  expect(await done).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feed.start', () => {
  it('refuses to start without a stored detector, with a clear reason', async () => {
    const empty = await createAppService({
      dbPath: join(dir, 'empty.sqlite'),
      host: 'headless',
      seedDemo: false,
    });
    try {
      await expect(dispatch(empty.handlers, 'feed.start', { kind: 'tcp' }, TESTER)).rejects.toThrow(
        /no detector yet/,
      );
    } finally {
      await empty.close();
    }
  });

  it('refuses a replay of a missing file and a port already in use', async () => {
    await expect(
      call('feed.start', { kind: 'replay', path: join(dir, 'nope.csv') }),
    ).rejects.toThrow(/not a readable file/);
    const a = await call('feed.start', { kind: 'tcp' });
    await expect(call('feed.start', { kind: 'tcp', port: a.address!.port })).rejects.toThrow(
      /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/,
    );
    await call('feed.stop', { feedId: a.feedId });
  });

  it('refuses a non-loopback host unless allowRemote is set, which is audited before the bind', async () => {
    const audited = (): number =>
      count("SELECT COUNT(*) AS n FROM audit WHERE action = 'feed.allowRemote'");
    await expect(call('feed.start', { kind: 'tcp', host: '0.0.0.0' })).rejects.toThrow(
      /0\.0\.0\.0:0 is not a loopback address.*allowRemote/,
    );
    expect(audited()).toBe(0);
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface, so the bind fails after the audit.
    await expect(
      call('feed.start', { kind: 'http', host: '192.0.2.1', port: 0, allowRemote: true }),
    ).rejects.toThrow(/cannot listen on 192\.0\.2\.1:0: EADDRNOTAVAIL/);
    expect(audited()).toBe(1);
    const db = new Database(svc.dbPath, { readonly: true });
    const row = db
      .prepare("SELECT actor, subject, detail FROM audit WHERE action = 'feed.allowRemote'")
      .get() as { actor: string; subject: string; detail: string };
    db.close();
    expect(row.actor).toBe('tester');
    expect(row.subject).toMatch(/^feed:feed-\d+-[0-9a-f]{6}$/);
    expect(JSON.parse(row.detail)).toEqual({ kind: 'http', host: '192.0.2.1', port: 0 });
  });
});

describe('replay', () => {
  it('stores N rows as N alerts with the signature confidence and a recommendation each', async () => {
    const changed: number[] = [];
    const statusTimes: number[] = [];
    let datasetId = -1;
    const off = svc.events.subscribe((event, payload) => {
      if (event === 'alerts.changed') {
        const p = payload as { datasetId: number; alertIds: number[] };
        if (p.datasetId === datasetId) changed.push(...p.alertIds);
      }
      if (event === 'feed.status') statusTimes.push(performance.now());
    });
    const t0 = performance.now();
    const started = await call('feed.start', { kind: 'replay', path: replayCsv, ratePerSec: 1000 });
    datasetId = started.datasetId!;
    expect(started).toMatchObject({
      kind: 'replay',
      state: 'running',
      path: replayCsv,
      token: null,
    });
    const final = await waitSvc(started.feedId, (s) => s.state !== 'running');
    const seconds = (performance.now() - t0) / 1000;
    off();
    const n = rows.length;
    expect(final).toMatchObject({
      state: 'stopped',
      received: n,
      accepted: n,
      malformed: 0,
      queued: 0,
    });
    // 400 rows at 1,000/s: paced, not dumped at once.
    expect(seconds).toBeGreaterThan(0.3);
    // At most 4 status events a second (plus the forced first and last).
    expect(statusTimes.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 3);
    expect(flowsOf(datasetId)).toBe(n);
    expect(count('SELECT COUNT(*) AS n FROM alerts WHERE dataset_id = ?', datasetId)).toBe(n);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM recommendations r JOIN alerts a ON a.id = r.alert_id
         WHERE a.dataset_id = ?`,
        datasetId,
      ),
    ).toBe(n);
    expect(new Set(changed).size).toBe(n);
    const ds = (await call('datasets.list', {})).find((d) => d.id === datasetId)!;
    expect(ds).toMatchObject({ status: 'ready', rowsStored: n, alerts: n });
    expect(ds.name).toBe(`Live feed: replay ${replayCsv}`);
    // Alerts carry the signature's Beta confidence and a recommendation.
    const page = await call('alerts.query', { datasetId, limit: 20 });
    for (const row of page.rows) {
      const sig = await call('signatures.get', { id: row.signatureId });
      expect(row.confidence.mean).toBeCloseTo(sig!.confidence.mean, 6);
      expect(row.recommendation).not.toBeNull();
      expect(row.trueClass).not.toBeNull();
    }
  });
});

describe('tcp', () => {
  it('stores flows sent with the token, counts malformed lines by reason and keeps accepting', async () => {
    const feed = await call('feed.start', { kind: 'tcp' });
    expect(feed.address).toMatchObject({ host: '127.0.0.1', port: expect.any(Number) });
    expect(feed.token).toMatch(/^[0-9a-f]{64}$/);
    const port = feed.address!.port;
    const auth = `AUTH ${feed.token}`;
    const good = rows.slice(0, 50);
    const last = header.split(',').length - 1;
    const reply1 = await sendTcp(port, [
      auth,
      header,
      ...good.slice(0, 20),
      good[20]!.split(',').slice(0, 30).join(','), // line 23: column-count
      withCell(good[21]!, 10, 'lots'), // non-numeric
      withCell(good[22]!, last, 'Alien Invasion'), // unknown-label
      '{"Flow Duration": 12, ', // bad-json
      '{"Flow Duration": 12, "Protocol": 6}', // missing-fields
      ...good.slice(23, 40),
      ndjson(good[40]!),
      ndjson(good[41]!, { Label: 'NeedManualLabel' }),
    ]);
    expect(reply1).toBe('OK\n');
    // The first sender is gone; a second connection is accepted as usual.
    const reply2 = await sendTcp(port, [auth, ...good.slice(42, 50).map((l) => ndjson(l))]);
    expect(reply2).toBe('OK\n');
    const refused = await sendTcp(port, ['AUTH not-the-token', header, good[0]!]);
    expect(refused).toBe('ERR unauthorized\n');
    expect(await sendTcp(port, [header, good[0]!])).toBe('ERR unauthorized\n');

    const expected = 20 + 17 + 2 + 8;
    const s = await waitSvc(feed.feedId, (x) => x.accepted === expected && x.queued === 0);
    expect(s.malformedByReason).toEqual({
      'column-count': 1,
      'non-numeric': 1,
      'unknown-label': 1,
      'bad-json': 1,
      'missing-fields': 1,
      unauthorized: 2,
    });
    expect(s.received).toBe(s.accepted + s.malformed);
    expect(s.examples.map((e) => e.where)).toContain(`tcp 127.0.0.1:${port} conn#1 line 23`);
    expect(s.examples.find((e) => e.reason === 'unauthorized')).toMatchObject({
      where: `tcp 127.0.0.1:${port} conn#3 line 1`,
      detail: 'wrong token',
    });

    const final = await call('feed.stop', { feedId: feed.feedId });
    expect(final).toMatchObject({
      state: 'stopped',
      accepted: expected,
      queued: 0,
      connections: 0,
    });
    expect(flowsOf(final.datasetId!)).toBe(expected);
    // The NeedManualLabel flow is stored, unlabelled.
    expect(
      count(
        'SELECT COUNT(*) AS n FROM flows WHERE dataset_id = ? AND label IS NULL',
        final.datasetId!,
      ),
    ).toBe(1);
    // The listener is closed.
    const err = await new Promise<string>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
      sock.on('connect', () => resolve('connected'));
    });
    expect(err).toBe('ECONNREFUSED');
  });
});

describe('http', () => {
  it('accepts POST /flows with the bearer token and answers with the request counts', async () => {
    const feed = await call('feed.start', { kind: 'http' });
    const url = `http://127.0.0.1:${feed.address!.port}/flows`;
    const csvBody = [header, ...rows.slice(0, 10), 'not,a,flow'].join('\n');
    const noToken = await fetch(url, { method: 'POST', body: csvBody });
    expect(noToken.status).toBe(401);
    const auth = { Authorization: `Bearer ${feed.token}` };
    const foreign = await fetch(url, {
      method: 'POST',
      body: csvBody,
      headers: { ...auth, Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await fetch(url, { headers: auth })).status).toBe(405);

    const csv = await fetch(url, {
      method: 'POST',
      body: csvBody,
      headers: { ...auth, 'Content-Type': 'text/csv', Origin: 'http://localhost:5173' },
    });
    expect(csv.status).toBe(200);
    expect(await csv.json()).toMatchObject({
      ok: true,
      received: 11,
      accepted: 10,
      malformed: 1,
      malformedByReason: { 'column-count': 1 },
    });
    const nd = await fetch(url, {
      method: 'POST',
      body:
        rows
          .slice(10, 15)
          .map((l) => ndjson(l))
          .join('\n') + '\n{oops}\n',
      headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
    });
    expect(await nd.json()).toMatchObject({
      accepted: 5,
      malformed: 1,
      malformedByReason: { 'bad-json': 1 },
    });

    const final = await call('feed.stop', { feedId: feed.feedId });
    expect(final).toMatchObject({
      state: 'stopped',
      accepted: 15,
      malformed: 4,
      received: 19,
      malformedByReason: { unauthorized: 2, 'column-count': 1, 'bad-json': 1 },
    });
    expect(flowsOf(final.datasetId!)).toBe(15);
  });
});

describe('tail', () => {
  it('waits for the file, picks up appended lines, completes a partial line, survives rotation and truncation', async () => {
    const path = join(dir, 'live.csv');
    const feed = await call('feed.start', { kind: 'tail', path });
    await waitSvc(feed.feedId, (s) => /waiting for/.test(s.error ?? ''));
    writeFileSync(path, [header, ...rows.slice(0, 3)].join('\n') + '\n');
    await waitSvc(feed.feedId, (s) => s.accepted === 3);
    // A row cut mid-write is not read until its end is written.
    const partial = rows[5]!;
    appendFileSync(path, `${rows[3]}\n${rows[4]}\n${partial.slice(0, 40)}`);
    await waitSvc(feed.feedId, (s) => s.accepted === 5);
    appendFileSync(path, `${partial.slice(40)}\n${rows[6]}\n`);
    const s7 = await waitSvc(feed.feedId, (s) => s.accepted === 7);
    expect(s7.malformed).toBe(0);
    // Rotation: the file is renamed away and a new one (with its own header) takes its place.
    renameSync(path, `${path}.1`);
    writeFileSync(path, [header, rows[7], rows[8]].join('\n') + '\n');
    await waitSvc(feed.feedId, (s) => s.accepted === 9);
    // Truncation in place: the new content is shorter than what was read, so the shrink shows.
    const rewritten = [header, rows[9], 'bad,row'].join('\n') + '\n';
    expect(rewritten.length).toBeLessThan(statSync(path).size);
    writeFileSync(path, rewritten);
    const s10 = await waitSvc(feed.feedId, (s) => s.accepted === 10 && s.malformed === 1);
    expect(s10.examples[0]).toMatchObject({ where: 'live.csv:3', reason: 'column-count' });
    const final = await call('feed.stop', { feedId: feed.feedId });
    expect(final).toMatchObject({ state: 'stopped', accepted: 10, queued: 0 });
    expect(flowsOf(final.datasetId!)).toBe(10);
  });

  it('from the end of an existing file reads only the rows written after the start', async () => {
    const path = join(dir, 'existing.csv');
    writeFileSync(path, [header, ...rows.slice(0, 5)].join('\n') + '\n');
    const feed = await call('feed.start', { kind: 'tail', path, fromStart: false });
    await waitSvc(feed.feedId, (s) => s.connections === 1);
    appendFileSync(path, `${rows[5]}\n${withCell(rows[6]!, 10, 'x')}\n`);
    const s = await waitSvc(feed.feedId, (x) => x.accepted === 1 && x.malformed === 1);
    expect(s.examples[0]!.where).toBe('existing.csv:+2');
    const final = await call('feed.stop', { feedId: feed.feedId });
    expect(flowsOf(final.datasetId!)).toBe(1);
  });
});

describe('backpressure', () => {
  it('with a tiny queue and a fast sender nothing is lost and the queue stays bounded', async () => {
    const store = Store.open(svc.dbPath);
    const events = new EventHub();
    const engine = new DecisionEngine(store, events, dir, { passes: 1 });
    const feeds = new FeedManager(store, engine, events, {
      queueCapacity: 8,
      batchSize: 4,
      flushMs: 20,
      statusIntervalMs: 10,
    });
    let maxQueued = 0;
    events.subscribe((event, payload) => {
      if (event === 'feed.status') maxQueued = Math.max(maxQueued, (payload as FeedStatus).queued);
    });
    try {
      const feed = await feeds.start(validateRequest('feed.start', { kind: 'tcp' }), 'tester');
      const n = 3000;
      const lines = [`AUTH ${feed.token}`, header];
      for (let i = 0; i < n; i++) {
        lines.push(rows[i % rows.length]!);
        if (i % 500 === 0) lines.push('garbage line');
      }
      expect(await sendTcp(feed.address!.port, lines)).toBe('OK\n');
      const final = await feeds.stop({ feedId: feed.feedId }, 'tester');
      expect(final.received).toBe(final.accepted + final.malformed);
      expect(final.accepted).toBe(n);
      expect(final.malformed).toBe(6);
      expect(final.queued).toBe(0);
      expect(flowsOf(final.datasetId!)).toBe(n);
      expect(maxQueued).toBeLessThanOrEqual(8);
      expect(maxQueued).toBeGreaterThanOrEqual(4);

      // HTTP: the request waits while the queue is full and is answered once all is queued.
      const http = await feeds.start(validateRequest('feed.start', { kind: 'http' }), 'tester');
      const body = [header, ...Array.from({ length: 2000 }, (_, i) => rows[i % rows.length])];
      const res = await fetch(`http://127.0.0.1:${http.address!.port}/flows`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${http.token}` },
        body: body.join('\n'),
      });
      expect(await res.json()).toMatchObject({ ok: true, accepted: 2000, malformed: 0 });
      const httpFinal = await feeds.stop({ feedId: http.feedId }, 'tester');
      expect(httpFinal).toMatchObject({ accepted: 2000, queued: 0 });
      expect(flowsOf(httpFinal.datasetId!)).toBe(2000);
    } finally {
      await feeds.dispose();
      await engine.dispose();
      store.close();
    }
  }, 120_000);
});
