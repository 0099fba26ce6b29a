/**
 * An over-long line is one skipped row (oversize-line, file:line), whatever the chunking, and it is
 * skipped without being held in memory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../src/main/domain/ingest';
import { fixture, loadSources } from '../fixtures/ingest/collect';

const [HEADER, ...ALL_ROWS] = readFileSync(fixture('ml.csv'), 'utf8').trimEnd().split(/\r?\n/);
/** ml.csv's rows but its Bot row (an excluded class). */
const ROWS = ALL_ROWS.filter((r) => !r.endsWith(',Bot'));
const LIMIT = 1 << 20;

/** ml.csv's header and n rows (its loadable rows over and over), with `huge` at line `at`. */
function fileWith(n: number, at: number, huge: string, eol = '\n'): Buffer {
  const lines = [HEADER!];
  for (let i = 0; lines.length < n + 1; i++) {
    lines.push(lines.length + 1 === at ? huge : ROWS[i % ROWS.length]!);
  }
  return Buffer.from(lines.join(eol) + eol, 'utf8');
}

function chunked(name: string, data: Buffer, size: number): ByteSource {
  return {
    name,
    size: async () => data.length,
    chunks: async function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    },
  };
}

describe('an over-long line', () => {
  // A row whose second cell has 5 million more digits: were it read, it would even parse.
  const huge = ROWS[0]!.replace(/,/, ',' + '9'.repeat(5_000_000));
  const data = fileWith(80, 52, huge);

  it.each([
    ['1 MiB chunks', LIMIT],
    ['64 KiB chunks', 1 << 16],
    ['chunks of 1 MiB + 3', LIMIT + 3],
    ['odd small chunks', 4093],
    ['the whole file in one chunk', data.length],
  ])('is skipped at its line with %s', async (_, size) => {
    const { rows, report } = await loadSources([chunked('huge.csv', data, size)]);
    expect(report.files[0]!.error).toBeNull();
    expect(rows.map((r) => r.line)).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 2).filter((l) => l !== 52),
    );
    expect(report.skippedByReason).toEqual({ 'oversize-line': 1 });
    expect(report.examples).toEqual([
      {
        file: 'huge.csv',
        line: 52,
        reason: 'oversize-line',
        detail: `line of ${huge.length} bytes (4.8 MiB); a CICFlowMeter row is under 2 KiB, the limit is 1 MiB`,
      },
    ]);
  });

  it('at the end of the file without a line break, and with CRLF line ends', async () => {
    const last = Buffer.concat([fileWith(10, 0, '', '\r\n'), Buffer.from('1'.repeat(LIMIT + 5))]);
    const { rows, report } = await loadSources([chunked('last.csv', last, 1 << 16)]);
    expect(rows).toHaveLength(10);
    expect(report.examples.map((e) => `${e.line} ${e.reason}`)).toEqual(['12 oversize-line']);
  });

  it('just under the limit is an ordinary (bad) row', async () => {
    // One cell too many, a million digits long.
    const long = ROWS[0]!.replace(/,/, ',' + '9'.repeat(LIMIT - ROWS[0]!.length - 10) + ',');
    const { rows, report } = await loadSources([
      chunked('near.csv', fileWith(5, 3, long), 1 << 16),
    ]);
    expect(rows).toHaveLength(4);
    expect(report.skippedByReason).toEqual({ 'column-count': 1 });
  });

  it('as the header: the file is not CICFlowMeter output, named by file:line', async () => {
    const data = Buffer.from('a'.repeat(LIMIT + 1) + '\n' + ROWS[0] + '\n');
    const { report } = await loadSources([chunked('hdr.csv', data, 1 << 16)]);
    expect(report.files[0]!.error).toBe(
      'hdr.csv:1: line longer than 1 MiB, not a CICFlowMeter CSV',
    );
  });

  it('is skipped without being held: 256 MiB of one line never raises memory by that much', async () => {
    const piece = Buffer.alloc(1 << 16, 0x37);
    const lineBytes = 256 * LIMIT;
    const head = Buffer.from(HEADER + '\n' + ROWS[0] + '\n');
    const tail = Buffer.from('\n' + ROWS[1] + '\n');
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const source: ByteSource = {
      name: 'stream.csv',
      size: async () => null,
      chunks: async function* () {
        yield head;
        for (let sent = 0; sent < lineBytes; sent += piece.length) {
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
          yield piece;
        }
        yield tail;
      },
    };
    const { rows, report } = await loadSources([source]);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(report.examples[0]).toMatchObject({ line: 3, reason: 'oversize-line' });
    expect(report.examples[0]!.detail).toMatch(`line of ${lineBytes} bytes`);
    expect(peak).toBeLessThan(64 * LIMIT);
  });
});
