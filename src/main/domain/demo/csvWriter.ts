/**
 * Writes synthetic flows as a CIC-IDS2017 "TrafficLabelling" CSV: the original 85-column header
 * with its leading spaces and duplicated `Fwd Header Length`, `d/m/yyyy H:mm:ss` timestamps and
 * original labels, so every CIC-IDS2017 reader (Rampart's included) takes it as it is.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FEATURE_INDEX } from '../ingest/schema';
import type { FeatureName } from '../ingest/schema';
import { FlowSource, newFlowRecord } from './generator';
import type { FlowRecord } from './generator';
import { loadDemoProfile } from './profile';
import type { DemoProfile } from './profile';
import type { DemoOptions } from './types';

/** The 77 feature columns of CIC-IDS2017's CSVs, spelled and spaced exactly as the originals. */
const ORIGINAL_FEATURE_HEADER =
  ' Flow Duration, Total Fwd Packets, Total Backward Packets,Total Length of Fwd Packets, Total Length of Bwd Packets,' +
  ' Fwd Packet Length Max, Fwd Packet Length Min, Fwd Packet Length Mean, Fwd Packet Length Std,Bwd Packet Length Max,' +
  ' Bwd Packet Length Min, Bwd Packet Length Mean, Bwd Packet Length Std,Flow Bytes/s, Flow Packets/s, Flow IAT Mean,' +
  ' Flow IAT Std, Flow IAT Max, Flow IAT Min,Fwd IAT Total, Fwd IAT Mean, Fwd IAT Std, Fwd IAT Max, Fwd IAT Min,' +
  'Bwd IAT Total, Bwd IAT Mean, Bwd IAT Std, Bwd IAT Max, Bwd IAT Min,Fwd PSH Flags, Bwd PSH Flags, Fwd URG Flags,' +
  ' Bwd URG Flags, Fwd Header Length, Bwd Header Length,Fwd Packets/s, Bwd Packets/s, Min Packet Length,' +
  ' Max Packet Length, Packet Length Mean, Packet Length Std, Packet Length Variance,FIN Flag Count, SYN Flag Count,' +
  ' RST Flag Count, PSH Flag Count, ACK Flag Count, URG Flag Count, CWE Flag Count, ECE Flag Count, Down/Up Ratio,' +
  ' Average Packet Size, Avg Fwd Segment Size, Avg Bwd Segment Size, Fwd Header Length,Fwd Avg Bytes/Bulk,' +
  ' Fwd Avg Packets/Bulk, Fwd Avg Bulk Rate, Bwd Avg Bytes/Bulk, Bwd Avg Packets/Bulk,Bwd Avg Bulk Rate,' +
  'Subflow Fwd Packets, Subflow Fwd Bytes, Subflow Bwd Packets, Subflow Bwd Bytes,Init_Win_bytes_forward,' +
  ' Init_Win_bytes_backward, act_data_pkt_fwd, min_seg_size_forward,Active Mean, Active Std, Active Max, Active Min,' +
  'Idle Mean, Idle Std, Idle Max, Idle Min';

/** The header line of a demo CSV (85 columns, no line break). */
export const DEMO_CSV_HEADER =
  'Flow ID, Source IP, Source Port, Destination IP, Destination Port, Protocol, Timestamp,' +
  ORIGINAL_FEATURE_HEADER +
  ', Label';

/** Canonical feature index of each feature column, in file order. */
export const CSV_FEATURE_COLUMNS: readonly number[] = ORIGINAL_FEATURE_HEADER.split(',').map(
  (h) => {
    const i = FEATURE_INDEX[h.trim() as FeatureName];
    if (i === undefined) throw new Error(`demo CSV header names an unknown feature: ${h}`);
    return i;
  },
);

const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NEWLINE = 10;
/** Longest line we ever encode is ~1 KB; a chunk is handed over once less than this is left. */
const MAX_LINE_BYTES = 4096;
/** Bytes per chunk handed to the file stream. */
const CHUNK_BYTES = 1 << 20;

/** Writes ASCII text at `pos`; returns the position after it. */
function putText(buf: Buffer, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/** Writes a non-negative integer below 2^53 in decimal, zero-padded to `width` digits. */
function putDigits(buf: Buffer, pos: number, n: number, width = 1): number {
  let len = 1;
  for (let p = 10; p <= n && len < 16; p *= 10) len++;
  if (len < width) len = width;
  if (n < 2147483648) {
    // Int32 division: far cheaper than the floating-point % the general path needs.
    let v = n | 0;
    for (let i = pos + len - 1; i >= pos; i--) {
      const q = (v / 10) | 0;
      buf[i] = ZERO + v - q * 10;
      v = q;
    }
  } else {
    for (let i = pos + len - 1; i >= pos; i--) {
      const d = n % 10;
      buf[i] = ZERO + d;
      n = (n - d) / 10;
    }
  }
  return pos + len;
}

/**
 * Writes a number cheaply: integers exactly; other values rounded to 4 decimals (8 below 1, so
 * small rates keep their digits), trailing zeros dropped. That is about CIC-IDS2017's own precision.
 */
export function putNumber(buf: Buffer, pos: number, x: number): number {
  const neg = x < 0;
  const a = neg ? -x : x;
  if (!(a < 1e15)) return putText(buf, pos, String(x)); // beyond exact digit arithmetic (never in practice)
  let whole: number;
  let frac = 0;
  let digits = 0;
  if (Number.isInteger(a)) whole = a;
  else {
    const scale = a >= 1 ? 1e4 : 1e8;
    digits = a >= 1 ? 4 : 8;
    const r = Math.round(a * scale);
    whole = Math.floor(r / scale);
    frac = r - whole * scale;
    while (frac > 0 && frac % 10 === 0) {
      frac /= 10; // frac < 1e8: exact
      digits--;
    }
  }
  if (neg && (whole > 0 || frac > 0)) buf[pos++] = MINUS;
  pos = putDigits(buf, pos, whole);
  if (frac > 0) {
    buf[pos++] = DOT;
    pos = putDigits(buf, pos, frac, digits);
  }
  return pos;
}

/** `d/m/yyyy H:mm:ss` in UTC, as CIC-IDS2017's TrafficLabelling CSVs write it. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => (n < 10 ? '0' : '') + n;
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()} ${d.getUTCHours()}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Encodes flows as CSV lines straight into bytes; the timestamp text is reused within a second. */
export class CsvRowEncoder {
  private second = NaN;
  private stamp = '';

  /** Writes one CSV line (with its newline) at `pos`; returns the position after it. */
  encode(r: FlowRecord, buf: Buffer, pos: number): number {
    const sec = Math.floor(r.timeMs / 1000);
    if (sec !== this.second) {
      this.second = sec;
      this.stamp = formatTimestamp(sec * 1000);
    }
    // Flow ID: src-dst-srcPort-dstPort-protocol, as CICFlowMeter names flows.
    pos = putText(buf, pos, r.srcIp);
    buf[pos++] = MINUS;
    pos = putText(buf, pos, r.dstIp);
    buf[pos++] = MINUS;
    pos = putDigits(buf, pos, r.srcPort);
    buf[pos++] = MINUS;
    pos = putDigits(buf, pos, r.dstPort);
    buf[pos++] = MINUS;
    pos = putDigits(buf, pos, r.protocol);
    buf[pos++] = COMMA;
    pos = putText(buf, pos, r.srcIp);
    buf[pos++] = COMMA;
    pos = putDigits(buf, pos, r.srcPort);
    buf[pos++] = COMMA;
    pos = putText(buf, pos, r.dstIp);
    buf[pos++] = COMMA;
    pos = putDigits(buf, pos, r.dstPort);
    buf[pos++] = COMMA;
    pos = putDigits(buf, pos, r.protocol);
    buf[pos++] = COMMA;
    pos = putText(buf, pos, this.stamp);
    const f = r.features;
    for (let i = 0; i < CSV_FEATURE_COLUMNS.length; i++) {
      buf[pos++] = COMMA;
      pos = putNumber(buf, pos, f[CSV_FEATURE_COLUMNS[i] as number] as number);
    }
    buf[pos++] = COMMA;
    pos = putText(buf, pos, r.label);
    buf[pos++] = NEWLINE;
    return pos;
  }

  /** One CSV line as text (with its newline); for tests and small outputs. */
  format(r: FlowRecord): string {
    const buf = Buffer.allocUnsafe(MAX_LINE_BYTES);
    return buf.toString('latin1', 0, this.encode(r, buf, 0));
  }
}

/** Options of {@link writeDemoCsv}. */
export interface WriteDemoCsvOptions extends DemoOptions {
  /** Default: resources/demo-profile.json. */
  profile?: DemoProfile;
  /** Called after each chunk (~1 MiB) is handed to the file stream, and at the end. */
  onProgress?(rows: number, bytes: number): void;
  /** Stops the write (the promise rejects with an AbortError; the partial file stays). */
  signal?: AbortSignal;
}

/** Writes a synthetic CIC-IDS2017 CSV; resolves with the rows and bytes written. */
export async function writeDemoCsv(
  path: string,
  opts: WriteDemoCsvOptions,
): Promise<{ rows: number; bytes: number }> {
  const src = new FlowSource(opts.profile ?? loadDemoProfile(), opts);
  const enc = new CsvRowEncoder();
  let rows = 0;
  let bytes = 0;
  function* chunks(): Generator<Buffer> {
    const rec = newFlowRecord();
    // A fresh buffer per chunk: the stream may still hold the previous one.
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let pos = putText(buf, 0, DEMO_CSV_HEADER);
    buf[pos++] = NEWLINE;
    while (src.next(rec)) {
      pos = enc.encode(rec, buf, pos);
      rows++;
      if (pos > CHUNK_BYTES - MAX_LINE_BYTES) {
        bytes += pos;
        yield buf.subarray(0, pos);
        opts.onProgress?.(rows, bytes);
        buf = Buffer.allocUnsafe(CHUNK_BYTES);
        pos = 0;
      }
    }
    bytes += pos;
    yield buf.subarray(0, pos);
    opts.onProgress?.(rows, bytes);
  }
  // pipeline() applies the file stream's backpressure and destroys both ends on error.
  await pipeline(Readable.from(chunks(), { objectMode: false }), createWriteStream(path), {
    signal: opts.signal,
  });
  return { rows, bytes };
}
