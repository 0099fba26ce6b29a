/**
 * Loads every real CSV in ../shared/data/cicids2017 (outside the project; skipped when absent).
 * Expected counts come from the data README and an independent pass over the files: the README's
 * "48,419 rows" for improved-rnd5000 is a typo, its own per-file counts add up to 43,419.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFlows } from '../../src/main/domain/ingest';
import type { FlowBatch, IngestReport } from '../../src/main/domain/ingest';
import { FEATURE_COUNT, FEATURE_INDEX } from '../../src/main/domain/ingest/schema';

const dataDir = fileURLToPath(new URL('../../../shared/data/cicids2017', import.meta.url));
const present = existsSync(dataDir);
if (!present) console.log(`ingest-shared: ${dataDir} not found, skipping the real-data tests`);

const csvs = (sub: string) =>
  readdirSync(join(dataDir, sub))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dataDir, sub, f));

async function loadAll(
  paths: string[],
  extraClasses?: string[],
): Promise<{ report: IngestReport; batches: FlowBatch[] }> {
  const stream = readFlows(paths, { extraClasses });
  const batches: FlowBatch[] = [];
  for await (const b of stream) batches.push(b);
  return { report: stream.report, batches };
}

const base = (p: string) => p.split(/[\\/]/).pop()!;

describe.skipIf(!present)('the shared CIC-IDS2017 samples', () => {
  it('improved-rnd5000: 16 files, 43,419 rows, Botnet and Heartbleed excluded', async () => {
    const { report } = await loadAll(csvs('improved-rnd5000'));
    expect(report.files).toHaveLength(16);
    expect(new Set(report.files.map((f) => f.format))).toEqual(new Set(['cicids2017-improved']));
    expect(report.files.every((f) => f.error === null && f.labelled)).toBe(true);
    expect(report.rowsRead).toBe(43_419);
    expect(report.skippedByReason).toEqual({ 'excluded-class': 736 + 11 });
    expect(report.rowsStored).toBe(42_672);
    expect(report.classes).toEqual({
      Benign: 5000,
      DDoS: 5000,
      DoS: 5000 + 5000 + 1740 + 3859,
      'FTP-Patator': 3972,
      'SSH-Patator': 2961,
      Web: 73 + 13 + 18,
      Infiltration: 36 + 5000,
      PortScan: 5000,
    });
    expect(report.labels['Infiltration - Portscan']).toBe(5000);
    expect(report.bytesRead).toBe(report.totalBytes);
    console.log(
      `improved-rnd5000: ${(report.bytesRead / 2 ** 20).toFixed(1)} MiB at ${report.mibPerSec.toFixed(1)} MiB/s`,
    );
  });

  it('improved-rnd5000 with Bot and Heartbleed as extra classes', async () => {
    const { report, batches } = await loadAll(csvs('improved-rnd5000'), ['Bot', 'Heartbleed']);
    expect(report.classNames.slice(8)).toEqual(['Bot', 'Heartbleed']);
    expect(report.classes.Bot).toBe(736);
    expect(report.classes.Heartbleed).toBe(11);
    expect(report.rowsStored).toBe(43_419);
    // Every row of the improved release carries all 83 features, the keys and a timestamp.
    const b = batches[0]!;
    expect(b.features.every((v) => Number.isFinite(v))).toBe(true);
    expect(b.srcIp.every((ip) => ip !== null) && b.timeMs.every((t) => Number.isFinite(t))).toBe(
      true,
    );
  });

  it('original/: MachineLearningCSV quirks, mojibake web labels and a grouped-label file', async () => {
    const { report, batches } = await loadAll(csvs('original'));
    // friday-ddos-head.csv:67 is a zero-duration flow with "Infinity,Infinity" rates.
    const friday = batches.find((b) => b.file.endsWith('friday-ddos-head.csv'))!;
    const row67 = friday.lines.indexOf(67);
    const F = FEATURE_INDEX;
    expect(friday.features[row67 * FEATURE_COUNT + F['Flow Duration']]).toBe(0);
    expect(friday.features[row67 * FEATURE_COUNT + F['Flow Bytes/s']]).toBe(Infinity);
    expect(friday.features[row67 * FEATURE_COUNT + F['Flow Packets/s']]).toBe(Infinity);
    const files = Object.fromEntries(report.files.map((f) => [base(f.file), f]));
    expect(files['friday-ddos-head.csv']).toMatchObject({
      format: 'cicids2017-ml',
      rowsRead: 9998,
      // Every row: the 7 with Infinity / NaN rates (zero-duration flows) are kept and noted.
      rowsStored: 9998,
      rowsSkipped: 0,
      nonFinite: { 'Flow Bytes/s': 7, 'Flow Packets/s': 7 },
      error: null,
    });
    expect(files['thursday-webattacks-sample.csv']).toMatchObject({
      format: 'cicids2017-ml',
      rowsRead: 10_180,
      rowsStored: 10_179,
      nonFinite: { 'Flow Bytes/s': 11, 'Flow Packets/s': 11 },
    });
    expect(files['grouped-kmeans-sample.csv']).toMatchObject({
      format: 'cicids2017-ml',
      rowsRead: 6311,
      rowsStored: 3791,
      nonFinite: { 'Flow Bytes/s': 1, 'Flow Packets/s': 1 },
    });
    expect(report.labels).toMatchObject({
      'Web Attack - Brute Force': 1507,
      'Web Attack - XSS': 652,
      'Web Attack - Sql Injection': 21,
      BruteForce: 553,
      Bot: 1966,
    });
    expect(report.skippedByReason).toEqual({
      'negative-duration': 1,
      'empty-cell': 1,
      'excluded-class': 1966,
      'ambiguous-label': 553,
    });
    expect(report.classes).toEqual({
      Benign: 9998 + 7999 + 227,
      Web: 2180 + 2180,
      DoS: 951,
      PortScan: 397,
      Infiltration: 36,
    });
    const where = (reason: string) =>
      report.examples.filter((e) => e.reason === reason).map((e) => `${base(e.file)}:${e.line}`);
    expect(where('negative-duration')).toEqual(['thursday-webattacks-sample.csv:2715']);
    expect(where('empty-cell')).toEqual(['grouped-kmeans-sample.csv:6065']);
    expect(where('ambiguous-label')[0]).toMatch(/^grouped-kmeans-sample\.csv:\d+$/);
    expect(where('non-finite')).toEqual([]);
    expect(report.nonFinite).toEqual({ 'Flow Bytes/s': 19, 'Flow Packets/s': 19 });
  });
});
