/**
 * `POST /api/upload?name=<file>`: the browser UI cannot hand the core a file path, so it streams the
 * CSV here; the core then loads the saved copy through `datasets.loadPaths`. Uploads are private
 * (files 0600, folders 0700, under a per-user root), limited per token in number at once, refused
 * when the disk would fall under a free-space floor, and a crashed run's leftovers are removed by
 * the next start.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rm, statfs } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../../runtime/security';

/** Largest upload accepted: CICIDS day files are a few hundred MB; whole-dataset concatenations reach GBs. */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** The limits on uploads, each with its default in DEFAULT_UPLOAD_LIMITS. */
export interface UploadLimits {
  /** Largest upload in bytes. Default 8 GiB. */
  maxBytes: number;
  /** Uploads one token may have in flight at once; one more is answered 429. Default 2. */
  maxPerToken: number;
  /**
   * Free bytes to leave on the uploads' file system: an upload whose declared size would leave
   * less is answered 507 before a byte is written, and one that gets there while streaming is
   * stopped and removed. Default 1 GiB.
   */
  minFreeBytes: number;
}

/** Default upload limits. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: DEFAULT_MAX_UPLOAD_BYTES,
  maxPerToken: 2,
  minFreeBytes: 1024 ** 3,
};

/** Free space is looked up again after every this many bytes written. */
const FREE_CHECK_BYTES = 64 * 1024 ** 2;

/** Folder every upload of every run of this OS user goes under. */
export function uploadsRoot(): string {
  const uid = process.getuid?.();
  return join(tmpdir(), uid === undefined ? 'rampart-uploads' : `rampart-uploads-${uid}`);
}

/** A safe file name: no folders, no odd characters, bounded length, never empty or hidden. */
export function sanitizeUploadName(raw: string | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '');
  if (name.length > 120) name = name.slice(name.length - 120);
  return name === '' ? 'upload.csv' : name;
}

class SizeLimitError extends Error {}
class DiskFullError extends Error {}

/** Bytes the file system holding `dir` has free for this user. */
async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** Counts bytes, fails past the cap and stops when the disk falls under the free-space floor. */
function guard(limits: UploadLimits, dir: string): Transform {
  let seen = 0;
  let nextCheck = FREE_CHECK_BYTES;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      seen += chunk.length;
      if (seen > limits.maxBytes)
        return cb(new SizeLimitError(`upload exceeds ${limits.maxBytes} bytes`));
      if (seen < nextCheck) return cb(null, chunk);
      nextCheck = seen + FREE_CHECK_BYTES;
      freeBytes(dir).then(
        (free) =>
          free - chunk.length < limits.minFreeBytes
            ? cb(new DiskFullError(diskFullMessage(free, limits)))
            : cb(null, chunk),
        (err: unknown) => cb(err as Error),
      );
    },
  });
}

function diskFullMessage(free: number, limits: UploadLimits): string {
  return (
    `not enough free disk space for this upload: ${free} bytes free, and uploads leave at least ` +
    `${limits.minFreeBytes}`
  );
}

/** Whether a process with this pid is running (one of another user counts as running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The uploads root, created 0700; refused when it is a link, not a folder, or another user's
 * (anyone can create names in the temp folder), and made 0700 when it is looser.
 */
async function privateRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const st: Stats = await lstat(root);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid))
    throw new Error(`${root} is not a folder of this user; remove it so uploads can be private`);
  if ((st.mode & 0o077) !== 0) await chmod(root, 0o700);
}

/**
 * Remove what runs that are gone left under the root (a run's folder is `<pid>-<hex>`; a crashed
 * run never removed its own). Folders of this process and of running processes stay. Returns the
 * number of folders removed.
 */
async function removeLeftovers(root: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(root)) {
    const m = /^(\d+)-[0-9a-f]+$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** One run's uploads: its private folder, the uploads in flight per token, the limits. */
export class Uploads {
  private readonly inFlight = new Map<string, number>();

  private constructor(
    /** This run's folder (removed on close). */
    readonly dir: string,
    readonly limits: UploadLimits,
    /** Leftover folders of earlier runs removed at start. */
    readonly leftoversRemoved: number,
  ) {}

  /** Create this run's folder under root (default uploadsRoot()), first removing leftovers. */
  static async open(limits: Partial<UploadLimits> = {}, root = uploadsRoot()): Promise<Uploads> {
    await privateRoot(root);
    const removed = await removeLeftovers(root);
    const dir = join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { mode: 0o700 });
    return new Uploads(dir, { ...DEFAULT_UPLOAD_LIMITS, ...limits }, removed);
  }

  /** Remove this run's uploads. */
  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Answer one upload (already authenticated with `token`): save the body under this run's folder
   * and reply `{path}`; 413 over the size cap, 429 past the token's uploads in flight, 507 when
   * the disk would fall under the free-space floor.
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    name: string | null,
    token: string,
  ): Promise<void> {
    const running = this.inFlight.get(token) ?? 0;
    if (running >= this.limits.maxPerToken) {
      res.setHeader('Retry-After', '5');
      return refuse(
        req,
        res,
        429,
        `${running} uploads of this token are in flight already (at most ${this.limits.maxPerToken}); wait for one to finish`,
      );
    }
    this.inFlight.set(token, running + 1);
    try {
      await this.save(req, res, name);
    } finally {
      const n = (this.inFlight.get(token) ?? 1) - 1;
      if (n > 0) this.inFlight.set(token, n);
      else this.inFlight.delete(token);
    }
  }

  private async save(req: IncomingMessage, res: ServerResponse, name: string | null) {
    const { maxBytes, minFreeBytes } = this.limits;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes)
      return refuse(req, res, 413, `upload exceeds ${maxBytes} bytes`);
    const free = await freeBytes(this.dir);
    if (free - (Number.isFinite(declared) ? declared : 0) < minFreeBytes)
      return refuse(req, res, 507, diskFullMessage(free, this.limits));
    // A random folder per upload keeps two uploads of the same name apart, makes the path
    // unguessable and leaves the file its own name (the core names the dataset after it).
    const folder = join(this.dir, randomBytes(6).toString('hex'));
    await mkdir(folder, { mode: 0o700 });
    const path = join(folder, sanitizeUploadName(name));
    try {
      // Read through an iterator that leaves the socket open on failure, so a 413 can still be sent.
      const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
      await pipeline(
        body,
        guard(this.limits, this.dir),
        createWriteStream(path, { flags: 'wx', mode: 0o600 }),
      );
    } catch (err) {
      await rm(folder, { recursive: true, force: true });
      if (err instanceof SizeLimitError) return refuse(req, res, 413, err.message);
      if (err instanceof DiskFullError) return refuse(req, res, 507, err.message);
      // The client went away mid-upload: nothing left to answer.
      if (req.destroyed || res.destroyed) return;
      throw err;
    }
    sendJson(res, 200, { ok: true, result: { path } });
  }
}

/** Answer a refused upload and drop the connection (the rest of the body is not read). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => req.destroy());
  sendJson(res, status, { ok: false, error, code: 'invalid_request' });
}
