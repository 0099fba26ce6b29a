import { describe, expect, it } from 'vitest';
import { checkKnown, optNumber, parseArgs, UsageError } from '../../src/main/transports/cli/args';

describe('CLI argument parser', () => {
  it('takes every value after a list option up to the next option', () => {
    const p = parseArgs(
      ['detect', '--train', 'a.csv', 'b.csv', '--seed', '3', '--json'],
      ['train', 'test'],
      ['json'],
    );
    expect(p.command).toBe('detect');
    expect(p.options.get('train')).toEqual(['a.csv', 'b.csv']);
    expect(optNumber(p, 'seed', 1, 0, 10)).toBe(3);
    expect(p.options.has('json')).toBe(true);
  });

  it('rejects out-of-range numbers, missing values and unknown options with a clear message', () => {
    expect(() =>
      optNumber(parseArgs(['x', '--split', '1.5'], [], []), 'split', 0.7, 0.05, 0.95),
    ).toThrow(/--split must be a number from 0.05 to 0.95/);
    expect(() => parseArgs(['x', '--db'], [], [])).toThrow(UsageError);
    expect(() => checkKnown(parseArgs(['x', '--splt', '2'], [], []), ['split'])).toThrow(
      /unknown option --splt/,
    );
  });
});
