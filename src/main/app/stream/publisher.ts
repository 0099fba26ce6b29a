/**
 * `rampart publish`: CICFlowMeter CSV lines onto a JetStream subject, one message per flow. Each
 * row is checked with the file loader's row logic first (a bad line is skipped and named, file:line
 * and reason, instead of reaching the workers); the message is an NDJSON object keyed by the CSV
 * header (self-describing), or the CSV line itself with its header in a message header. Publishing
 * is asynchronous with a bounded window of unacknowledged publishes, optionally rate-limited.
 */
import type { Readable } from 'node:stream';
import { headers as natsHeaders, type JetStreamClient, type PubAck } from 'nats';
import { BatchBuilder } from '../../domain/ingest/batch';
import { LineParser, type LineLabels } from '../../domain/ingest/lineParser';
import type { SkipReason } from '../../domain/ingest/types';
import { LineSplitter, Next } from '../feeds/intake/lines';
import { CSV_HEADER } from './config';

/** How messages are encoded. */
export type PublishFormat = 'ndjson' | 'csv';

/** How `publishFlows` publishes. */
export interface PublishOptions {
  subject: string;
  /** Default ndjson. */
  format: PublishFormat;
  /** Most flows per second; 0: as fast as the server acknowledges. Default 0. */
  ratePerSec: number;
  /** Most publishes awaiting the server's ack at once. Default 1,024. */
  window: number;
  /** Label texts that mean "not labelled" (stored unlabelled, not skipped). */
  placeholders: readonly string[];
  labels: LineLabels;
}

/** One input: a name for messages and the bytes. */
export interface PublishInput {
  name: string;
  open: () => Readable;
}

/** A skipped line. */
export interface PublishSkip {
  where: string;
  reason: SkipReason | 'not-cicflowmeter';
  detail: string;
}

/** What was published. */
export interface PublishReport {
  published: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  /** The first skipped lines (at most 20). */
  examples: PublishSkip[];
  firstSeq: number | null;
  lastSeq: number | null;
  seconds: number;
  flowsPerSec: number;
}

const MAX_EXAMPLES = 20;
/** Longest line read; CICFlowMeter rows are a few hundred bytes. */
const MAX_LINE = 1 << 20;
const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** A cell as a JSON value: a number when it reads back as the same text, else the text. */
function jsonCell(v: string): string | number {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) && String(n) === v ? n : v;
}

/** Publishes inputs in order; resolves with what was published and skipped. */
export async function publishFlows(
  js: JetStreamClient,
  inputs: readonly PublishInput[],
  o: PublishOptions,
): Promise<PublishReport> {
  const started = Date.now();
  const report: PublishReport = {
    published: 0,
    skipped: 0,
    skippedByReason: {},
    examples: [],
    firstSeq: null,
    lastSeq: null,
    seconds: 0,
    flowsPerSec: 0,
  };
  const skip = (s: PublishSkip) => {
    report.skipped++;
    report.skippedByReason[s.reason] = (report.skippedByReason[s.reason] ?? 0) + 1;
    if (report.examples.length < MAX_EXAMPLES) report.examples.push(s);
  };
  const inflight: Promise<PubAck>[] = [];
  const settle = async (ack: Promise<PubAck>) => {
    const a = await ack;
    report.firstSeq ??= a.seq;
    report.lastSeq = Math.max(report.lastSeq ?? 0, a.seq);
  };
  const scratch = new BatchBuilder('publish', 1);
  for (const input of inputs) {
    let parser: LineParser | null = null;
    let keys: string[] = [];
    let hdrs: ReturnType<typeof natsHeaders> | undefined;
    let lineNo = 0;
    const splitter = new LineSplitter(MAX_LINE);
    const line = async (): Promise<boolean> => {
      const n = ++lineNo;
      const text = utf8.decode(splitter.buf.subarray(splitter.start, splitter.end));
      if (text.trim() === '') return true;
      const where = `${input.name}:${n}`;
      if (parser === null) {
        const p = LineParser.fromHeader(text.split(','), o.labels, o.placeholders);
        if ('error' in p) {
          skip({ where, reason: 'not-cicflowmeter', detail: p.error });
          return false; // the rest of this input cannot be read without a header
        }
        parser = p;
        keys = text.split(',').map((k) => k.trim());
        if (o.format === 'csv') {
          hdrs = natsHeaders();
          hdrs.set(CSV_HEADER, text);
        }
        return true;
      }
      const v = parser.parse(scratch, splitter.buf, splitter.start, splitter.end, n);
      scratch.count = 0;
      if (!v.ok) {
        skip({ where, reason: v.reason, detail: v.detail });
        return true;
      }
      let payload: Uint8Array;
      if (o.format === 'csv') payload = encoder.encode(text);
      else {
        const cells = text.split(',');
        const obj: Record<string, string | number> = {};
        keys.forEach((k, i) => (obj[k] = jsonCell(cells[i] ?? '')));
        payload = encoder.encode(JSON.stringify(obj));
      }
      if (inflight.length >= o.window) await settle(inflight.shift()!);
      const ack = js.publish(o.subject, payload, hdrs ? { headers: hdrs } : undefined);
      // Awaited in order below; this only keeps a failure after the first from going unhandled.
      ack.catch(() => {});
      inflight.push(ack);
      report.published++;
      if (o.ratePerSec > 0) {
        const due = started + (report.published * 1000) / o.ratePerSec;
        const wait = due - Date.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      }
      return true;
    };
    const stream = input.open();
    let go = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      for (let next = splitter.next(); go && next !== Next.None; next = splitter.next()) {
        if (next === Next.Oversize) {
          lineNo++;
          skip({ where: `${input.name}:${lineNo}`, reason: 'oversize-line', detail: 'over 1 MiB' });
        } else go = await line();
      }
      if (!go) break;
    }
    if (go && splitter.finish() === Next.Line) await line();
    stream.destroy();
  }
  for (const ack of inflight) await settle(ack);
  report.seconds = (Date.now() - started) / 1000;
  report.flowsPerSec = report.seconds > 0 ? Math.round(report.published / report.seconds) : 0;
  return report;
}
