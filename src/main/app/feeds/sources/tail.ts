/**
 * Follows a CSV that CICFlowMeter is still writing. The header is the file's first line (the
 * file is waited for until it exists and that line is complete). From the end (default: only
 * rows written after the start) or from the top. A partial last line is held until its end is
 * written; a truncated file is read again from the top, and a replaced or removed one is read to
 * its end and then the new file at the path is followed from its top. Polls (fs.watch misses
 * events on network and some container file systems). Backpressure: the file is not read while
 * the queue is full.
 */
import { stat, open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StreamDecoder } from '../intake/decoder';
import {
  decodeLast,
  decodeLines,
  sleep,
  splitter,
  type FeedSource,
  type Intake,
} from '../intake/intake';
import type { LineSplitter } from '../intake/lines';

const READ_BYTES = 1 << 16;
const NEWLINE = 10;

/** One opened file being followed. */
interface Followed {
  fh: FileHandle;
  dev: number;
  ino: number;
  pos: number;
  lines: LineSplitter;
  decoder: StreamDecoder;
}

/** The `tail` feed source. */
export class TailSource implements FeedSource {
  readonly address = null;
  private running: Promise<void> | null = null;

  /**
   * @param ownFileProblem why the path must not be opened (it names the database's own files),
   *   or null; asked before every open, since a followed path may be replaced by a link.
   */
  constructor(
    private readonly path: string,
    private readonly fromStart: boolean,
    private readonly ownFileProblem: (path: string) => string | null = () => null,
  ) {}

  async start(intake: Intake): Promise<{ done: Promise<void> }> {
    this.running = this.run(intake);
    // Never resolves on its own; rejects when the file is not a CICFlowMeter CSV.
    return { done: this.running.then(() => new Promise<void>(() => {})) };
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {});
  }

  private async run(intake: Intake): Promise<void> {
    const { signal } = intake;
    let fromStart = this.fromStart;
    while (!signal.aborted) {
      const f = await this.open(intake, fromStart);
      if (f === null) {
        // A file that appears (or gets its header) later is new from its first line.
        fromStart = true;
        intake.note(`waiting for ${this.path} and its header line`);
        await sleep(intake.config.tailPollMs, signal);
        continue;
      }
      intake.note(null);
      intake.connections(1);
      try {
        await this.follow(f, intake);
      } finally {
        intake.connections(-1);
        await f.fh.close().catch(() => {});
      }
      // Whatever replaced or truncated the file is new from its first line.
      fromStart = true;
    }
  }

  /** Opens the file and reads its header; null while it is missing or the header is incomplete. */
  private async open(intake: Intake, fromStart: boolean): Promise<Followed | null> {
    const problem = this.ownFileProblem(this.path);
    if (problem !== null) throw new Error(problem);
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return null;
    }
    try {
      const st = await fh.stat();
      const header = await readFirstLine(fh, intake.config.maxLineBytes);
      if (header === null) {
        await fh.close();
        return null;
      }
      const name = basename(this.path);
      const where = fromStart ? (n: number) => `${name}:${n}` : (n: number) => `${name}:+${n - 1}`; // lines before the tail started are not counted
      const decoder = intake.decoder('file', where);
      if (!decoder.decode(header.buf, 0, header.end)) throw new Error(decoder.headerError!);
      const pos = fromStart ? header.next : await lastLineStart(fh, st.size, header.next);
      return { fh, dev: st.dev, ino: st.ino, pos, lines: splitter(intake), decoder };
    } catch (err) {
      await fh.close().catch(() => {});
      throw err;
    }
  }

  /** Reads new lines until the file is replaced, removed or truncated, or the feed stops. */
  private async follow(f: Followed, intake: Intake): Promise<void> {
    const { signal } = intake;
    while (!signal.aborted) {
      const st = await stat(this.path).catch(() => null);
      if (st === null || st.ino !== f.ino || st.dev !== f.dev) {
        // Replaced or removed: what was written to the old file before that is still read.
        if (await this.readToEnd(f, intake)) await decodeLast(f.lines, f.decoder, intake);
        return;
      }
      if (st.size < f.pos) return; // truncated: start again from the top
      if (st.size > f.pos && !(await this.readToEnd(f, intake))) return;
      await sleep(intake.config.tailPollMs, signal);
    }
  }

  /** Reads from f.pos to the end of the file; false when the feed stopped meanwhile. */
  private async readToEnd(f: Followed, intake: Intake): Promise<boolean> {
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await f.fh.read(buf, 0, READ_BYTES, f.pos);
      if (bytesRead === 0) return true;
      f.pos += bytesRead;
      f.lines.push(buf.subarray(0, bytesRead));
      if (!(await decodeLines(f.lines, f.decoder, intake))) return false;
    }
  }
}

/** The first line's bytes and where the next line starts; null while it has no line break. */
async function readFirstLine(
  fh: FileHandle,
  maxBytes: number,
): Promise<{ buf: Buffer; end: number; next: number } | null> {
  let buf = Buffer.alloc(0);
  for (let pos = 0; pos <= maxBytes;) {
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    const { bytesRead } = await fh.read(chunk, 0, READ_BYTES, pos);
    if (bytesRead === 0) return null;
    const nl = chunk.subarray(0, bytesRead).indexOf(NEWLINE);
    buf = Buffer.concat([buf, chunk.subarray(0, bytesRead)]);
    if (nl >= 0) {
      const at = pos + nl;
      const end = at > 0 && buf[at - 1] === 13 ? at - 1 : at;
      return { buf, end, next: at + 1 };
    }
    pos += bytesRead;
  }
  throw new Error(`the header line is longer than ${maxBytes} bytes: not a CICFlowMeter CSV`);
}

/** Offset just after the last line break before `size` (a partial last line is read later). */
async function lastLineStart(fh: FileHandle, size: number, floor: number): Promise<number> {
  let end = size;
  while (end > floor) {
    const start = Math.max(floor, end - READ_BYTES);
    const buf = Buffer.allocUnsafe(end - start);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (nl >= 0) return start + nl + 1;
    end = start;
  }
  return floor;
}
