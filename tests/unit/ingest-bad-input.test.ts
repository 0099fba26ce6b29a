import { describe, expect, it } from 'vitest';
import type { SkipReason } from '../../src/main/domain/ingest';
import { fixture, load } from '../fixtures/ingest/collect';

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
      'bad-non-finite.csv',
      'non-finite',
      [
        '3 non-finite: column 17 "Flow Byts/s" is "Infinity"',
        '5 non-finite: column 18 "Flow Pkts/s" is "NaN"',
        '6 non-finite: column 17 "Flow Byts/s" is "inf"',
        '7 non-finite: column 18 "Flow Pkts/s" is "-Infinity"',
        '8 non-finite: column 21 "Flow IAT Max" is "1e39"',
      ],
      [2, 4],
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
    const { report } = await load([fixture('bad-non-finite.csv')], { maxExamplesPerReason: 2 });
    expect(report.examples.map((e) => e.line)).toEqual([3, 5]);
    expect(report.skippedByReason['non-finite']).toBe(5);
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
