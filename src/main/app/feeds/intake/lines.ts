/**
 * Splits a byte stream into lines. A line cut by a chunk boundary is held until its end arrives;
 * a line longer than the limit is reported once as oversize and skipped up to its line break, so
 * nothing larger than one line (and one chunk) is ever held. Pull-based: the caller takes lines
 * one at a time and may stop (backpressure) with the rest of the chunk kept for later.
 */

/** What {@link LineSplitter.next} found. */
export const Next = {
  /** No complete line left in the chunks pushed so far. */
  None: 0,
  /** A line: bytes [start, end) of buf, without its line break (and CR). */
  Line: 1,
  /** A line over the limit was skipped. */
  Oversize: 2,
} as const;
export type Next = (typeof Next)[keyof typeof Next];

const NEWLINE = 10;
const CR = 13;
const EMPTY = Buffer.alloc(0);

/** Line splitter over pushed chunks. */
export class LineSplitter {
  /** The buffer holding the line of the last {@link Next.Line}. */
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  private pos = 0;
  /** Skipping the rest of an oversize line until its line break. */
  private discarding = false;

  constructor(readonly maxLineBytes: number) {}

  /** Bytes held that do not yet form a complete line. */
  get held(): number {
    return this.buf.length - this.pos;
  }

  /** Adds a chunk; call only once {@link next} returned None (every earlier line was taken). */
  push(chunk: Buffer): void {
    let c = chunk;
    if (this.discarding) {
      const nl = c.indexOf(NEWLINE);
      if (nl < 0) return;
      this.discarding = false;
      c = c.subarray(nl + 1);
    }
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), c]) : c;
    this.pos = 0;
  }

  /** The next complete line (its bytes in buf/start/end), an oversize skip, or None. */
  next(): Next {
    const b = this.buf;
    const nl = b.indexOf(NEWLINE, this.pos);
    if (nl < 0) {
      if (b.length - this.pos > this.maxLineBytes) {
        // The line is already too long and has not even ended: drop what we hold of it.
        this.buf = EMPTY;
        this.pos = 0;
        this.discarding = true;
        return Next.Oversize;
      }
      return Next.None;
    }
    const start = this.pos;
    this.pos = nl + 1;
    if (nl - start > this.maxLineBytes) return Next.Oversize;
    this.start = start;
    this.end = nl > start && b[nl - 1] === CR ? nl - 1 : nl;
    return Next.Line;
  }

  /**
   * At the end of the stream: the last line when it had no line break (its bytes in buf/start/
   * end), else None. The splitter is empty afterwards.
   */
  finish(): Next {
    const start = this.pos;
    const b = this.buf;
    this.buf = EMPTY;
    this.pos = 0;
    if (this.discarding || start >= b.length) {
      this.discarding = false;
      return Next.None;
    }
    this.buf = b;
    this.start = start;
    this.end = b[b.length - 1] === CR ? b.length - 1 : b.length;
    this.pos = b.length;
    return Next.Line;
  }

  /** Forgets everything held (the file under a tail was truncated or replaced). */
  reset(): void {
    this.buf = EMPTY;
    this.pos = 0;
    this.discarding = false;
  }
}
