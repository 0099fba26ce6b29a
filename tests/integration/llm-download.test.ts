/** Model download against a local HTTP server: progress, checksum, size, HTTP and network errors, cancel. */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  DownloadError,
  RECOMMENDED_MODEL,
  downloadModel,
  sha256File,
  verifyModelFile,
} from '../../src/main/domain/llm';
import type { ModelDescriptor } from '../../src/main/domain/llm';

const dir = mkdtempSync(join(tmpdir(), 'rampart-dl-'));
const body = randomBytes(3 * 1024 * 1024 + 17);
const sha = createHash('sha256').update(body).digest('hex');
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/model.gguf') {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    } else if (req.url === '/slow.gguf') {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 64 * 1024)); // then stall until the client gives up
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const desc = (path: string, over: Partial<ModelDescriptor> = {}): ModelDescriptor => ({
  name: 'test',
  fileName: 'model.gguf',
  url: base + path,
  sha256: sha,
  sizeBytes: body.length,
  license: 'MIT',
  ...over,
});

describe('downloadModel', () => {
  it('streams, reports progress and verifies the SHA-256', async () => {
    const dest = join(dir, 'ok.gguf');
    const seen: number[] = [];
    await downloadModel(desc('/model.gguf'), {
      dest,
      onProgress: (p) => seen.push(p.receivedBytes),
    });
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(existsSync(dest + '.part')).toBe(false);
    expect(seen.at(-1)).toBe(body.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    await expect(
      verifyModelFile(dest, { sha256: sha, sizeBytes: body.length }),
    ).resolves.toBeUndefined();
  });

  it('rejects a checksum mismatch and leaves no file behind', async () => {
    const dest = join(dir, 'bad.gguf');
    const err = await downloadModel(desc('/model.gguf', { sha256: '0'.repeat(64) }), {
      dest,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).code).toBe('checksum');
    expect(existsSync(dest) || existsSync(dest + '.part')).toBe(false);
  });

  it('rejects a size mismatch', async () => {
    const err = await downloadModel(desc('/model.gguf', { sizeBytes: 5 }), {
      dest: join(dir, 's.gguf'),
    }).catch((e: unknown) => e);
    expect((err as DownloadError).code).toBe('size');
  });

  it('reports HTTP and network errors clearly', async () => {
    const http = await downloadModel(desc('/nope'), { dest: join(dir, 'h.gguf') }).catch(
      (e: unknown) => e,
    );
    expect((http as DownloadError).code).toBe('http');
    expect((http as Error).message).toMatch(/HTTP 404/);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const net = await downloadModel(desc('/x', { url: `http://127.0.0.1:${port}/x` }), {
      dest: join(dir, 'n.gguf'),
    }).catch((e: unknown) => e);
    expect((net as DownloadError).code).toBe('network');
  });

  it('cancels mid-stream and removes the partial file', async () => {
    const dest = join(dir, 'slow.gguf');
    const ac = new AbortController();
    const p = downloadModel(desc('/slow.gguf'), {
      dest,
      signal: ac.signal,
      progressEveryBytes: 1024,
      onProgress: () => ac.abort(),
    });
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(existsSync(dest) || existsSync(dest + '.part')).toBe(false);
  });
});

describe('verifyModelFile and the recommended model', () => {
  it('hashes a local file and names what differs', async () => {
    const f = join(dir, 'local.bin');
    writeFileSync(f, body);
    expect(await sha256File(f)).toEqual({ sha256: sha, sizeBytes: body.length });
    await expect(
      verifyModelFile(f, { sha256: 'f'.repeat(64), sizeBytes: body.length }),
    ).rejects.toThrow(/SHA-256/);
    await expect(verifyModelFile(f, { sha256: sha, sizeBytes: 1 })).rejects.toThrow(/expected 1/);
  });
  it('pins the recommended model by URL revision, size and hash', () => {
    expect(RECOMMENDED_MODEL.url).toMatch(
      /^https:\/\/huggingface\.co\/.+\/resolve\/[0-9a-f]{40}\/.+\.gguf$/,
    );
    expect(RECOMMENDED_MODEL.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(RECOMMENDED_MODEL.sizeBytes).toBeGreaterThan(500_000_000);
  });
});
