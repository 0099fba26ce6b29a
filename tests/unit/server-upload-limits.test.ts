/**
 * Uploads are private and bounded: files 0600 in 0700 folders, a crashed run's leftovers removed
 * at start, at most maxPerToken uploads of one token in flight (429), and a free-space floor
 * (507). Real hosts on 127.0.0.1, real files, real child processes for the pids.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeadlessHost, type HeadlessHost } from '../../src/main/transports/server/host';
import { uploadsRoot } from '../../src/main/transports/server/upload';
import { raw } from './server-http-helpers';
import { createTransportDouble } from './server-transport-double';

const hosts: HeadlessHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function start(opts: Parameters<typeof createHeadlessHost>[0]['uploadLimits'] = {}) {
  const host = await createHeadlessHost({
    service: createTransportDouble(),
    rendererDir: '/nonexistent',
    uploadLimits: opts,
  });
  hosts.push(host);
  return host;
}

function upload(host: HeadlessHost, body: string, headers: Record<string, string> = {}) {
  return raw(host.port, {
    method: 'POST',
    path: '/api/upload?name=a.csv',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'text/csv', ...headers },
    body,
  });
}

const mode = (p: string) => statSync(p).mode & 0o777;

/** This process's run folders under the uploads root. */
const myRunDirs = () => readdirSync(uploadsRoot()).filter((n) => n.startsWith(`${process.pid}-`));

/** Resolve once `check` holds, polling the file system (the server gives no other signal). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('upload privacy and limits', () => {
  it('creates the file 0600 and every folder above it 0700', async () => {
    const host = await start();
    const r = await upload(host, 'Destination Port,Label\n80,BENIGN\n');
    expect(r.status).toBe(200);
    const { path } = (JSON.parse(r.body) as { result: { path: string } }).result;
    expect(mode(path)).toBe(0o600);
    expect(mode(dirname(path))).toBe(0o700);
    expect(mode(dirname(dirname(path)))).toBe(0o700);
    expect(dirname(dirname(dirname(path)))).toBe(uploadsRoot());
    expect(mode(uploadsRoot())).toBe(0o700);
  });

  it('removes the folders of runs that are gone at start-up and keeps running ones', async () => {
    const root = uploadsRoot();
    mkdirSync(root, { recursive: true, mode: 0o700 });
    // A pid that has exited (a finished child) and one that runs (a child that waits).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    try {
      const crashed = join(root, `${dead}-0badc0de`);
      mkdirSync(join(crashed, 'aabbccddeeff'), { recursive: true });
      writeFileSync(join(crashed, 'aabbccddeeff', 'half.csv'), 'Destination Port\n8');
      const running = join(root, `${live.pid}-0900dd00`);
      mkdirSync(running, { recursive: true });
      await start();
      expect(existsSync(crashed)).toBe(false);
      expect(existsSync(running)).toBe(true);
    } finally {
      live.kill();
    }
  });

  it('answers 429 to a token past its uploads in flight, and takes the next one once one ends', async () => {
    const host = await start({ maxPerToken: 1 });
    const before = new Set(myRunDirs().flatMap((d) => readdirSync(join(uploadsRoot(), d))));
    // A chunked upload whose body is still coming: it holds the token's one slot.
    let firstStatus = 0;
    const first = request({
      host: '127.0.0.1',
      port: host.port,
      method: 'POST',
      path: '/api/upload?name=slow.csv',
      headers: {
        Host: `127.0.0.1:${host.port}`,
        Authorization: `Bearer ${host.token}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    const firstDone = new Promise<void>((res, rej) => {
      first.on('response', (r) => {
        firstStatus = r.statusCode ?? 0;
        r.resume();
        r.on('end', res);
      });
      first.on('error', rej);
    });
    first.write('Destination Port,Label\n');
    // The server has taken it once its upload folder exists.
    await until(
      () =>
        myRunDirs().some((d) => readdirSync(join(uploadsRoot(), d)).some((f) => !before.has(f))),
      'the first upload to start',
    );
    const second = await upload(host, 'Destination Port,Label\n80,BENIGN\n');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('5');
    expect(JSON.parse(second.body)).toMatchObject({ ok: false, error: /in flight/ });
    first.end('80,BENIGN\n');
    await firstDone;
    expect(firstStatus).toBe(200);
    const third = await upload(host, 'Destination Port,Label\n80,BENIGN\n');
    expect(third.status).toBe(200);
  });

  it('answers 507 when the upload would leave less free space than the floor, and keeps nothing', async () => {
    const host = await start({ minFreeBytes: Number.MAX_SAFE_INTEGER });
    const body = 'Destination Port,Label\n80,BENIGN\n';
    const declared = await upload(host, body);
    expect(declared.status).toBe(507);
    expect(JSON.parse(declared.body)).toMatchObject({
      ok: false,
      error: /not enough free disk space/,
    });
    const chunked = await upload(host, body, { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(507);
    for (const d of myRunDirs()) expect(readdirSync(join(uploadsRoot(), d))).toEqual([]);
  });
});
