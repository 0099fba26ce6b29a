import { describe, expect, it } from 'vitest';
import {
  classifyCell,
  parseIntCell,
  parseNumber,
  scanNumber,
  cursor,
  nonFiniteValue,
} from '../../src/main/domain/ingest/numbers';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const num = (s: string) => parseNumber(bytes(s), 0, s.length);

/** A seeded LCG, so the differential test is deterministic. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('parseNumber', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    ['35.0', 35],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['-3.25', -3.25],
    ['1.2e+07', 12000000],
    ['1.2E7', 12000000],
    ['2.5e-3', 0.0025],
    ['  80 ', 80],
    ['702040.8163265307', 702040.8163265307],
    ['16326.530612244898', 16326.530612244898],
    ['12345678901234567890123', Number('12345678901234567890123')],
    ['0.000000000000000000000000123', 1.23e-25],
  ])('parses %j', (text, value) => {
    expect(num(text)).toBe(value);
  });

  it.each([
    '',
    ' ',
    'abc',
    '1.2.3',
    '1e',
    '1e+',
    '--1',
    '0x10',
    'Infinity',
    '-Infinity',
    'NaN',
    'inf',
    '1,5',
    '12abc',
  ])('rejects %j', (text) => {
    expect(num(text)).toBeNaN();
  });

  it('agrees with Math.fround(Number(text)) on 200k random decimals', () => {
    const rand = rng(42);
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + Math.floor(rand() * 25);
      let t = '';
      for (let k = 0; k < digits; k++) t += String(Math.floor(rand() * 10));
      const dot = Math.floor(rand() * (digits + 1));
      if (rand() < 0.7) t = t.slice(0, dot) + '.' + t.slice(dot);
      if (rand() < 0.2) t += `e${rand() < 0.5 ? '-' : '+'}${Math.floor(rand() * 30)}`;
      if (rand() < 0.3) t = '-' + t;
      if (t.startsWith('.') && t.length === 1) continue;
      const got = Math.fround(num(t));
      const want = Math.fround(Number(t));
      if (got !== want) expect.fail(`${t}: got ${got}, want ${want}`);
    }
  });

  it('scanNumber stops at the comma and reports where', () => {
    const b = bytes('12.5,-3,abc');
    expect(scanNumber(b, 0, b.length)).toBe(12.5);
    expect(cursor.end).toBe(4);
    expect(scanNumber(b, 5, b.length)).toBe(-3);
    expect(cursor.end).toBe(7);
    expect(scanNumber(b, 8, b.length)).toBeNaN();
  });
});

describe('parseIntCell', () => {
  it.each([
    ['443', 443],
    ['80.0', 80],
    [' 53 ', 53],
    ['', -1],
    ['-1', -1],
    ['x', -1],
  ])('%j -> %d', (text, value) => {
    expect(parseIntCell(bytes(text), 0, text.length)).toBe(value);
  });
});

describe('classifyCell', () => {
  it.each([
    ['', 'empty-cell'],
    ['  ', 'empty-cell'],
    ['Infinity', 'non-finite'],
    ['-Infinity', 'non-finite'],
    ['inf', 'non-finite'],
    ['NaN', 'non-finite'],
    ['1e39', 'non-finite'],
    ['abc', 'non-numeric'],
    ['0x10', 'non-numeric'],
  ])('%j is %s', (text, problem) => {
    expect(classifyCell(text)).toBe(problem);
  });
});

describe('nonFiniteValue', () => {
  it.each([
    ['Infinity', Infinity],
    [' -Infinity ', -Infinity],
    ['+inf', Infinity],
    ['NaN', NaN],
    ['-nan', NaN],
    ['1e39', Infinity],
    ['-1e39', -Infinity],
    ['', null],
    ['abc', null],
    ['12', null],
    ['Infinityx', null],
  ])('%j is %s', (text, value) => {
    expect(nonFiniteValue(text)).toBe(value);
  });
});
