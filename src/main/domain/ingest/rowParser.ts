/**
 * The per-row hot loop: one CSV line's bytes straight into the batch's typed arrays. It only
 * answers "stored or not"; a rejected row is re-read by diagnoseRow, which names the reason.
 */
import type { BatchBuilder } from './batch';
import { KEY, type ColumnPlan } from './headers';
import type { LabelInfo, LabelTable } from './labelTable';
import { Interner } from './interner';
import {
  EXACT_MANTISSA,
  FLOAT32_MAX,
  POW10,
  cursor,
  nonFiniteValue,
  parseIntCell,
  scanNumber,
} from './numbers';
import { FEATURE_COUNT, FEATURE_INDEX, FLOW_DURATION } from './schema';
import { parseTimestamp } from './timestamps';

const DST_PORT = FEATURE_INDEX['Destination Port'];
const PROTOCOL = FEATURE_INDEX.Protocol;
const COMMA = 44;
const DOT = 46;

/**
 * The number in the cell starting at p (see scanNumber), with an inlinable fast path for the
 * common `123` / `12.345` cell; anything else (sign, exponent, spaces, long mantissa, bad text)
 * goes through scanNumber. Leaves the cell's end in cursor.end.
 */
function cellNumber(b: Buffer, p: number, e: number): number {
  let m = 0;
  let d = 0;
  let q = p;
  while (q < e && (d = b[q]! - 48) >>> 0 <= 9) {
    m = m * 10 + d;
    q++;
  }
  if (q > p && m < EXACT_MANTISSA) {
    if (q === e || b[q] === COMMA) {
      cursor.end = q;
      return m;
    }
    if (b[q] === DOT) {
      const fracStart = ++q;
      while (q < e && (d = b[q]! - 48) >>> 0 <= 9) {
        m = m * 10 + d;
        q++;
      }
      const k = q - fracStart;
      if ((q === e || b[q] === COMMA) && k <= 22 && m < EXACT_MANTISSA) {
        cursor.end = q;
        return m / POW10[k]!;
      }
    }
  }
  return scanNumber(b, p, e);
}

/** A port or protocol feature as a key: -1 (unknown) unless finite. */
function keyValue(v: number): number {
  return v - v === 0 ? v : -1;
}

/** Parses data rows of one file into batches. */
export class RowParser {
  private readonly featureOf: Int16Array;
  private readonly keyOf: Uint8Array;
  private readonly columns: number;
  private readonly ips = new Interner();
  /** Features of the current row that hold a non-finite value (counted once the row is stored). */
  private readonly nonFinite = new Int16Array(FEATURE_COUNT);

  constructor(
    private readonly plan: ColumnPlan,
    private readonly labels: LabelTable,
  ) {
    this.featureOf = plan.featureOf;
    this.keyOf = plan.keyOf;
    this.columns = plan.columns;
  }

  /**
   * Parses the line in bytes [s, e) (no line break) into row `batch.count`. Returns true and
   * advances the batch when the row is stored; false when it must be skipped.
   */
  parse(batch: BatchBuilder, b: Buffer, s: number, e: number, line: number): boolean {
    const row = batch.count;
    const feats = batch.features;
    const base = row * FEATURE_COUNT;
    const featureOf = this.featureOf;
    const keyOf = this.keyOf;
    let label: LabelInfo | null = null;
    let attempted = -1;
    let nonFinite = 0;
    let p = s;
    for (let c = 0; c < this.columns; c++) {
      if (p > e) return false; // fewer cells than the header
      let q: number;
      const f = featureOf[c]!;
      if (f >= 0) {
        let v = cellNumber(b, p, e);
        // One test sends NaN (bad text or `NaN`), ±Infinity and values float32 cannot hold to the
        // slow path, which keeps the non-finite spellings and rejects the rest.
        if (v >= -FLOAT32_MAX && v <= FLOAT32_MAX) {
          q = cursor.end;
        } else {
          q = p;
          while (q < e && b[q] !== COMMA) q++;
          const special = nonFiniteValue(b.toString('latin1', p, q));
          if (special === null) return false;
          v = special;
          this.nonFinite[nonFinite++] = f;
        }
        feats[base + f] = v;
      } else {
        q = p;
        while (q < e && b[q] !== COMMA) q++;
        const k = keyOf[c]!;
        if (k === KEY.label) {
          label = this.labels.lookup(b, p, q);
          if (label.reason !== null) return false;
        } else if (k !== KEY.none) {
          attempted = this.key(batch, row, k, b, p, q, attempted);
        }
      }
      p = q + 1;
    }
    if (p !== e + 1) return false; // more cells than the header
    if (feats[base + FLOW_DURATION]! < 0) return false; // -Infinity included
    if (label !== null) {
      // The improved release also flags attempted attacks in a column; trust either signal.
      if (attempted >= 0) {
        label = this.labels.attempted(label);
        if (label.reason !== null) return false;
      }
      label.count++;
      batch.labels[row] = label.label;
      batch.classes[row] = label.classIndex;
    }
    if (this.plan.hasDstPort) batch.dstPort[row] = keyValue(feats[base + DST_PORT]!);
    if (this.plan.hasProtocol) batch.protocol[row] = keyValue(feats[base + PROTOCOL]!);
    for (let k = 0; k < nonFinite; k++) batch.nonFinite[this.nonFinite[k]!]!++;
    batch.lines[row] = line;
    batch.count = row + 1;
    return true;
  }

  /** Stores one key cell; returns the attempted-category value seen so far. */
  private key(
    batch: BatchBuilder,
    row: number,
    k: number,
    b: Buffer,
    p: number,
    q: number,
    attempted: number,
  ): number {
    switch (k) {
      case KEY.srcIp:
        batch.srcIp[row] = this.ips.get(b, p, q);
        break;
      case KEY.dstIp:
        batch.dstIp[row] = this.ips.get(b, p, q);
        break;
      case KEY.srcPort:
        batch.srcPort[row] = parseIntCell(b, p, q);
        break;
      case KEY.timestamp: {
        const text = p === q ? null : b.toString('latin1', p, q).trim();
        batch.timestamps[row] = text;
        batch.timeMs[row] = text === null ? NaN : parseTimestamp(text);
        break;
      }
      case KEY.attempted:
        return parseIntCell(b, p, q);
    }
    return attempted;
  }
}
