/**
 * Turns fetched JetStream messages into FlowBatches through the live feeds' decoder: one flow per
 * message, an NDJSON object keyed by CICFlowMeter column names, or a CSV line whose header line
 * travels in the Rampart-Csv-Header message header. Each accepted row carries its message's
 * stream sequence (FlowBatch.streamSeqs); every other message is refused with a reason.
 */
import type { JsMsg } from 'nats';
import type { LineLabels } from '../../domain/ingest/lineParser';
import type { FlowBatch } from '../../domain/ingest/types';
import { FeedCounters, type MalformedReason } from '../feeds/intake/counters';
import { DecodeContext, StreamDecoder } from '../feeds/intake/decoder';
import { FlowQueue } from '../feeds/intake/queue';
import { CSV_HEADER } from './config';

/** Accepted flows of some messages, in message order: row i came from msgs[i]. */
export interface DecodedPart {
  batch: FlowBatch;
  msgs: JsMsg[];
}

/** A message that is not a flow. */
export interface RefusedMessage {
  msg: JsMsg;
  reason: MalformedReason;
  detail: string;
}

/** What one fetch decoded to. */
export interface Decoded {
  parts: DecodedPart[];
  refused: RefusedMessage[];
}

/** Distinct CSV headers whose parser is kept. */
const MAX_CSV_HEADERS = 64;

/** Decoder of one worker's messages; its counters hold the accepted and refused totals. */
export class MessageDecoder {
  readonly counters: FeedCounters;
  private readonly queue: FlowQueue;
  private readonly ctx: DecodeContext;
  private readonly json: StreamDecoder;
  private readonly csv = new Map<string, StreamDecoder>();
  /** The stream sequence of the message being decoded (for the refusal's `where`). */
  private seq = 0;

  constructor(labels: LineLabels, placeholders: readonly string[], batchSize: number) {
    this.counters = new FeedCounters(20);
    this.queue = new FlowQueue('stream', batchSize, batchSize, () => {});
    this.ctx = new DecodeContext(labels, placeholders, this.queue, this.counters);
    this.json = this.decoder();
  }

  /** Decode a fetch's messages. */
  decode(msgs: readonly JsMsg[]): Decoded {
    const refused: RefusedMessage[] = [];
    const accepted: JsMsg[] = [];
    for (const msg of msgs) {
      this.seq = msg.info.streamSequence;
      const before = this.counters.received;
      const beforeAccepted = this.counters.accepted;
      this.one(msg);
      if (this.counters.accepted > beforeAccepted) accepted.push(msg);
      else if (this.counters.received > before) {
        const last = this.counters.examples[this.counters.examples.length - 1];
        refused.push({
          msg,
          reason: last?.reason ?? 'bad-value',
          detail: last?.detail ?? 'refused',
        });
      } else {
        this.counters.refuseAt('missing-fields', this.where(), 'an empty message');
        refused.push({ msg, reason: 'missing-fields', detail: 'an empty message' });
      }
    }
    this.queue.seal();
    const parts: DecodedPart[] = [];
    let offset = 0;
    for (let batch = this.queue.next(); batch; batch = this.queue.next()) {
      this.queue.done(batch);
      const part = accepted.slice(offset, offset + batch.count);
      offset += batch.count;
      const seqs = new Float64Array(batch.count);
      part.forEach((m, i) => {
        seqs[i] = m.info.streamSequence;
        // The flow's "line" is its message: the sequence as far as 32 bits hold it.
        batch.lines[i] = m.info.streamSequence >>> 0;
      });
      parts.push({ batch: { ...batch, streamSeqs: seqs }, msgs: part });
    }
    return { parts, refused };
  }

  private where(): string {
    return `stream seq ${this.seq}`;
  }

  private decoder(): StreamDecoder {
    return new StreamDecoder(this.ctx, 'stream', () => this.where());
  }

  private one(msg: JsMsg): void {
    let end = msg.data.length;
    while (end > 0 && (msg.data[end - 1] === 10 || msg.data[end - 1] === 13)) end--;
    const buf = Buffer.from(msg.data.buffer, msg.data.byteOffset, end);
    if (buf.indexOf(10) >= 0) {
      this.refuse('bad-value', 'several lines in one message: publish one flow per message');
      return;
    }
    const header = msg.headers?.get(CSV_HEADER) ?? '';
    const first = buf.findIndex((b) => b !== 32 && b !== 9);
    if (first >= 0 && (buf[first] === 123 || buf[first] === 91)) {
      this.json.decode(buf, 0, end);
      return;
    }
    if (header === '') {
      if (first >= 0)
        this.refuse('no-header', `a CSV line without the ${CSV_HEADER} message header`);
      return;
    }
    const d = this.csvDecoder(header);
    if (d) d.decode(buf, 0, end);
  }

  /** The decoder of a CSV header (cached); null when the header was refused (counted). */
  private csvDecoder(header: string): StreamDecoder | null {
    const known = this.csv.get(header);
    if (known) return known;
    const d = this.decoder();
    const line = Buffer.from(header, 'utf8');
    d.decode(line, 0, line.length);
    if (!d.hasHeader) return null; // refused as no-header, with the header's problem
    if (this.csv.size >= MAX_CSV_HEADERS) this.csv.clear();
    this.csv.set(header, d);
    return d;
  }

  private refuse(reason: MalformedReason, detail: string): void {
    this.counters.refuseAt(reason, this.where(), detail);
  }
}
