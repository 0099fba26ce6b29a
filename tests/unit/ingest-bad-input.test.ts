import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SkipReason } from '../../src/main/domain/ingest';
import { FEATURE_INDEX as F } from '../../src/main/domain/ingest/schema';
import { fixture, load } from '../fixtures/ingest/collect';

const dir = mkdtempSync(join(tmpdir(), 'rampart-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads one fixture; returns its skip examples as "line reason: detail" and the stored lines. */
async function skipped(name: string) {
  const path = fixture(name);
  const { rows, report } = await load([path]);
  for (const e of report.examples) expect(e.file).toBe(path);
  return {
    examples: report.examples.map((e) => `${e.line} ${e.reason}: ${e.detail}`),
    stored: rows.map((r) => r.line),
    byReason: report.skippedByReason,
    file: report.files[0]!,
  };
}

describe('bad rows are skipped with a reason and a line, and loading goes on', () => {
  it.each<[string, SkipReason, string[], number[]]>([
    [
      'bad-column-count.csv',
      'column-count',
      [
        '3 column-count: 81 cells, the header has 80',
        '5 column-count: 79 cells, the header has 80',
      ],
      [2, 4],
    ],
    [
      'bad-non-numeric.csv',
      'non-numeric',
      ['3 non-numeric: column 9 "Fwd Pkt Len Max" is "abc"'],
      [2, 4],
    ],
    [
      'bad-empty-cell.csv',
      'empty-cell',
      ['3 empty-cell: column 19 "Flow IAT Mean" is empty'],
      [2, 4],
    ],
    [
      'bad-truncated.csv',
      'empty-cell',
      ['5 empty-cell: truncated line: 10 of 80 cells (the file ends mid-row)'],
      [2, 3, 4],
    ],
    [
      'bad-negative-duration.csv',
      'negative-duration',
      ['3 negative-duration: Flow Duration is -1'],
      [2, 4],
    ],
    [
      'bad-unknown-label.csv',
      'unknown-label',
      ['3 unknown-label: unknown label "Mystery Attack"'],
      [2, 4],
    ],
    [
      'bad-ambiguous-label.csv',
      'ambiguous-label',
      ['3 ambiguous-label: label "BruteForce" could be FTP-Patator or SSH-Patator'],
      [2, 4],
    ],
  ])('%s', async (name, reason, examples, stored) => {
    const got = await skipped(name);
    expect(got.examples).toEqual(examples);
    expect(got.byReason).toEqual({ [reason]: examples.length });
    expect(got.stored).toEqual(stored);
    expect(got.file).toMatchObject({
      error: null,
      rowsSkipped: examples.length,
      rowsStored: stored.length,
    });
  });

  it('ignores blank and white-space lines without counting them, keeping physical line numbers', async () => {
    const got = await skipped('blank-lines.csv');
    expect(got.stored).toEqual([2, 5, 7]);
    expect(got.byReason).toEqual({});
    expect(got.file.rowsRead).toBe(3);
  });

  it('keeps only the first N examples per reason but counts them all', async () => {
    const { report } = await load([fixture('bad-column-count.csv')], { maxExamplesPerReason: 1 });
    expect(report.examples.map((e) => e.line)).toEqual([3]);
    expect(report.skippedByReason['column-count']).toBe(2);
  });
});

describe('non-finite values are real flows (zero-duration rates): kept, and noted per column', () => {
  it('keeps every row of bad-non-finite.csv with the values as written', async () => {
    const got = await skipped('bad-non-finite.csv');
    expect(got.stored).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(got.byReason).toEqual({});
    expect(got.file).toMatchObject({ error: null, rowsSkipped: 0, rowsStored: 7 });
    const { rows, report } = await load([fixture('bad-non-finite.csv')]);
    const at = (line: number, f: keyof typeof F) =>
      rows.find((r) => r.line === line)!.features[F[f]];
    expect(at(3, 'Flow Bytes/s')).toBe(Infinity); // "Infinity"
    expect(at(5, 'Flow Packets/s')).toBeNaN(); // "NaN"
    expect(at(6, 'Flow Bytes/s')).toBe(Infinity); // "inf"
    expect(at(7, 'Flow Packets/s')).toBe(-Infinity); // "-Infinity"
    expect(at(8, 'Flow IAT Max')).toBe(Infinity); // "1e39", beyond float32
    expect(at(4, 'Flow Bytes/s')).toBe(1.2e7);
    const note = { 'Flow Bytes/s': 2, 'Flow Packets/s': 2, 'Flow IAT Max': 1 };
    expect(report.nonFinite).toEqual(note);
    expect(report.files[0]!.nonFinite).toEqual(note);
    expect(report.rowsSkipped).toBe(0);
  });

  it('still skips a row whose other cell is bad, naming that cell', async () => {
    const header = readFileSync(fixture('bad-non-finite.csv'), 'utf8').split('\n')[0]!;
    /** A row with every feature `v` (duration apart), column `badAt` (1-based) `abc`. */
    const cells = (v: string, duration = '1000', badAt = 0) =>
      header
        .split(',')
        .map((h, i) =>
          i === 2
            ? '14/02/2018 08:31:01'
            : h === 'Label'
              ? 'Benign'
              : i === 3
                ? duration
                : i === badAt - 1
                  ? 'abc'
                  : v,
        )
        .join(',');
    const path = join(dir, 'mixed.csv');
    writeFileSync(
      path,
      [
        header,
        cells('Infinity'),
        cells('NaN', '1000', 30), // a bad cell after NaN ones
        cells('1', '-Infinity'), // a negative duration, spelled non-finitely
        cells('1', 'NaN'), // an unknown duration is kept
      ].join('\n') + '\n',
    );
    const { rows, report } = await load([path]);
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(report.examples.map((e) => `${e.line} ${e.reason}`)).toEqual([
      '3 non-numeric',
      '4 negative-duration',
    ]);
    expect(report.examples[0]!.detail).toMatch(/^column 30 ".*" is "abc"$/);
    expect(report.examples[1]!.detail).toBe('Flow Duration is -Infinity');
    // Destination Port / Protocol columns holding Infinity are unknown keys, never 0.
    expect(rows[0]!.dstPort).toBe(-1);
    expect(rows[0]!.protocol).toBe(-1);
    expect(rows[1]!.features[F['Flow Duration']]).toBeNaN();
  });
});

describe('bad files get a FileReport error naming file:line, and the next file still loads', () => {
  it.each([
    ['empty.csv', ':1: empty file'],
    ['binary.csv', ':1: binary file, not a CSV'],
    ['utf16.csv', ':1: UTF-16 text, not a UTF-8 CSV (save it as UTF-8)'],
    [
      'not-cicflowmeter.csv',
      ':1: not a CICFlowMeter CSV (0 of 3 header cells are flow features, at least 20 needed)',
    ],
  ])('%s', async (name, message) => {
    const bad = fixture(name);
    const { rows, report } = await load([bad, fixture('traffic.csv')]);
    expect(report.files[0]!.error).toBe(bad + message);
    expect(report.files[0]!.rowsRead).toBe(0);
    expect(report.files[1]!.error).toBeNull();
    expect(rows).toHaveLength(4);
    expect(report.rowsSkipped).toBe(0);
  });

  it('a missing file', async () => {
    const missing = fixture('no-such-file.csv');
    const { rows, report } = await load([missing, fixture('traffic.csv')]);
    expect(report.files[0]!.error).toMatch(/no-such-file\.csv: cannot open \(ENOENT/);
    expect(rows).toHaveLength(4);
  });

  it('a directory', async () => {
    const dir = fixture('.');
    const { report } = await load([dir]);
    expect(report.files[0]!.error).toMatch(/cannot open \(is a directory\)/);
  });
});

describe('a spreadsheet re-save with another separator', () => {
  it('names the separator', async () => {
    const path = fixture('semicolon.csv');
    const { report } = await load([path]);
    expect(report.files[0]!.error).toBe(
      `${path}:1: not a CICFlowMeter CSV (its separator is ";"; only comma-separated files are read)`,
    );
  });
});
