import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/main/domain/ingest';
import { planColumns } from '../../src/main/domain/ingest/headers';
import { FEATURES } from '../../src/main/domain/ingest/schema';
import { parseTimestamp } from '../../src/main/domain/ingest/timestamps';
import { fixture } from '../fixtures/ingest/collect';

/** The header cells of a fixture, exactly as written (BOM and padding included). */
const header = (name: string) => readFileSync(fixture(name), 'utf8').split(/\r?\n/)[0]!.split(',');
const missing = (name: string) => {
  const plan = planColumns(header(name));
  return FEATURES.filter((_, i) => !plan.featureOf.includes(i));
};
const improvedOnly = [
  'Fwd RST Flags',
  'Bwd RST Flags',
  'ICMP Code',
  'ICMP Type',
  'Total TCP Flow Time',
];

describe('detectFormat', () => {
  it.each([
    ['ml.csv', 'cicids2017-ml'],
    ['ml-grouped.csv', 'cicids2017-ml'],
    ['traffic.csv', 'cicids2017-traffic'],
    ['improved.csv', 'cicids2017-improved'],
    ['ids2018.csv', 'cse-cic-ids2018'],
    ['ids2018-keys.csv', 'cse-cic-ids2018'],
    ['not-cicflowmeter.csv', 'unknown'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(header(name))).toBe(format);
  });

  it('needs at least 20 known feature names', () => {
    expect(detectFormat(FEATURES.slice(0, 19))).toBe('unknown');
    expect(detectFormat(FEATURES.slice(0, 20))).toBe('cicids2017-ml');
  });
});

describe('planColumns', () => {
  it('maps every canonical feature from the improved release', () => {
    expect(missing('improved.csv')).toEqual([]);
  });

  it('maps every 2017 feature from the renamed CSE-CIC-IDS2018 header', () => {
    expect(missing('ids2018.csv')).toEqual(improvedOnly);
  });

  it('maps the MachineLearningCSV header despite BOM and padding', () => {
    expect(missing('ml.csv')).toEqual(['Protocol', ...improvedOnly]);
    expect(missing('traffic.csv')).toEqual(improvedOnly);
  });

  it('ignores the duplicated Fwd Header Length, in either spelling', () => {
    expect(planColumns(header('ml.csv')).duplicates).toEqual(['Fwd Header Length']);
    expect(planColumns(header('ml-grouped.csv')).duplicates).toEqual(['Fwd Header Length.1']);
  });

  it('finds the key columns and ignores id / Flow ID / unknown columns', () => {
    const plan = planColumns([
      'id',
      'Flow ID',
      'Src IP',
      'Dst IP',
      'Weird',
      ...FEATURES.slice(0, 25),
      'Label',
    ]);
    expect(plan.unknown).toEqual(['Weird']);
    expect(plan.labelColumn).toBe(30);
    expect(plan.hasDstPort).toBe(true);
    expect(planColumns(header('improved.csv')).keyOf.filter((k) => k !== 0)).toHaveLength(6);
  });

  it('matches names case-, space- and underscore-insensitively', () => {
    const plan = planColumns([' flow duration', 'TOT_FWD_PKTS', 'init_win_bytes_forward']);
    expect([...plan.featureOf]).toEqual([2, 3, 66]);
  });
});

describe('parseTimestamp', () => {
  const utc = (...a: [number, number, number, number, number, number]) =>
    Date.UTC(a[0], a[1] - 1, a[2], a[3], a[4], a[5]);
  it.each([
    ['2017-07-06 12:39:06.818901', utc(2017, 7, 6, 12, 39, 6) + 818.901],
    ['2017-07-06 12:39:06', utc(2017, 7, 6, 12, 39, 6)],
    ['5/7/2017 8:59', utc(2017, 7, 5, 8, 59, 0)],
    ['05/07/2017 08:59:59', utc(2017, 7, 5, 8, 59, 59)],
    ['14/02/2018 08:31:01', utc(2018, 2, 14, 8, 31, 1)],
    ['3/7/2017 1:05:03 PM', utc(2017, 7, 3, 13, 5, 3)],
    ['3/7/2017 12:05:03 AM', utc(2017, 7, 3, 0, 5, 3)],
  ])('%s', (text, ms) => {
    expect(parseTimestamp(text)).toBeCloseTo(ms, 3);
  });

  it.each([
    '',
    'yesterday',
    '2017-07-06',
    '32/01/2018 08:00:00',
    '14/13/2018 08:00',
    '14/02/2018 25:00',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNaN();
  });
});
