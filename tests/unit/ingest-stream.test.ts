import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFlows, readSources, type ByteSource } from '../../src/main/domain/ingest';
import { fixture, load, loadSources, rowsOf } from '../fixtures/ingest/collect';

const dir = mkdtempSync(join(tmpdir(), 'rampart-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A temp copy of a fixture with its data rows repeated `copies` times. */
function bigFile(
  name: string,
  fixtureName: string,
  copies: number,
): { path: string; text: string } {
  const [header, ...rows] = readFileSync(fixture(fixtureName), 'utf8').trimEnd().split('\n');
  const body = rows.join('\n') + '\n';
  const text = header + '\n' + body.repeat(copies);
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text };
}

/** The file's bytes handed over in chunks of `size` bytes (exercises every boundary case). */
function chunkedSource(path: string, size: number): ByteSource {
  const data = readFileSync(path);
  return {
    name: path,
    size: async () => data.length,
    chunks: async function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    },
  };
}

/**
 * The file read for real, chunk by chunk as the loader pulls, until `limit` bytes: then the read
 * fails with EIO, as a dying disk or a yanked network share would.
 */
function failingFileSource(path: string, limit: number): ByteSource {
  return {
    name: path,
    size: async () => statSync(path).size,
    chunks: async function* () {
      const fh = await open(path);
      try {
        for (let pos = 0; ;) {
          if (pos >= limit) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
          const { bytesRead, buffer } = await fh.read(
            Buffer.alloc(8192),
            0,
            Math.min(8192, limit - pos),
            pos,
          );
          if (bytesRead === 0) return;
          pos += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    },
  };
}

/** Collects an async iterable (Array.fromAsync is Node 22+). */
async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** 1-based number of the line that holds byte `offset` of the text. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('chunk boundaries', () => {
  it.each([1, 7, 64, 4096])('gives the same rows and report with %i-byte chunks', async (size) => {
    for (const name of ['ml.csv', 'ids2018.csv', 'bad-truncated.csv', 'blank-lines.csv']) {
      const whole = await load([fixture(name)]);
      const chunked = await loadSources([chunkedSource(fixture(name), size)]);
      expect(chunked.rows).toEqual(whole.rows);
      expect(chunked.report.skippedByReason).toEqual(whole.report.skippedByReason);
      expect(chunked.report.examples).toEqual(whole.report.examples);
    }
  });
});

describe('cancellation', () => {
  it('ends the stream early without throwing and marks the report', async () => {
    const { path } = bigFile('cancel.csv', 'improved.csv', 2000);
    const ac = new AbortController();
    const stream = readFlows([path, fixture('traffic.csv')], { signal: ac.signal, batchSize: 100 });
    let batches = 0;
    for await (const batch of stream) {
      batches += batch.count > 0 ? 1 : 0;
      if (batches === 3) ac.abort();
    }
    expect(batches).toBe(3);
    expect(stream.report.cancelled).toBe(true);
    expect(stream.report.rowsStored).toBe(300);
    expect(stream.report.files).toHaveLength(1); // the second file was never opened
  });

  it('yields nothing when the signal has already fired', async () => {
    const stream = readFlows([fixture('traffic.csv')], { signal: AbortSignal.abort() });
    const { rows } = { rows: rowsOf(await all(stream)) };
    expect(rows).toEqual([]);
    expect(stream.report.cancelled).toBe(true);
  });

  it('closes the file when the consumer stops early', async () => {
    const stream = readFlows([fixture('ml.csv')], { batchSize: 1 });
    for await (const batch of stream) {
      expect(batch.count).toBe(1);
      break;
    }
    expect(stream.report.rowsStored).toBe(1);
    expect(stream.report.cancelled).toBe(false);
  });
});

describe('files that fail while being read', () => {
  it('a read error mid-file keeps the rows before it and goes on with the next file', async () => {
    const { path, text } = bigFile('eio.csv', 'improved.csv', 50);
    const limit = 20_000;
    const line = lineAt(text, limit); // the line the failing read cut
    const { rows, report } = await loadSources([
      failingFileSource(path, limit),
      chunkedSource(fixture('traffic.csv'), 1 << 20),
    ]);
    expect(report.files[0]!.error).toBe(
      `${path}:${line}: read error: EIO: i/o error, read; the rest of the file is lost`,
    );
    expect(report.examples).toEqual([
      { file: path, line, reason: 'io-error', detail: 'read error: EIO: i/o error, read' },
    ]);
    expect(report.skippedByReason).toEqual({ 'io-error': 1 });
    const fromFirst = rows.filter((r) => r.file === path);
    expect(fromFirst.map((r) => r.line)).toEqual(Array.from({ length: line - 2 }, (_, i) => i + 2));
    expect(rows.filter((r) => r.file !== path)).toHaveLength(4);
  });

  it('a file that fails on its first read is reported as not openable, with no rows lost', async () => {
    const denied: ByteSource = {
      name: 'secret.csv',
      size: async () => 100,
      chunks: async function* () {
        yield* [];
        throw new Error("EACCES: permission denied, open 'secret.csv'");
      },
    };
    const { report } = await loadSources([denied]);
    expect(report.files[0]!.error).toBe(
      "secret.csv: cannot open (EACCES: permission denied, open 'secret.csv')",
    );
    expect(report.skippedByReason).toEqual({});
  });

  it('a file truncated while it is read is reported at the line where it was cut', async () => {
    const { path, text } = bigFile('shrinks.csv', 'improved.csv', 2000); // ~6 MB
    const size = statSync(path).size;
    const cut = 2.5 * 2 ** 20; // beyond the 2 MiB the stream can have read ahead
    const stream = readFlows([path], { batchSize: 100 });
    const lines: number[] = [];
    for await (const batch of stream) {
      if (lines.length === 0) truncateSync(path, cut);
      lines.push(...batch.lines);
    }
    const line = lineAt(text, cut);
    expect(stream.report.files[0]!.error).toBe(
      `${path}:${line}: the file shrank while being read (${cut} of ${size} bytes); the rest of the file is lost`,
    );
    expect(lines).toEqual(Array.from({ length: line - 2 }, (_, i) => i + 2));
    expect(stream.report.skippedByReason).toEqual({ 'io-error': 1 });
  });

  it.skipIf(process.platform === 'win32')(
    'a file deleted while it is read is still read to the end (POSIX)',
    async () => {
      const { path } = bigFile('deleted.csv', 'improved.csv', 2000);
      const stream = readFlows([path], { batchSize: 100 });
      let rows = 0;
      for await (const batch of stream) {
        if (rows === 0) unlinkSync(path);
        rows += batch.count;
      }
      expect(rows).toBe(10_000);
      expect(stream.report.files[0]!.error).toBeNull();
    },
  );

  it.skipIf(process.platform === 'win32')(
    'reads through a FIFO whose writer dies mid-row',
    async () => {
      const fifo = join(dir, 'flows.fifo');
      execFileSync('mkfifo', [fifo]);
      const text = readFileSync(fixture('traffic.csv'), 'utf8');
      const cutAt = text.indexOf('\n', text.indexOf('\n', text.indexOf('\n') + 1) + 1) + 30; // mid line 4
      const writer = createWriteStream(fifo);
      writer.end(text.slice(0, cutAt));
      const { rows, report } = await load([fifo]);
      expect(rows.map((r) => r.line)).toEqual([2, 3]);
      expect(report.examples.map((e) => [e.line, e.reason])).toEqual([[4, 'empty-cell']]);
      expect(report.files[0]).toMatchObject({ error: null, format: 'cicids2017-traffic' });
      expect(report.totalBytes).toBe(0); // a pipe has no size up front
    },
  );
});

describe('report', () => {
  it('measures bytes and time, and reports progress at most every 100 ms', async () => {
    const { path } = bigFile('progress.csv', 'improved.csv', 3000);
    const calls: number[] = [];
    const t0 = performance.now();
    const { report } = await load([path], {
      batchSize: 256,
      onProgress: (r) => calls.push(r.rowsRead),
    });
    const elapsed = performance.now() - t0;
    expect(report.bytesRead).toBe(statSync(path).size);
    expect(report.totalBytes).toBe(report.bytesRead);
    expect(report.elapsedMs).toBeGreaterThan(0);
    expect(report.mibPerSec).toBeCloseTo(report.bytesRead / 2 ** 20 / (report.elapsedMs / 1000), 6);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(calls.at(-1)).toBe(15_000);
  });

  it('can be iterated only once', async () => {
    const stream = readFlows([fixture('ml.csv')]);
    await all(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it('rejects a bad batch size as a programmer error', () => {
    expect(() => readFlows([], { batchSize: 0 })).toThrow(RangeError);
  });
});

describe('robustness', () => {
  /** Seeded LCG for deterministic fuzzing. */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('never throws on mangled rows, and accounts for every row', async () => {
    const rand = rng(7);
    const source = readFileSync(fixture('ml.csv'));
    const junk = [',', '"', ' ', '\r', '\n', '-', '.', 'e', 'x', '\u00ff', '\0', '9'].map((c) =>
      Buffer.from(c, 'latin1'),
    );
    for (let trial = 0; trial < 200; trial++) {
      const parts: Buffer[] = [];
      let i = 0;
      while (i < source.length) {
        const step = 1 + Math.floor(rand() * 400);
        parts.push(source.subarray(i, i + step));
        i += step;
        const r = rand();
        if (r < 0.3) parts.push(junk[Math.floor(rand() * junk.length)]!);
        else if (r < 0.4) i += Math.floor(rand() * 20); // drop bytes
      }
      const data = Buffer.concat(parts);
      const src: ByteSource = {
        name: `fuzz-${trial}`,
        size: async () => data.length,
        chunks: async function* () {
          for (let k = 0; k < data.length; k += 333) yield data.subarray(k, k + 333);
        },
      };
      const { report } = await loadSources([src]);
      expect(report.rowsRead).toBe(report.rowsStored + report.rowsSkipped);
    }
  });

  it('stores exactly Math.fround(Number(text)) for every cell', async () => {
    const rand = rng(11);
    const [header] = readFileSync(fixture('ids2018.csv'), 'utf8').split('\n');
    const cells = header!.split(',');
    const texts: string[][] = [];
    const lines = [header];
    for (let r = 0; r < 500; r++) {
      const row = cells.map((c) => {
        if (c === 'Label') return 'Benign';
        if (c === 'Timestamp') return '14/02/2018 08:31:01';
        if (c === 'Flow Duration') return String(Math.floor(rand() * 1e9));
        const digits = 1 + Math.floor(rand() * 19);
        let t =
          String(Math.floor(rand() * 10 ** Math.min(digits, 15))) +
          (rand() < 0.5 ? '.' + String(Math.floor(rand() * 1e9)) : '');
        if (rand() < 0.1) t += 'e' + (rand() < 0.5 ? '-' : '+') + Math.floor(rand() * 20);
        if (rand() < 0.2) t = '-' + t;
        return t;
      });
      texts.push(row);
      lines.push(row.join(','));
    }
    const path = join(dir, 'numbers.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const stream = readSources([chunkedSource(path, 4096)]);
    const { planColumns } = await import('../../src/main/domain/ingest/headers');
    const plan = planColumns(cells);
    let r = 0;
    for await (const batch of stream) {
      for (let i = 0; i < batch.count; i++, r++) {
        plan.featureOf.forEach((f, c) => {
          if (f < 0) return;
          const want = Math.fround(Number(texts[r]![c]));
          const got = batch.features[i * 83 + f];
          if (got !== want)
            expect.fail(`row ${r} col ${cells[c]}: ${texts[r]![c]} -> ${got}, want ${want}`);
        });
      }
    }
    expect(r).toBe(500);
  });
});
