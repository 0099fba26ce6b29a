/**
 * Turns the lines of one stream (a file pass, a TCP connection, an HTTP request body) into queued
 * flows through the ingest parser: CSV lines against the stream's header, or NDJSON objects whose
 * keys are CICFlowMeter column names (the CSV header aliases apply). Every line is either accepted
 * or counted as malformed with its reason and where it was.
 */
import { LineParser, type LineLabels } from '../../../domain/ingest/lineParser';
import { Tally, type FeedCounters, type MalformedExample, type MalformedReason } from './counters';
import type { FlowQueue } from './queue';

/** What the decoders of one feed share. */
export class DecodeContext {
  /** NDJSON key sets seen, by their keys joined: a parser or why they are not a flow. */
  private readonly jsonPlans = new Map<string, LineParser | { error: string }>();

  constructor(
    readonly labels: LineLabels,
    readonly placeholders: readonly string[],
    readonly queue: FlowQueue,
    readonly counters: FeedCounters,
  ) {}

  /** The parser for NDJSON objects with these keys (cached; a few distinct sets are expected). */
  jsonParser(keys: string[]): LineParser | { error: string } {
    const key = keys.join('\n');
    let p = this.jsonPlans.get(key);
    if (p === undefined) {
      p = LineParser.fromHeader(keys, this.labels, this.placeholders);
      if ('error' in p) {
        p = {
          error: p.error
            .replace('CICFlowMeter CSV', 'CICFlowMeter flow')
            .replace('header cells', 'keys'),
        };
      }
      // Bounded: a sender inventing key sets cannot grow it without end.
      if (this.jsonPlans.size >= 256) this.jsonPlans.clear();
      this.jsonPlans.set(key, p);
    }
    return p;
  }
}

/**
 * 'file': the first line is the CSV header and no NDJSON is expected (tail, replay).
 * 'stream': NDJSON lines, or CSV lines after a header line; a new header line switches headers.
 */
export type DecodeMode = 'file' | 'stream';

const utf8 = new TextDecoder('utf-8');
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
/** Malformed examples a stream keeps of its own. */
const STREAM_EXAMPLES = 5;

/** Decoder of one stream; counts into the feed and into its own {@link tally}. */
export class StreamDecoder {
  /** This stream's own counts (an HTTP request answers with them). */
  readonly tally = new Tally();
  /** The first few malformed inputs of this stream. */
  readonly examples: MalformedExample[] = [];
  /** Lines seen so far (the last one's number). */
  line = 0;
  /** Set when a 'file' stream's header is not CICFlowMeter's: the stream cannot go on. */
  headerError: string | null = null;
  private csv: LineParser | null = null;

  constructor(
    private readonly ctx: DecodeContext,
    private readonly mode: DecodeMode,
    /** Where line n of this stream is, for examples. */
    readonly where: (line: number) => string,
    /** Number of the first line (e.g. 2 when an AUTH line came first). */
    firstLine = 1,
  ) {
    this.line = firstLine - 1;
  }

  /** Whether a header has been read (CSV lines can be decoded). */
  get hasHeader(): boolean {
    return this.csv !== null;
  }

  /**
   * Decodes bytes [start, end) of buf, one line without its break. Returns false only when a
   * 'file' stream's first line is not a CICFlowMeter header (see {@link headerError}).
   */
  decode(buf: Buffer, start: number, end: number): boolean {
    const n = ++this.line;
    let s = start;
    while (s < end && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s === end) return true; // blank line
    if (this.mode === 'stream' && (buf[s] === OPEN_BRACE || buf[s] === OPEN_BRACKET)) {
      this.json(buf, start, end, n);
      return true;
    }
    if (this.csv === null) {
      const text = utf8.decode(buf.subarray(start, end));
      const p = LineParser.fromHeader(text.split(','), this.ctx.labels, this.ctx.placeholders);
      if (!('error' in p)) {
        this.csv = p;
        return true;
      }
      if (this.mode === 'file') {
        this.headerError = `${this.where(n)}: ${p.error}`;
        return false;
      }
      this.refuse('no-header', n, `a CSV line before any CICFlowMeter header line (${p.error})`);
      return true;
    }
    this.row(this.csv, buf, start, end, n, true);
    return true;
  }

  /** Counts a line skipped for being longer than the limit. */
  oversize(limit: number): void {
    const n = ++this.line;
    this.refuse('oversize-line', n, `line longer than ${limit} bytes, skipped`);
  }

  /** Counts a refused input of this stream at line n. */
  refuse(reason: MalformedReason, n: number, detail: string): void {
    const where = this.where(n);
    this.tally.refuse(reason);
    this.ctx.counters.refuseAt(reason, where, detail);
    if (this.examples.length < STREAM_EXAMPLES) this.examples.push({ where, reason, detail });
  }

  private row(
    parser: LineParser,
    buf: Buffer,
    start: number,
    end: number,
    n: number,
    csv: boolean,
  ): void {
    const q = this.ctx.queue;
    const v = parser.parse(q.open, buf, start, end, n);
    if (v.ok) {
      this.tally.accept();
      this.ctx.counters.accept();
      q.added();
      return;
    }
    if (csv && this.mode === 'stream' && this.switchHeader(buf, start, end)) return;
    this.refuse(v.reason, n, v.detail);
  }

  /** On a stream, a rejected line that is a CICFlowMeter header starts a new header. */
  private switchHeader(buf: Buffer, start: number, end: number): boolean {
    const text = utf8.decode(buf.subarray(start, end));
    if (/^\s*[-+.\d]/.test(text)) return false;
    const p = LineParser.fromHeader(text.split(','), this.ctx.labels, this.ctx.placeholders);
    if ('error' in p) return false;
    this.csv = p;
    return true;
  }

  private json(buf: Buffer, start: number, end: number, n: number): void {
    let obj: unknown;
    try {
      obj = JSON.parse(utf8.decode(buf.subarray(start, end)));
    } catch (err) {
      this.refuse('bad-json', n, (err as Error).message);
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      this.refuse('bad-json', n, 'not a JSON object');
      return;
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 0) {
      this.refuse('missing-fields', n, 'an empty JSON object');
      return;
    }
    const parser = this.ctx.jsonParser(keys);
    if ('error' in parser) {
      this.refuse('missing-fields', n, parser.error);
      return;
    }
    const cells: string[] = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = record[k];
      if (typeof v === 'number') cells[i] = String(v);
      else if (v === null) cells[i] = '';
      else if (typeof v === 'string' && !/[,\r\n]/.test(v)) cells[i] = v;
      else {
        const what = typeof v === 'string' ? 'a string with a comma or line break' : typeof v;
        this.refuse('bad-value', n, `"${k}" is ${Array.isArray(v) ? 'an array' : what}`);
        return;
      }
    }
    const line = Buffer.from(cells.join(','), 'utf8');
    this.row(parser, line, 0, line.length, n, false);
  }
}
