/**
 * The malformed-file corpus (tests/helpers/malformedCorpus.ts, written to a temp folder) through
 * the real reader, one file at a time and all together, and through the store-backed load path.
 * Expectations come from the corpus writer, which counts good and bad lines as it writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestToStore } from '../../src/main/app/loads/ingestToStore';
import { readFlows } from '../../src/main/domain/ingest';
import { FEATURE_COUNT, FEATURE_INDEX } from '../../src/main/domain/ingest/schema';
import type { FlowBatch, IngestReport } from '../../src/main/domain/ingest/types';
import { Store } from '../../src/main/store/store';
import { HUGE_FIELD_LINE, writeMalformedCorpus, type CorpusFile } from '../helpers/malformedCorpus';

const dir = mkdtempSync(join(tmpdir(), 'rampart-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const corpus = writeMalformedCorpus(dir);
const byName = (name: string) => corpus.find((f) => f.name === name)!;

/** Every example is kept, so the examples list every skipped row. */
const ALL_EXAMPLES = 1_000_000;

async function load(paths: string[]): Promise<{ report: IngestReport; batches: FlowBatch[] }> {
  const stream = readFlows(paths, { maxExamplesPerReason: ALL_EXAMPLES });
  const batches: FlowBatch[] = [];
  for await (const b of stream) batches.push(b);
  return { report: stream.report, batches };
}

/** `file:line` of every stored row, in order. */
function storedLines(batches: readonly FlowBatch[]): string[] {
  return batches.flatMap((b) => Array.from(b.lines, (l) => `${basename(b.file)}:${l}`));
}

const expectedStored = (files: readonly CorpusFile[]) =>
  files.flatMap((f) => f.good.map((l) => `${f.name}:${l}`));
const expectedSkips = (files: readonly CorpusFile[]) =>
  files.flatMap((f) => f.bad.map((b) => `${f.name}:${b.line} ${b.reason}`));
const skips = (r: IngestReport) =>
  r.examples.map((e) => `${basename(e.file)}:${e.line} ${e.reason}`);

describe('the malformed corpus, one file at a time', () => {
  it.each(corpus.map((f) => [f.name, f] as const))('%s', async (_, f) => {
    const { report, batches } = await load([f.path]);
    const file = report.files[0]!;
    if (f.error === null) expect(file.error).toBeNull();
    else
      expect(file.error).toMatch(new RegExp(`^${f.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (f.error !== null) expect(file.error).toMatch(f.error);
    // Every good row kept, at its own line; every bad row counted with file:line and its reason.
    expect(storedLines(batches)).toEqual(expectedStored([f]));
    expect(skips(report)).toEqual(expectedSkips([f]));
    for (const e of report.examples) expect(e.file).toBe(f.path);
    expect(file).toMatchObject({
      rowsStored: f.good.length,
      rowsSkipped: f.bad.length,
      rowsRead: f.good.length + f.bad.length,
      nonFinite: f.nonFinite,
    });
    if (f.error === null) expect(file.labelled).toBe(f.labelled);
    expect(report.nonFinite).toEqual(f.nonFinite);
    expect(report.classes).toEqual(f.classes);
  });

  it('the 5 MB field: skipped as oversize-line at its line, rows before and after kept', async () => {
    const f = byName('oversize.csv');
    const { report } = await load([f.path]);
    const ex = report.examples.find((e) => e.reason === 'oversize-line')!;
    expect(ex.line).toBe(HUGE_FIELD_LINE);
    expect(ex.detail).toMatch(/^line of \d+ bytes \(4\.8 MiB\)/);
    expect(f.good.filter((l) => l < HUGE_FIELD_LINE)).toHaveLength(HUGE_FIELD_LINE - 2);
    expect(report.rowsStored).toBe(59);
  });

  it('Infinity / NaN rows keep their values as written', async () => {
    const { batches } = await load([byName('non-finite.csv').path]);
    const values = new Map<string, number>();
    for (const b of batches) {
      for (let i = 0; i < b.count; i++) {
        const at = (f: keyof typeof FEATURE_INDEX) =>
          b.features[i * FEATURE_COUNT + FEATURE_INDEX[f]]!;
        if (at('Flow Duration') !== 0) continue;
        for (const f of ['Flow Bytes/s', 'Flow Packets/s'] as const) {
          const key = `${f} ${at(f)}`;
          values.set(key, (values.get(key) ?? 0) + 1);
        }
      }
    }
    // Rows i = 0, 5, ..., 195: NaN bytes/s when i % 10 = 0, -Infinity packets/s when i % 15 = 0.
    expect(Object.fromEntries(values)).toEqual({
      'Flow Bytes/s NaN': 20,
      'Flow Bytes/s Infinity': 20,
      'Flow Packets/s -Infinity': 14,
      'Flow Packets/s Infinity': 26,
    });
  });
});

describe('the whole corpus in one load', () => {
  it('one file problem never costs another file a row', async () => {
    const { report, batches } = await load(corpus.map((f) => f.path));
    expect(report.files.map((f) => basename(f.file))).toEqual(corpus.map((f) => f.name));
    expect(storedLines(batches)).toEqual(expectedStored(corpus));
    expect(skips(report)).toEqual(expectedSkips(corpus));
    expect(report.rowsStored).toBe(corpus.reduce((n, f) => n + f.good.length, 0));
    expect(report.files.filter((f) => f.error !== null).map((f) => basename(f.file))).toEqual([
      'empty.csv',
      'binary.csv',
    ]);
  });

  it('through the store-backed load: same rows, non-finite values kept, report saved', async () => {
    const store = Store.open(join(dir, 'corpus.sqlite'));
    try {
      const out = await ingestToStore(
        store,
        corpus.map((f) => f.path),
        { maxExamplesPerReason: ALL_EXAMPLES },
      );
      expect(out.status).toBe('ready');
      const good = corpus.reduce((n, f) => n + f.good.length, 0);
      expect(out.report.rowsStored).toBe(good);
      expect(out.report.rowsSkipped).toBe(corpus.reduce((n, f) => n + f.bad.length, 0));
      expect(skips(out.report)).toEqual(expectedSkips(corpus));
      expect(out.report.nonFinite).toEqual(byName('non-finite.csv').nonFinite);
      expect(out.matrix.rows).toBe(good);
      const bytesS = Array.from(
        { length: out.matrix.rows },
        (_, i) => out.matrix.features[i * FEATURE_COUNT + FEATURE_INDEX['Flow Bytes/s']]!,
      );
      expect(bytesS.filter((v) => v === Infinity)).toHaveLength(20);
      expect(bytesS.filter((v) => Number.isNaN(v))).toHaveLength(20);
      const ds = store.getDataset(out.datasetId)!;
      expect(JSON.parse(ds.report!).nonFinite).toEqual(byName('non-finite.csv').nonFinite);
    } finally {
      store.close();
    }
  });
});
