/** The recommended model and a resumable-safe download with progress, cancel and SHA-256 check. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AbortError } from './lock';

/** A downloadable GGUF, pinned by content. */
export interface ModelDescriptor {
  /** Shown in Model settings. */
  name: string;
  /** File name to save it under. */
  fileName: string;
  url: string;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  sizeBytes: number;
  license: string;
}

/**
 * Qwen2.5-1.5B-Instruct Q4_K_M: small enough for CPU-only laptops, instruction-tuned, Apache-2.0.
 * The URL is pinned to a repository revision so the size and hash cannot drift.
 */
export const RECOMMENDED_MODEL: ModelDescriptor = {
  name: 'Qwen2.5-1.5B-Instruct (Q4_K_M)',
  fileName: 'qwen2.5-1.5b-instruct-q4_k_m.gguf',
  url:
    'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/' +
    '91cad51170dc346986eccefdc2dd33a9da36ead9/qwen2.5-1.5b-instruct-q4_k_m.gguf',
  sha256: '6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e',
  sizeBytes: 1_117_320_736,
  license: 'Apache-2.0',
};

/** Progress of a download. */
export interface DownloadProgress {
  receivedBytes: number;
  /** From the descriptor, else Content-Length; null when unknown. */
  totalBytes: number | null;
}

/** Options of downloadModel. */
export interface DownloadOptions {
  /** Where the verified file ends up; a `.part` file beside it holds the bytes until verified. */
  dest: string;
  signal?: AbortSignal;
  /** Called at most every `progressEveryBytes` (default 1 MiB) and once at the end. */
  onProgress?: (p: DownloadProgress) => void;
  progressEveryBytes?: number;
}

/** Why a download failed; `code` tells the UI which message to show. */
export class DownloadError extends Error {
  constructor(
    readonly code: 'http' | 'network' | 'size' | 'checksum',
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Stream a file through SHA-256; returns lower-case hex and the byte count. */
export async function sha256File(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const h = createHash('sha256');
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    h.update(b);
    n += b.length;
  }
  return { sha256: h.digest('hex'), sizeBytes: n };
}

/** Check a file on disk against a descriptor's size and hash; throws DownloadError on mismatch. */
export async function verifyModelFile(
  path: string,
  d: Pick<ModelDescriptor, 'sha256' | 'sizeBytes'>,
): Promise<void> {
  const got = await sha256File(path);
  if (got.sizeBytes !== d.sizeBytes)
    throw new DownloadError('size', `${path} has ${got.sizeBytes} bytes, expected ${d.sizeBytes}`);
  if (got.sha256 !== d.sha256.toLowerCase())
    throw new DownloadError('checksum', `${path} has SHA-256 ${got.sha256}, expected ${d.sha256}`);
}

/**
 * Download a model to `opts.dest`, hashing while streaming; the file appears at `dest` only once
 * its size and SHA-256 match, otherwise the partial file is removed and a DownloadError (or an
 * AbortError on cancel) is thrown.
 */
export async function downloadModel(d: ModelDescriptor, opts: DownloadOptions): Promise<string> {
  const part = opts.dest + '.part';
  const every = opts.progressEveryBytes ?? 1 << 20;
  try {
    let res: Response;
    try {
      res = await fetch(d.url, { signal: opts.signal, redirect: 'follow' });
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortError('the download was cancelled');
      throw new DownloadError('network', `cannot reach ${d.url}: ${causeOf(err)}`);
    }
    if (!res.ok || !res.body)
      throw new DownloadError('http', `${d.url} answered HTTP ${res.status} ${res.statusText}`);
    const header = Number(res.headers.get('content-length'));
    const total = d.sizeBytes || (Number.isFinite(header) && header > 0 ? header : null);
    const hash = createHash('sha256');
    let received = 0;
    let reported = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        received += chunk.length;
        if (received - reported >= every) {
          reported = received;
          opts.onProgress?.({ receivedBytes: received, totalBytes: total });
        }
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    try {
      await pipeline(body, meter, createWriteStream(part), { signal: opts.signal });
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortError('the download was cancelled');
      throw new DownloadError('network', `the download of ${d.url} broke off: ${causeOf(err)}`);
    }
    opts.onProgress?.({ receivedBytes: received, totalBytes: total });
    if (d.sizeBytes && received !== d.sizeBytes)
      throw new DownloadError('size', `received ${received} bytes, expected ${d.sizeBytes}`);
    const sha = hash.digest('hex');
    if (sha !== d.sha256.toLowerCase())
      throw new DownloadError('checksum', `SHA-256 ${sha} does not match the expected ${d.sha256}`);
    await rename(part, opts.dest);
    return opts.dest;
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const c = (err as Error & { cause?: unknown }).cause;
  return c instanceof Error ? `${err.message} (${c.message})` : err.message;
}
