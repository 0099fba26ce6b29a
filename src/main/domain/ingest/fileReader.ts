/**
 * Streams one source: sniff, header, then complete lines out of each chunk into batches. A line
 * cut by a chunk boundary is carried over; nothing larger than one line (and one chunk) is held,
 * and a line over MAX_LINE_BYTES is not held at all: it is skipped (counted as 'oversize-line')
 * as its bytes go by. Per-file problems end up in the FileReport and the skip counts, never as a
 * throw.
 */
import { BatchBuilder } from './batch';
import type { LoadContext } from './context';
import { diagnoseRow } from './diagnose';
import { planColumns, MIN_FEATURE_COLUMNS, type ColumnPlan } from './headers';
import { RowParser } from './rowParser';
import { sniffBinary } from './sniff';
import type { ByteSource } from './source';
import type { FileReport, FlowBatch } from './types';

/** A line longer than this is not CICFlowMeter output (rows are under 2 KiB). */
const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 10;
const EMPTY = Buffer.alloc(0);
const utf8 = new TextDecoder('utf-8');

/** Result of stat-ing a source before the load: its size, or why it cannot be opened. */
export type SourceSize = { size: number | null } | { error: string };

/** Reads one source into batches; yields nothing for a file that fails before its first row. */
export async function* readSource(
  src: ByteSource,
  opened: SourceSize,
  ctx: LoadContext,
): AsyncGenerator<FlowBatch> {
  const file = new FileReader(src.name, ctx);
  if ('error' in opened) {
    file.report.error = `${src.name}: cannot open (${opened.error})`;
    return;
  }
  let chunks: AsyncIterator<Uint8Array>;
  try {
    chunks = src.chunks()[Symbol.asyncIterator]();
  } catch (err) {
    file.report.error = `${src.name}: cannot open (${(err as Error).message})`;
    return;
  }
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (err) {
        // Only a failing read lands here; a parser bug still throws.
        done = true;
        const message = (err as Error).message;
        if (file.report.bytes === 0) {
          file.report.error = `${src.name}: cannot open (${message})`;
          return;
        }
        file.lost(`read error: ${message}`);
        if (file.pending() > 0) yield file.take(false);
        return;
      }
      if (next.done === true) break;
      const buf = asBuffer(next.value);
      ctx.read(file.report, buf.length);
      for (const batch of file.feed(buf)) {
        yield batch;
        if (ctx.aborted()) return;
      }
      if (file.stopped || ctx.aborted()) return;
      ctx.tick();
    }
    done = true;
  } finally {
    // Closes the file when we stop early (error, cancel, or the consumer left the loop).
    if (!done) await chunks.return?.();
  }
  yield* file.finish(opened.size);
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Parsing state of one file. */
class FileReader {
  readonly report: FileReport;
  /** Set when the file cannot be parsed further (binary, not CICFlowMeter, ...). */
  stopped = false;
  private line = 0;
  private carry: Buffer = EMPTY;
  /** Bytes of the over-long line being skipped so far; 0 when not inside one. */
  private oversize = 0;
  private started = false;
  private plan: ColumnPlan | null = null;
  private parser: RowParser | null = null;
  private readonly batch: BatchBuilder;

  constructor(
    private readonly name: string,
    private readonly ctx: LoadContext,
  ) {
    this.report = {
      file: name,
      format: 'unknown',
      bytes: 0,
      rowsRead: 0,
      rowsStored: 0,
      rowsSkipped: 0,
      labelled: false,
      nonFinite: {},
      error: null,
    };
    ctx.report.files.push(this.report);
    this.batch = new BatchBuilder(name, ctx.options.batchSize);
  }

  /** Parses every complete line of the chunk, yielding each batch as it fills. */
  *feed(chunk: Buffer): Generator<FlowBatch> {
    let from = 0;
    if (!this.started) {
      this.started = true;
      const why = sniffBinary(chunk);
      if (why !== null) {
        this.fail(1, why);
        return;
      }
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    }
    if (this.oversize > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.oversize += chunk.length;
        return;
      }
      this.endOversize(this.oversize + nl);
      from = nl + 1;
    } else if (this.carry.length > 0) {
      const nl = chunk.indexOf(NEWLINE);
      const length = this.carry.length + (nl < 0 ? chunk.length : nl);
      if (length > MAX_LINE_BYTES) {
        this.carry = EMPTY;
        if (!this.startOversize(length)) return;
        if (nl < 0) return;
        this.endOversize(length);
        from = nl + 1;
      } else if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      } else {
        const joined = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
        this.carry = EMPTY;
        yield* this.lines(joined, 0);
        from = nl + 1;
      }
    }
    if (!this.stopped) yield* this.lines(chunk, from);
  }

  /** Handles the end of the source: the last unterminated line, a shrunk file, the last batch. */
  *finish(expectedSize: number | null): Generator<FlowBatch> {
    if (this.stopped) return;
    if (
      this.report.bytes === 0 ||
      (this.plan === null && this.carry.length === 0 && this.line === 0)
    ) {
      this.fail(1, 'empty file');
      return;
    }
    if (expectedSize !== null && this.report.bytes < expectedSize) {
      this.lost(`the file shrank while being read (${this.report.bytes} of ${expectedSize} bytes)`);
    } else if (this.oversize > 0) {
      this.endOversize(this.oversize);
    } else if (this.carry.length > 0) {
      const last = this.carry;
      this.carry = EMPTY;
      this.line++;
      const end = last[last.length - 1] === 13 ? last.length - 1 : last.length;
      if (this.plan === null) this.header(last, 0, end);
      else if (!this.stopped) this.row(last, 0, end, true);
    }
    if (this.pending() > 0) yield this.take(false);
  }

  /** Records that the rest of the file cannot be read; the partial line is counted as lost. */
  lost(why: string): void {
    const line = this.line + 1;
    this.report.error = `${this.name}:${line}: ${why}; the rest of the file is lost`;
    this.report.rowsRead++;
    this.ctx.report.rowsRead++;
    this.ctx.skip(this.report, 'io-error', line, why);
    this.carry = EMPTY;
    this.stopped = true;
  }

  /** Rows parsed but not yet handed over. */
  pending(): number {
    return this.batch.count;
  }

  /** Hands over the current batch. */
  take(more = true): FlowBatch {
    const nonFinite = this.batch.nonFinite;
    const batch = this.batch.take(more);
    this.ctx.stored(this.report, batch, nonFinite);
    return batch;
  }

  private *lines(buf: Buffer, start: number): Generator<FlowBatch> {
    let from = start;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, from);
      if (nl < 0) break;
      const end = nl > from && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (end - from > MAX_LINE_BYTES) {
        // A whole over-long line inside one chunk (a source with big chunks).
        if (!this.startOversize(end - from)) return;
        this.endOversize(end - from);
        from = nl + 1;
        continue;
      }
      this.line++;
      if (this.plan === null) {
        if (!this.header(buf, from, end)) return;
      } else if (end > from) {
        this.row(buf, from, end, false);
        if (this.batch.full) yield this.take();
      }
      from = nl + 1;
    }
    if (buf.length - from > MAX_LINE_BYTES) this.startOversize(buf.length - from);
    else if (from < buf.length) this.carry = Buffer.from(buf.subarray(from));
  }

  /**
   * Starts skipping the over-long line this.line + 1, of which `bytes` went by; false (and the file
   * stopped) when it is the header, since then no row can be read.
   */
  private startOversize(bytes: number): boolean {
    if (this.plan === null) {
      return this.fail(this.line + 1, 'line longer than 1 MiB, not a CICFlowMeter CSV');
    }
    this.oversize = bytes;
    return true;
  }

  /** Counts the over-long line, `bytes` long in all, as a skipped row. */
  private endOversize(bytes: number): void {
    this.oversize = 0;
    this.line++;
    this.report.rowsRead++;
    this.ctx.report.rowsRead++;
    const mib = (bytes / 2 ** 20).toFixed(1);
    const why = `line of ${bytes} bytes (${mib} MiB); a CICFlowMeter row is under 2 KiB, the limit is 1 MiB`;
    this.ctx.skip(this.report, 'oversize-line', this.line, why);
  }

  /** Reads the header line; false (and the file stopped) when it is not CICFlowMeter's. */
  private header(buf: Buffer, start: number, end: number): boolean {
    const text = utf8.decode(buf.subarray(start, end));
    if (text.trim() === '')
      return this.fail(this.line, 'not a CICFlowMeter CSV (the header line is blank)');
    const plan = planColumns(text.split(','));
    this.report.format = plan.format;
    if (plan.format === 'unknown') {
      // A spreadsheet re-save with another separator is the likeliest mistake: say so.
      const sep = [';', '\t'].find((c) => planColumns(text.split(c)).format !== 'unknown');
      const why =
        sep === undefined
          ? `${plan.featureCount} of ${plan.columns} header cells are flow features, at least ${MIN_FEATURE_COLUMNS} needed`
          : `its separator is ${JSON.stringify(sep)}; only comma-separated files are read`;
      return this.fail(this.line, `not a CICFlowMeter CSV (${why})`);
    }
    this.plan = plan;
    this.parser = new RowParser(plan, this.ctx.labels);
    this.report.labelled = plan.labelColumn >= 0;
    return true;
  }

  private row(buf: Buffer, start: number, end: number, endsFile: boolean): void {
    this.report.rowsRead++;
    this.ctx.report.rowsRead++;
    if (this.parser!.parse(this.batch, buf, start, end, this.line)) return;
    const text = utf8.decode(buf.subarray(start, end));
    if (text.trim() === '') {
      // A line of spaces is a blank line, not a row.
      this.report.rowsRead--;
      this.ctx.report.rowsRead--;
      return;
    }
    const verdict = diagnoseRow(this.plan!, this.ctx.labels, text, endsFile);
    this.ctx.skip(this.report, verdict.reason, this.line, verdict.detail);
  }

  private fail(line: number, why: string): false {
    this.report.error = `${this.name}:${line}: ${why}`;
    this.stopped = true;
    this.carry = EMPTY;
    return false;
  }
}
