import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_INDEX, FEATURES } from '../../src/main/domain/ingest/schema';
import type { FeatureName } from '../../src/main/domain/ingest/schema';
import {
  DEMO_CSV_HEADER,
  generateFlows,
  loadDemoProfile,
  writeDemoCsv,
} from '../../src/main/domain/demo';
import type { DemoOptions } from '../../src/main/domain/demo';
import { putNumber } from '../../src/main/domain/demo/csvWriter';
import { readFlows } from '../../src/main/domain/ingest';

const dir = mkdtempSync(join(tmpdir(), 'rampart-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const profile = loadDemoProfile();

async function write(
  name: string,
  opts: DemoOptions,
): Promise<{ text: string; rows: number; bytes: number }> {
  const path = join(dir, name);
  const r = await writeDemoCsv(path, { ...opts, profile });
  return { ...r, text: readFileSync(path, 'latin1') };
}

const num = (x: number): string => {
  const buf = Buffer.alloc(64);
  return buf.toString('latin1', 0, putNumber(buf, 0, x));
};

describe('writeDemoCsv', () => {
  it('writes the CIC-IDS2017 TrafficLabelling header: 85 columns with the original spacing', () => {
    const cols = DEMO_CSV_HEADER.split(',');
    expect(cols).toHaveLength(85);
    expect(cols.slice(0, 8)).toEqual([
      'Flow ID',
      ' Source IP',
      ' Source Port',
      ' Destination IP',
      ' Destination Port',
      ' Protocol',
      ' Timestamp',
      ' Flow Duration',
    ]);
    expect(cols[84]).toBe(' Label');
    const names = cols.slice(7, 84).map((c) => c.trim());
    // The canonical features minus the two in the entity columns and the improved-only five,
    // with CIC-IDS2017's duplicated Fwd Header Length.
    const expected = FEATURES.slice(2, 78) as readonly string[];
    expect(new Set(names)).toEqual(new Set(expected));
    expect(names.filter((n) => n === 'Fwd Header Length')).toHaveLength(2);
  });

  it('writes rows that parse back to the generated flows', async () => {
    const opts: DemoOptions = { rows: 3000, seed: 21, mix: 'balanced' };
    const { text, rows, bytes } = await write('a.csv', opts);
    expect(rows).toBe(3000);
    expect(bytes).toBe(Buffer.byteLength(text));
    const lines = text.split('\n');
    expect(lines[0]).toBe(DEMO_CSV_HEADER);
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(1, -1);
    expect(body).toHaveLength(3000);
    const header = DEMO_CSV_HEADER.split(',').map((h) => h.trim());
    const flows = [...generateFlows(profile, opts)];
    const bad: string[] = [];
    const fail = (i: number, what: string): void =>
      void (bad.length < 10 && bad.push(`row ${i + 1}: ${what}`));
    body.forEach((line, i) => {
      const cells = line.split(',');
      const f = flows[i];
      if (cells.length !== 85 || !f) return fail(i, `${cells.length} cells`);
      const entity = [
        `${f.srcIp}-${f.dstIp}-${f.srcPort}-${f.dstPort}-${f.protocol}`,
        f.srcIp,
        `${f.srcPort}`,
        f.dstIp,
        `${f.dstPort}`,
        `${f.protocol}`,
      ];
      if (cells.slice(0, 6).join() !== entity.join())
        fail(i, `entity columns ${cells.slice(0, 6).join()}`);
      if (!/^\d{1,2}\/\d{1,2}\/2017 \d{1,2}:\d{2}:\d{2}$/.test(cells[6] ?? ''))
        fail(i, `timestamp ${cells[6]}`);
      if (cells[84] !== f.label) fail(i, `label ${cells[84]}`);
      for (let c = 7; c < 84; c++) {
        const x = Number(cells[c]);
        const want = f.features[FEATURE_INDEX[header[c] as FeatureName]] as number;
        if (cells[c] === '' || !Number.isFinite(x)) fail(i, `${header[c]} = '${cells[c]}'`);
        else if (Math.abs(x - want) > Math.max(1e-4, 1e-9 * Math.abs(want)))
          fail(i, `${header[c]} = ${x}, generated ${want}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const a = await write('s1.csv', { rows: 2000, seed: 7 });
    const b = await write('s1-again.csv', { rows: 2000, seed: 7 });
    const c = await write('s2.csv', { rows: 2000, seed: 8 });
    expect(b.text).toBe(a.text);
    expect(c.text).not.toBe(a.text);
  });

  it('reports progress and handles zero rows', async () => {
    const seen: number[] = [];
    const r = await writeDemoCsv(join(dir, 'p.csv'), {
      rows: 5000,
      seed: 1,
      profile,
      onProgress: (rows) => seen.push(rows),
    });
    expect(seen.at(-1)).toBe(r.rows);
    const empty = await write('empty.csv', { rows: 0, seed: 1 });
    expect(empty.text).toBe(DEMO_CSV_HEADER + '\n');
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const run = writeDemoCsv(join(dir, 'aborted.csv'), {
      rows: 1_000_000,
      seed: 1,
      profile,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
  });

  it('writes zero-duration flows as CICFlowMeter does, and they load back, every row kept', async () => {
    const opts: DemoOptions = { rows: 2000, seed: 5, zeroDurationShare: 0.2 };
    const { text } = await write('zero.csv', opts);
    const flows = [...generateFlows(profile, opts)];
    const plain = [...generateFlows(profile, { ...opts, zeroDurationShare: 0 })];
    const F = FEATURE_INDEX;
    const zero = flows.filter((f) => f.features[F['Flow Duration']] === 0);
    expect(zero.length).toBeGreaterThan(300);
    expect(zero.length).toBeLessThan(500);
    for (const f of zero) {
      expect(f.features[F['Flow Packets/s']]).toBe(Infinity);
      expect(f.features[F['Flow IAT Max']]).toBe(0);
    }
    // The other flows are the ones the same seed gives without zero-duration flows.
    flows.forEach((f, i) => {
      if (f.features[F['Flow Duration']] !== 0) expect(f).toEqual(plain[i]);
    });
    const nanBytes = zero.filter((f) => Number.isNaN(f.features[F['Flow Bytes/s']])).length;
    expect(text.split('\n').filter((l) => l.includes(',Infinity,'))).toHaveLength(zero.length);

    const stream = readFlows([join(dir, 'zero.csv')]);
    const loaded: number[] = [];
    for await (const b of stream) {
      for (let i = 0; i < b.count; i++) {
        loaded.push(b.features[i * FEATURES.length + F['Flow Bytes/s']]!);
      }
    }
    expect(stream.report).toMatchObject({ rowsRead: 2000, rowsStored: 2000, rowsSkipped: 0 });
    expect(stream.report.nonFinite).toEqual({
      'Flow Bytes/s': zero.length,
      'Flow Packets/s': zero.length,
    });
    expect(loaded.filter((v) => Number.isNaN(v))).toHaveLength(nanBytes);
    expect(loaded.filter((v) => v === Infinity)).toHaveLength(zero.length - nanBytes);
  });

  it('rejects a zero-duration share outside 0..1', () => {
    expect(() => [...generateFlows(profile, { rows: 1, seed: 1, zeroDurationShare: 2 })]).toThrow(
      /zeroDurationShare/,
    );
  });

  it('rejects with the error of an unwritable path', async () => {
    await expect(
      writeDemoCsv(join(dir, 'no-such-dir', 'x.csv'), { rows: 10, seed: 1, profile }),
    ).rejects.toThrow(/ENOENT/);
  });
});

describe('number formatting', () => {
  it('writes integers exactly and other values to 4 decimals (8 below 1)', () => {
    expect(num(0)).toBe('0');
    expect(num(-1)).toBe('-1');
    expect(num(119998839)).toBe('119998839');
    expect(num(3390846413)).toBe('3390846413');
    expect(num(666666.66666)).toBe('666666.6667');
    expect(num(2.5)).toBe('2.5');
    expect(num(1.00004)).toBe('1');
    expect(num(0.0167331550214867)).toBe('0.01673316');
    expect(num(0.000000001)).toBe('0');
    expect(num(-0.5)).toBe('-0.5');
  });
});
