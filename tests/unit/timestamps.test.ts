/**
 * CIC-IDS2017's 12-hour clock without AM/PM: afternoon hours of its capture week are resolved,
 * every other timestamp is read as written. The real-data check rewrites each row of the improved
 * re-extraction (24-hour UTC) the way the original CSVs write it and expects the lab time back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/main/domain/ingest/timestamps';
import { fixture, load } from '../fixtures/ingest/collect';

const utc = (y: number, mo: number, d: number, h: number, mi: number, s = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s);

describe('CIC-IDS2017 12-hour timestamps', () => {
  it.each([
    ['7/7/2017 3:56', utc(2017, 7, 7, 15, 56)],
    ['3/7/2017 1:00', utc(2017, 7, 3, 13, 0)],
    ['5/7/2017 5:42', utc(2017, 7, 5, 17, 42)],
    ['06/07/2017 07:59:59', utc(2017, 7, 6, 19, 59, 59)],
    // Morning and noon are already right on a 12-hour clock.
    ['7/7/2017 8:00', utc(2017, 7, 7, 8, 0)],
    ['7/7/2017 11:59', utc(2017, 7, 7, 11, 59)],
    ['7/7/2017 12:30', utc(2017, 7, 7, 12, 30)],
  ])('%s is read as the afternoon it was', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([
    // AM/PM markers say what they mean.
    ['7/7/2017 3:56 AM', utc(2017, 7, 7, 3, 56)],
    ['7/7/2017 3:56 PM', utc(2017, 7, 7, 15, 56)],
    ['7/7/2017 3:56:10 am', utc(2017, 7, 7, 3, 56, 10)],
    // 24-hour clocks keep their early hours.
    ['2017-07-07 03:56:00', utc(2017, 7, 7, 3, 56)],
    ['2017-07-07 15:56:00.5', utc(2017, 7, 7, 15, 56) + 500],
    ['7/7/2017 15:56', utc(2017, 7, 7, 15, 56)],
    ['7/7/2017 0:30', utc(2017, 7, 7, 0, 30)],
    // Outside the capture week (CSE-CIC-IDS2018, the day before and after).
    ['14/02/2018 03:31:01', utc(2018, 2, 14, 3, 31, 1)],
    ['2/7/2017 3:56', utc(2017, 7, 2, 3, 56)],
    ['8/7/2017 3:56', utc(2017, 7, 8, 3, 56)],
  ])('%s is read as written', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('reaches the rows of a TrafficLabelling file', async () => {
    const { rows } = await load([fixture('traffic.csv')]);
    expect(rows.map((r) => [r.timestamp, r.timeMs])).toContainEqual([
      '7/7/2017 3:30',
      utc(2017, 7, 7, 15, 30),
    ]);
  });
});

const IMPROVED = fileURLToPath(
  new URL('../../../shared/data/cicids2017/improved-rnd5000', import.meta.url),
);
const haveImproved = existsSync(IMPROVED);
/** The lab's clock: the improved re-extraction writes UTC, the lab ran on ADT (UTC-3). */
const LAB_OFFSET_MS = 3 * 3600_000;

/** A UTC instant the way CIC-IDS2017's TrafficLabelling CSVs write lab time: `7/7/2017 3:56`. */
function asOriginal(ms: number): string {
  const t = new Date(ms - LAB_OFFSET_MS);
  const h12 = t.getUTCHours() % 12 === 0 ? 12 : t.getUTCHours() % 12;
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCDate()}/${t.getUTCMonth() + 1}/${t.getUTCFullYear()} ${h12}:${mm}`;
}

describe.skipIf(!haveImproved)('real CIC-IDS2017 capture times', () => {
  if (!haveImproved) console.warn(`skipped: ${IMPROVED} is absent (real-data timestamp check)`);
  const stamps: string[] = [];
  if (haveImproved) {
    for (const f of readdirSync(IMPROVED).filter((n) => n.endsWith('.csv'))) {
      const lines = readFileSync(join(IMPROVED, f), 'utf8').split('\n');
      const col = lines[0]!.split(',').indexOf('Timestamp');
      for (const line of lines.slice(1)) if (line) stamps.push(line.split(',')[col]!);
    }
  }

  it('reads every 24-hour improved timestamp unchanged', () => {
    expect(stamps.length).toBeGreaterThan(40_000);
    // Date.parse keeps whole milliseconds; the parser keeps the microseconds as a fraction.
    for (const s of stamps)
      expect(Math.floor(parseTimestamp(s))).toBe(Date.parse(`${s.replace(' ', 'T')}Z`));
  });

  it('resolves every capture time written on the original 12-hour clock to its lab time', () => {
    let afternoon = 0;
    for (const s of stamps) {
      const ms = Date.parse(`${s.replace(' ', 'T')}Z`);
      const lab = Math.floor((ms - LAB_OFFSET_MS) / 60_000) * 60_000;
      const original = asOriginal(ms);
      if (new Date(lab).getUTCHours() >= 13) afternoon++;
      expect(parseTimestamp(original), original).toBe(lab);
    }
    expect(afternoon).toBeGreaterThan(1000);
  });
});
