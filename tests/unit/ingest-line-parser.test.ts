/** LineParser: one line at a time gives exactly what the file loader gives, with the same reasons. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../src/main/domain/ingest/batch';
import { LineParser, headerProblem, lineLabels } from '../../src/main/domain/ingest/lineParser';
import { planColumns } from '../../src/main/domain/ingest/headers';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import { fixture, load, rowsOf } from '../fixtures/ingest/collect';

function linesOf(name: string): string[] {
  return readFileSync(fixture(name), 'utf8')
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split(/\r?\n/);
}

function parserFor(header: string, placeholders: string[] = []): LineParser {
  const p = LineParser.fromHeader(header.split(','), lineLabels(), placeholders);
  if ('error' in p) throw new Error(p.error);
  return p;
}

function parseLine(p: LineParser, batch: BatchBuilder, text: string, line = 2) {
  const b = Buffer.from(text, 'utf8');
  return p.parse(batch, b, 0, b.length, line);
}

describe('LineParser', () => {
  it.each(['ml.csv', 'traffic.csv', 'ids2018.csv', 'improved.csv'])(
    'parses every row of %s as the file loader does',
    async (name) => {
      const [header, ...rows] = linesOf(name);
      const p = parserFor(header!);
      const batch = new BatchBuilder(name, 64);
      rows.forEach((r, i) => parseLine(p, batch, r, i + 2));
      const lineRows = rowsOf([batch.take(false)]);
      const { batches } = await load([fixture(name)]);
      const fileRows = rowsOf(batches);
      expect(lineRows.length).toBe(fileRows.length);
      lineRows.forEach((r, i) => {
        const f = fileRows[i]!;
        expect(r.line).toBe(f.line);
        expect(r.label).toBe(f.label);
        expect(r.cls).toBe(f.cls);
        expect(r.srcIp).toBe(f.srcIp);
        expect(r.dstPort).toBe(f.dstPort);
        expect(r.timeMs).toBe(f.timeMs);
        expect(Array.from(r.features)).toEqual(Array.from(f.features));
      });
    },
  );

  it('names the reason of a rejected line and leaves no trace of it in the batch', () => {
    const [header, good] = linesOf('ml.csv');
    const p = parserFor(header!);
    const batch = new BatchBuilder('x', 8);
    const cells = good!.split(',');
    const bad = (i: number, v: string) => cells.map((c, j) => (j === i ? v : c)).join(',');
    const label = cells.length - 1;
    expect(parseLine(p, batch, cells.slice(0, 10).join(','))).toMatchObject({
      ok: false,
      reason: 'column-count',
    });
    expect(parseLine(p, batch, bad(3, 'abc'))).toMatchObject({
      ok: false,
      reason: 'non-numeric',
      detail: expect.stringContaining('column 4'),
    });
    expect(parseLine(p, batch, bad(label, 'Sneaky New Attack'))).toMatchObject({
      ok: false,
      reason: 'unknown-label',
    });
    expect(parseLine(p, batch, bad(1, '-5'))).toMatchObject({ reason: 'negative-duration' });
    expect(batch.count).toBe(0);
    // The rejected rows wrote into slot 0; it must read as "nothing known" again.
    expect(Array.from(batch.features.subarray(0, FEATURE_COUNT)).every(Number.isNaN)).toBe(true);
    expect(batch.classes[0]).toBe(-1);
    expect(parseLine(p, batch, good!)).toEqual({ ok: true });
    expect(batch.count).toBe(1);
  });

  it('stores rows with a placeholder label unlabelled only when asked to', () => {
    const [header, good] = linesOf('ml.csv');
    const cells = good!.split(',');
    cells[cells.length - 1] = 'NeedManualLabel';
    const row = cells.join(',');
    const strict = parserFor(header!);
    const batch = new BatchBuilder('x', 8);
    expect(parseLine(strict, batch, row)).toMatchObject({ ok: false, reason: 'unknown-label' });
    const lenient = parserFor(header!, ['NeedManualLabel']);
    expect(parseLine(lenient, batch, row)).toEqual({ ok: true });
    expect(batch.labels[0]).toBeNull();
    expect(batch.classes[0]).toBe(-1);
    // Other problems of such a row are still named.
    cells[2] = 'x';
    expect(parseLine(lenient, batch, cells.join(','))).toMatchObject({ reason: 'non-numeric' });
  });

  it('explains a header that is not CICFlowMeter output', () => {
    const semi = linesOf('semicolon.csv')[0]!;
    const r = LineParser.fromHeader(semi.split(','), lineLabels());
    expect(r).toEqual({ error: expect.stringContaining('separator is ";"') });
    expect(headerProblem(planColumns(['a', 'b']), 'a,b')).toMatch(/0 of 2 header cells/);
    expect(headerProblem(planColumns(['']), '')).toMatch(/blank/);
  });

  it('maps extra classes after the eight', () => {
    const labels = lineLabels(['Bot', 'Bot', 'Benign']);
    expect(labels.classNames.slice(-1)).toEqual(['Bot']);
    expect(labels.classNames).toHaveLength(9);
  });
});
