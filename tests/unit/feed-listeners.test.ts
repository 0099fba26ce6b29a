/**
 * The TCP and HTTP feed listeners' limits on real sockets on 127.0.0.1: at most maxConnections
 * open at once, an authenticated sender that goes quiet is disconnected (but not while the feed
 * itself holds it back), the HTTP feed answers only to its own Host names, and a non-loopback
 * bind is refused before anything listens unless allowRemote is set.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionEngine } from '../../src/main/app/decisions/engine';
import { FeedManager } from '../../src/main/app/feeds/manager';
import { DEFAULT_FEED_CONFIG, type FeedConfig } from '../../src/main/app/feeds/intake/config';
import { FeedCounters } from '../../src/main/app/feeds/intake/counters';
import { DecodeContext, StreamDecoder } from '../../src/main/app/feeds/intake/decoder';
import type { FeedSource, Intake } from '../../src/main/app/feeds/intake/intake';
import { FlowQueue } from '../../src/main/app/feeds/intake/queue';
import { HttpSource } from '../../src/main/app/feeds/sources/http';
import { hostAllowed } from '../../src/main/app/feeds/sources/listen';
import { TcpSource } from '../../src/main/app/feeds/sources/tcp';
import { EventHub } from '../../src/main/app/hub/dispatch';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { Store } from '../../src/main/store/store';
import { validateRequest } from '../../src/shared/contract';
import { fixture } from '../fixtures/ingest/collect';

const TOKEN = 'a'.repeat(64);
const [HEADER, ROW] = readFileSync(fixture('ids2018.csv'), 'utf8').split(/\r?\n/) as [
  string,
  string,
];

/** A listener fed into a real queue and decoder, without a store: what a Feed gives its source. */
function rig(overrides: Partial<FeedConfig>) {
  const config = { ...DEFAULT_FEED_CONFIG, ...overrides };
  const queue = new FlowQueue('test', config.queueCapacity, config.batchSize, () => {});
  const counters = new FeedCounters(20);
  const ctx = new DecodeContext(lineLabels(), config.unlabelledLabels, queue, counters);
  const abort = new AbortController();
  let open = 0;
  const intake: Intake = {
    config,
    signal: abort.signal,
    decoder: (mode, where, first) => new StreamDecoder(ctx, mode, where, first ?? 1),
    get full() {
      return queue.full;
    },
    room: () => queue.room(),
    refuse: (reason, where, detail) => counters.refuseAt(reason, where, detail),
    connections: (delta) => {
      open += delta;
    },
    note: () => {},
  };
  /** Stores every sealed batch (what the feed's writer does), making room. */
  const drain = (): void => {
    queue.seal();
    for (let b = queue.next(); b; b = queue.next()) queue.done(b);
  };
  return { intake, queue, counters, drain, open: () => open };
}

let sources: FeedSource[] = [];
let clients: Socket[] = [];

async function started<S extends FeedSource>(source: S, intake: Intake): Promise<number> {
  sources.push(source);
  await source.start(intake);
  return source.address!.port;
}

afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await Promise.all(sources.map((s) => s.close()));
  sources = [];
});

/** Resolves once `ok()` holds, checking on every event-loop turn; fails after 5 s. */
async function until(ok: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A raw client: what it received so far, and a promise of everything once the server closed. */
function client(port: number) {
  const sock = connect(port, '127.0.0.1');
  clients.push(sock);
  let text = '';
  sock.on('data', (d: Buffer) => (text += d.toString('latin1')));
  sock.on('error', () => {});
  const closed = new Promise<string>((resolve) => sock.on('close', () => resolve(text)));
  return { sock, closed, text: () => text };
}

/** A TCP sender that authenticated (its OK arrived). */
async function authed(port: number) {
  const c = client(port);
  c.sock.write(`AUTH ${TOKEN}\n`);
  await until(() => c.text().startsWith('OK\n'), 'OK');
  return c;
}

describe('connection cap', () => {
  it('tcp: the connection over maxConnections is closed on accept and counted; a freed slot is reused', async () => {
    const r = rig({ maxConnections: 2 });
    const port = await started(new TcpSource('127.0.0.1', 0, TOKEN), r.intake);
    const a = await authed(port);
    await authed(port);
    const third = client(port);
    third.sock.write(`AUTH ${TOKEN}\n`);
    expect(await third.closed).toBe('');
    expect(r.counters.byReason['connection-limit']).toBe(1);
    expect(r.counters.examples.at(-1)).toMatchObject({
      reason: 'connection-limit',
      detail: '2 connections are open already',
    });
    expect(r.open()).toBe(2);
    a.sock.destroy();
    await until(() => r.open() === 1, 'the first sender to be gone');
    await authed(port);
    expect(r.counters.byReason['connection-limit']).toBe(1);
  });

  it('http: the socket over maxConnections is closed before its request is read', async () => {
    const r = rig({ maxConnections: 2 });
    const port = await started(new HttpSource('127.0.0.1', 0, TOKEN), r.intake);
    // Two requests in progress (bodies not finished) hold both slots.
    const held = [client(port), client(port)];
    for (const c of held) {
      c.sock.write(
        `POST /flows HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
          `Content-Length: 100000\r\n\r\n${HEADER}\n`,
      );
    }
    await until(() => r.open() === 2, 'two requests in progress');
    const url = `http://127.0.0.1:${port}/flows`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: `${HEADER}\n${ROW}\n`,
      });
    await expect(post()).rejects.toThrow();
    expect(r.counters.byReason['connection-limit']).toBe(1);
    held[0]!.sock.destroy();
    await until(() => r.open() === 1, 'a slot to free up');
    const ok = await post();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, accepted: 1 });
  });
});

describe('idle timeout', () => {
  it('tcp: an authenticated sender that sends nothing is told so and disconnected', async () => {
    const r = rig({ idleTimeoutMs: 150 });
    const port = await started(new TcpSource('127.0.0.1', 0, TOKEN), r.intake);
    const c = await authed(port);
    c.sock.write(`${HEADER}\n${ROW}\n`);
    expect(await c.closed).toBe('OK\nERR idle timeout\n');
    expect(r.counters.accepted).toBe(1);
    expect(r.counters.malformed).toBe(0);
    await until(() => r.open() === 0, 'the connection to be released');
  });

  it('tcp: time held back by a full queue does not count as idle', async () => {
    const r = rig({ idleTimeoutMs: 150, queueCapacity: 2, batchSize: 1 });
    const port = await started(new TcpSource('127.0.0.1', 0, TOKEN), r.intake);
    const c = await authed(port);
    c.sock.write(`${HEADER}\n${[ROW, ROW, ROW, ROW, ROW].join('\n')}\n`);
    await until(() => r.queue.full, 'the queue to fill');
    // Held for several idle timeouts: the sender is still connected, nothing was refused.
    await new Promise((res) => setTimeout(res, 600));
    expect(c.text()).toBe('OK\n');
    expect(c.sock.destroyed).toBe(false);
    // Once the feed reads again, the rest arrives; then the sender is quiet and times out.
    const drainer = setInterval(r.drain, 10);
    try {
      expect(await c.closed).toBe('OK\nERR idle timeout\n');
    } finally {
      clearInterval(drainer);
    }
    expect(r.counters.accepted).toBe(5);
  });

  it('http: an authenticated request whose body stalls is answered 408 and closed', async () => {
    const r = rig({ idleTimeoutMs: 150 });
    const port = await started(new HttpSource('127.0.0.1', 0, TOKEN), r.intake);
    const c = client(port);
    c.sock.write(
      `POST /flows HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        `Content-Length: 100000\r\n\r\n${HEADER}\n${ROW}\n`,
    );
    const reply = await c.closed;
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toContain('idle timeout');
    // What arrived before the stall is kept.
    expect(r.counters.accepted).toBe(1);
    await until(() => r.open() === 0, 'the request to be released');
  });
});

/** POST /flows with a chosen Host header (fetch does not let a caller set it). */
function postWithHost(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/flows',
        headers: { Host: host, Authorization: `Bearer ${TOKEN}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(`${HEADER}\n${ROW}\n`);
  });
}

describe('Host header (HTTP)', () => {
  it('refuses a Host that does not name the listener, before the token or the body', async () => {
    const r = rig({});
    const port = await started(new HttpSource('127.0.0.1', 0, TOKEN), r.intake);
    expect(await postWithHost(port, `rebound.example:${port}`)).toBe(403);
    expect(await postWithHost(port, `127.0.0.1:${port + 1}`)).toBe(403);
    expect(r.counters.accepted).toBe(0);
    expect(r.counters.byReason).toEqual({ unauthorized: 2 });
    expect(r.counters.examples[0]!.detail).toBe(`unexpected Host header rebound.example:${port}`);
    expect(await postWithHost(port, `localhost:${port}`)).toBe(200);
    expect(await postWithHost(port, `127.0.0.1:${port}`)).toBe(200);
    expect(r.counters.accepted).toBe(2);
  });

  it('accepts the loopback names and the bound address; a wildcard bind also any IP literal', () => {
    expect(hostAllowed('localhost:80', '127.0.0.1', 80)).toBe(true);
    expect(hostAllowed('[::1]:80', '127.0.0.1', 80)).toBe(true);
    expect(hostAllowed(undefined, '127.0.0.1', 80)).toBe(false);
    expect(hostAllowed('10.0.0.5:80', '127.0.0.1', 80)).toBe(false);
    expect(hostAllowed('10.0.0.5:80', '10.0.0.5', 80)).toBe(true);
    expect(hostAllowed('10.0.0.5:80', '0.0.0.0', 80)).toBe(true);
    expect(hostAllowed('[fe80::1]:80', '::', 80)).toBe(true);
    expect(hostAllowed('10.0.0.5:81', '0.0.0.0', 80)).toBe(false);
    // A name could be a rebinding page's, even on a wildcard bind.
    expect(hostAllowed('capture.example:80', '0.0.0.0', 80)).toBe(false);
    expect(hostAllowed('[10.0.0.5]:80', '0.0.0.0', 80)).toBe(false);
  });
});

describe('non-loopback bind', () => {
  it('is refused with a clear reason before anything is bound, unless allowRemote is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-feed-bind-'));
    const store = Store.open(':memory:');
    const events = new EventHub();
    const engine = new DecisionEngine(store, events, dir);
    const feeds = new FeedManager(store, engine, events);
    try {
      for (const kind of ['tcp', 'http'] as const) {
        for (const host of ['0.0.0.0', '::', '192.0.2.1', 'capture.example']) {
          await expect(
            feeds.start(validateRequest('feed.start', { kind, host, port: 4999 }), 'tester'),
          ).rejects.toThrow(/is not a loopback address.*set allowRemote/);
        }
      }
      // Checked before anything else: with allowRemote the next refusal is the missing detector.
      await expect(
        feeds.start(
          validateRequest('feed.start', { kind: 'tcp', host: '0.0.0.0', allowRemote: true }),
          'tester',
        ),
      ).rejects.toThrow(/no detector yet/);
      // Loopback hosts need nothing more.
      await expect(
        feeds.start(validateRequest('feed.start', { kind: 'http', host: 'localhost' }), 'tester'),
      ).rejects.toThrow(/no detector yet/);
      expect(feeds.list()).toEqual([]);
    } finally {
      await feeds.dispose();
      await engine.dispose();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
