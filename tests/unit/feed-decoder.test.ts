/**
 * StreamDecoder: CSV after a header, NDJSON with CICFlowMeter (alias) keys, and every malformed
 * input counted under one reason with where it was; the queue's batches fill and seal.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_CONFIG } from '../../src/main/app/feeds/intake/config';
import { FeedCounters } from '../../src/main/app/feeds/intake/counters';
import {
  DecodeContext,
  StreamDecoder,
  type DecodeMode,
} from '../../src/main/app/feeds/intake/decoder';
import { FlowQueue } from '../../src/main/app/feeds/intake/queue';
import { lineLabels } from '../../src/main/domain/ingest/lineParser';
import { FEATURE_INDEX } from '../../src/main/domain/ingest/schema';
import { fixture } from '../fixtures/ingest/collect';

const [IDS_HEADER, IDS_ROW] = readFileSync(fixture('ids2018.csv'), 'utf8').split(/\r?\n/);

function setup(mode: DecodeMode, capacity = 100, batchSize = 50) {
  let sealed = 0;
  const queue = new FlowQueue('test', capacity, batchSize, () => sealed++);
  const counters = new FeedCounters(10);
  const ctx = new DecodeContext(
    lineLabels(),
    DEFAULT_FEED_CONFIG.unlabelledLabels,
    queue,
    counters,
  );
  const decoder = new StreamDecoder(ctx, mode, (n) => `test line ${n}`);
  const feed = (...lines: string[]): boolean[] =>
    lines.map((l) => {
      const b = Buffer.from(l, 'utf8');
      return decoder.decode(b, 0, b.length);
    });
  return { queue, counters, decoder, feed, sealed: () => sealed };
}

/** The ids2018 fixture row as an NDJSON object with its header's (alias) names as keys. */
function jsonRow(overrides: Record<string, unknown> = {}): string {
  const keys = IDS_HEADER!.split(',');
  const cells = IDS_ROW!.split(',');
  const obj: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    const v = cells[i]!;
    obj[k] = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : v;
  });
  return JSON.stringify({ ...obj, ...overrides });
}

describe('StreamDecoder on a stream', () => {
  it('takes CSV rows after a header line and NDJSON objects with alias keys', () => {
    const { feed, queue, counters, decoder } = setup('stream');
    feed(IDS_HEADER!, IDS_ROW!, jsonRow(), jsonRow({ 'Dst Port': 443, Label: 'DDoS' }));
    expect(counters).toMatchObject({ received: 3, accepted: 3, malformed: 0 });
    expect(decoder.tally).toMatchObject({ received: 3, accepted: 3 });
    expect(queue.depth).toBe(3);
    const b = queue.open;
    const dst = FEATURE_INDEX['Destination Port'];
    expect(b.features[2 * 83 + dst]).toBe(443);
    expect(b.dstPort[2]).toBe(443);
    expect(b.labels.slice(0, 3)).toEqual(['Benign', 'Benign', 'DDoS']);
  });

  it('counts each malformed input under one reason with where it was, and goes on', () => {
    const { feed, counters } = setup('stream');
    const cells = IDS_ROW!.split(',');
    feed(
      cells.join(','), // before any header
      IDS_HEADER!,
      cells.slice(0, 5).join(','),
      cells.map((c, i) => (i === 4 ? 'twelve' : c)).join(','),
      cells.map((c, i) => (i === cells.length - 1 ? 'Alien Attack' : c)).join(','),
      '{"Dst Port": 80,',
      '[1,2,3]',
      '{"a": 1, "b": 2}',
      jsonRow({ 'Flow Duration': { nested: true } }),
      jsonRow({ Label: 'a,b' }),
      IDS_ROW!,
    );
    expect(counters.accepted).toBe(1);
    expect(counters.byReason).toEqual({
      'no-header': 1,
      'column-count': 1,
      'non-numeric': 1,
      'unknown-label': 1,
      'bad-json': 2,
      'missing-fields': 1,
      'bad-value': 2,
    });
    expect(counters.received).toBe(counters.accepted + counters.malformed);
    expect(counters.examples.map((e) => e.where)).toContain('test line 4');
    expect(counters.examples.find((e) => e.reason === 'missing-fields')?.detail).toMatch(
      /0 of 2 keys are flow features/,
    );
  });

  it('stores rows labelled NeedManualLabel (CICFlowMeter live output) unlabelled', () => {
    const { feed, counters, queue } = setup('stream');
    const cells = IDS_ROW!.split(',');
    cells[cells.length - 1] = 'NeedManualLabel';
    feed(IDS_HEADER!, cells.join(','), jsonRow({ Label: 'NeedManualLabel' }));
    expect(counters.accepted).toBe(2);
    expect(queue.open.classes[0]).toBe(-1);
    expect(queue.open.labels[1]).toBeNull();
  });

  it('switches to a new header line mid-stream', () => {
    const traffic = readFileSync(fixture('traffic.csv'), 'utf8').split(/\r?\n/);
    const { feed, counters } = setup('stream');
    feed(IDS_HEADER!, IDS_ROW!, traffic[0]!, traffic[1]!, IDS_HEADER!, IDS_ROW!);
    expect(counters).toMatchObject({ received: 3, accepted: 3, malformed: 0 });
  });

  it('seals a batch when it fills and counts oversize lines', () => {
    const { feed, queue, counters, decoder, sealed } = setup('stream', 100, 2);
    feed(IDS_HEADER!, IDS_ROW!, IDS_ROW!, IDS_ROW!);
    expect(sealed()).toBe(1);
    expect(queue.depth).toBe(3);
    decoder.oversize(1 << 20);
    expect(counters.byReason['oversize-line']).toBe(1);
  });
});

describe('StreamDecoder on a file', () => {
  it('reads the first line as the header and stops on one that is not', () => {
    const ok = setup('file');
    expect(ok.feed(IDS_HEADER!, IDS_ROW!, '{"a":1}')).toEqual([true, true, true]);
    expect(ok.counters.byReason).toEqual({ 'column-count': 1 });
    const bad = setup('file');
    expect(bad.feed('time;src;dst')).toEqual([false]);
    expect(bad.decoder.headerError).toMatch(/^test line 1: not a CICFlowMeter CSV/);
  });
});
