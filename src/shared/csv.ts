/**
 * Cells of the CSV files analysts export (and open in a spreadsheet): RFC 4180 quoting plus the
 * OWASP defence against CSV (formula) injection. Not for files written to be read back as flow
 * data (the demo CSV), which hold only numbers and fixed names and must stay as they are.
 */

/** First characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Characters that need the cell quoted: RFC 4180's comma, quote and line breaks, plus `;`, the
 * list separator of locales whose spreadsheets split .csv files on it (an unquoted `a;=CMD()`
 * would put a formula in a cell of its own there).
 */
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * One cell of an exported CSV line; null and undefined are empty. Text that starts with `=`, `+`,
 * `-`, `@`, tab or CR is neutralised as OWASP prescribes: prefixed with a single quote and quoted,
 * so a spreadsheet shows it as text instead of running it (e.g. a note `=HYPERLINK(...)`).
 *
 * Finite JS numbers are written as they are, `-1` included. OWASP's rule is about text: a number
 * here comes from a numeric column and is formatted by String(), so it is only digits, `-`, `.`
 * and `e`, which every spreadsheet reads as a number, never as a formula; quoting it would turn
 * it into text for whoever re-reads the file as data. Anything user-controlled reaches this as a
 * string and is neutralised even when it looks like a number (`-1+1` is a formula).
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') return String(v);
  const s = String(v);
  if (FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line break) of cells as {@link csvCell} writes them. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}
