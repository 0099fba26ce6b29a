/** A look at a file's first bytes, to refuse non-text files before parsing them as rows. */

/** How much of the first chunk is examined. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Share of invalid UTF-8 bytes above which a file is taken for binary. Not zero: the original
 * CIC-IDS2017 Thursday CSV carries a raw cp1252 0x96 in every web-attack label (about one byte
 * in 300), which the label normaliser repairs.
 */
const MAX_INVALID_SHARE = 0.01;

/** Why the first chunk is not CSV text, or null when it looks like text. */
export function sniffBinary(chunk: Uint8Array): string | null {
  const n = Math.min(chunk.length, SNIFF_BYTES);
  if (
    n >= 2 &&
    ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
  ) {
    return 'UTF-16 text, not a UTF-8 CSV (save it as UTF-8)';
  }
  let invalid = 0;
  for (let i = 0; i < n;) {
    const c = chunk[i]!;
    if (c < 0x80) {
      // Control characters other than tab, CR and LF never occur in CSV text.
      if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) return 'binary file, not a CSV';
      i++;
      continue;
    }
    const len =
      c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + len > n) break; // a character cut by the end of the sample
    let ok = true;
    for (let k = 1; k < len; k++) if ((chunk[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) i += len;
    else {
      invalid++;
      i++;
    }
  }
  return invalid > n * MAX_INVALID_SHARE ? 'binary file, not a CSV' : null;
}
