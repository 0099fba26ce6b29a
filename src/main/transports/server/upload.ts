/**
 * `POST /api/upload?name=<file>`: the browser UI cannot hand the core a file path, so it streams the
 * CSV here; the core then loads the saved copy through `datasets.loadPaths`.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../../runtime/security';

/** Largest upload accepted: CICIDS day files are a few hundred MB; whole-dataset concatenations reach GBs. */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** Folder every upload of every run goes under. */
export function uploadsRoot(): string {
  return join(tmpdir(), 'rampart-uploads');
}

/** A safe file name: no folders, no odd characters, bounded length, never empty or hidden. */
export function sanitizeUploadName(raw: string | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '');
  if (name.length > 120) name = name.slice(name.length - 120);
  return name === '' ? 'upload.csv' : name;
}

class SizeLimitError extends Error {}

/** Counts bytes and fails the pipeline once the cap is passed. */
function sizeCap(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) cb(new SizeLimitError(`upload exceeds ${limit} bytes`));
      else cb(null, chunk);
    },
  });
}

/** Answer one upload (already authenticated): save the body under `dir`, reply `{path}`. */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  dir: string,
  name: string | null,
  maxBytes: number,
): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    sendJson(res, 413, {
      ok: false,
      error: `upload exceeds ${maxBytes} bytes`,
      code: 'invalid_request',
    });
    return;
  }
  // A random folder per upload keeps two uploads of the same name apart, makes the path
  // unguessable and leaves the file its own name (the core names the dataset after it).
  const folder = join(dir, randomBytes(6).toString('hex'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, sanitizeUploadName(name));
  try {
    // Read through an iterator that leaves the socket open on failure, so a 413 can still be sent.
    const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    await pipeline(body, sizeCap(maxBytes), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    if (err instanceof SizeLimitError) {
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
      sendJson(res, 413, { ok: false, error: err.message, code: 'invalid_request' });
      return;
    }
    // The client went away mid-upload: nothing left to answer.
    if (req.destroyed || res.destroyed) return;
    throw err;
  }
  sendJson(res, 200, { ok: true, result: { path } });
}
