/**
 * Byte-level number parsing for CSV cells. The loader parses straight from the file's bytes so
 * that no per-cell string is ever created: that is most of what makes it several times faster
 * than decoding to text first (see scripts/bench-parse.ts).
 */

/** Powers of ten that are exact doubles (10^0 .. 10^22): the range of Clinger's fast path. */
export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The largest finite float32; anything beyond becomes Infinity once stored in a Float32Array. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Outcome of {@link classifyCell} for a cell {@link parseNumber} rejected. */
export type CellProblem = 'empty-cell' | 'non-numeric' | 'non-finite';

/** Where the last {@link scanNumber} stopped: the comma or line end after the cell. */
export const cursor = { end: 0 };

const COMMA = 44;
/** 2^53: integer mantissas below it are exact in a double. */
export const EXACT_MANTISSA = 9007199254740992;
/**
 * Relative error bound of a mantissa accumulated past 2^53 and then scaled (two roundings per
 * digit for at most 40 digits, one for the scaling: well under 2^-45), with a wide margin.
 */
const APPROX_LO = 1 - 2 ** -40;
const APPROX_HI = 1 + 2 ** -40;

/**
 * Parses the decimal number (`12`, `-3.5`, `.5`, `1.2e+07`, spaces around allowed) that starts at
 * `start` and runs to the next comma or `end`, and leaves that position in {@link cursor}. Returns
 * NaN when the cell is anything else: empty, `Infinity`, `NaN`, text. The result's float32
 * rounding is always exactly `Math.fround(Number(text))`; when the digits fit in 2^53 the double
 * itself is exact too (Clinger's fast path: exact mantissa, exact power of ten, one rounding).
 */
export function scanNumber(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && b[i] === 32) i++;
  const neg = b[i] === 45;
  if (neg || b[i] === 43) i++;
  const first = i;
  let m = 0;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d >>> 0 > 9) break;
    m = m * 10 + d;
  }
  let digits = i - first;
  let scale = 0;
  if (i < end && b[i] === 46) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = b[i]! - 48;
      if (d >>> 0 > 9) break;
      m = m * 10 + d;
    }
    scale = fracStart - i;
    digits -= scale;
  }
  if (digits === 0) return NaN;
  if (i < end && (b[i]! | 32) === 101) {
    i = exponent(b, i + 1, end);
    if (i < 0) return NaN;
    scale += expValue;
  }
  const textEnd = i;
  while (i < end && b[i] === 32) i++;
  if (i < end && b[i] !== COMMA) return NaN;
  cursor.end = i;
  let v = NaN;
  if (scale >= -22 && scale <= 22) {
    v = scale === 0 ? m : scale > 0 ? m * POW10[scale]! : m / POW10[-scale]!;
    // An inexact mantissa is good enough when no value within its error bound rounds to a
    // different float32; else the exact parser decides (rare: about one cell in 10^5).
    if (
      m >= EXACT_MANTISSA &&
      (digits > 40 || Math.fround(v * APPROX_LO) !== Math.fround(v * APPROX_HI))
    ) {
      v = NaN;
    }
  }
  if (v !== v) v = exactNumber(b, start, textEnd);
  return neg ? -v : v;
}

/** The magnitude of the number in bytes [start, end), by the engine's exact parser. */
function exactNumber(b: Uint8Array, start: number, end: number): number {
  return Math.abs(Number(asciiText(b, start, end).trim()));
}

/** Value of the exponent digits read by {@link exponent}. */
let expValue = 0;

/** Reads `[+-]digits` from i; returns the index after it (setting expValue), or -1. */
function exponent(b: Uint8Array, start: number, end: number): number {
  let i = start;
  const neg = b[i] === 45;
  if (neg || b[i] === 43) i++;
  const first = i;
  let e = 0;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d >>> 0 > 9) break;
    if (e < 100000) e = e * 10 + d;
  }
  expValue = neg ? -e : e;
  return i === first ? -1 : i;
}

/** Parses a whole cell [start, end) with {@link scanNumber}; NaN unless it is exactly a number. */
export function parseNumber(b: Uint8Array, start: number, end: number): number {
  const v = scanNumber(b, start, end);
  return cursor.end === end ? v : NaN;
}

/**
 * Parses a non-negative integer (a port, a protocol number) from bytes [start, end); -1 when the
 * cell is not one. Used for key columns, where a bad value is not worth dropping the row for.
 */
export function parseIntCell(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let e = end;
  while (i < e && b[i] === 32) i++;
  while (e > i && b[e - 1] === 32) e--;
  if (i === e) return -1;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  // "80.0" (a float-typed export of a port column) is still port 80.
  if (i < e && b[i] === 46) for (i++; i < e && b[i] === 48; i++);
  return i === e && v <= 0x7fffffff ? v : -1;
}

/** Why a cell that {@link parseNumber} rejected (or that overflows float32) is not a feature value. */
export function classifyCell(text: string): CellProblem {
  const t = text.trim();
  if (t === '') return 'empty-cell';
  if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return 'non-finite';
  const v = Number(t);
  // Number() accepts hex, binary and the like; only decimal text counts as a number here.
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) && !(Math.abs(v) <= FLOAT32_MAX)) {
    return 'non-finite';
  }
  return 'non-numeric';
}

/**
 * The value a non-finite cell stands for: NaN for `NaN`, ±Infinity for `Infinity` / `inf` and for
 * decimal text beyond float32 (which a Float32Array would hold as ±Infinity anyway); null when the
 * cell is not a non-finite number (empty, text). CICFlowMeter writes these for the rates of a
 * zero-duration flow, so the row is real and is kept.
 */
export function nonFiniteValue(text: string): number | null {
  if (classifyCell(text) !== 'non-finite') return null;
  const t = text.trim().toLowerCase();
  if (t.endsWith('nan')) return NaN;
  return t.startsWith('-') ? -Infinity : Infinity;
}

/** The bytes [start, end) as a string, one char per byte (the cells this is used on are ASCII). */
export function asciiText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}
