import { describe, expect, it } from 'vitest';
import {
  optLlmThreads,
  optNumber,
  optString,
  parseCommandArgs,
  UsageError,
  type CliCommand,
} from '../../src/main/transports/cli/args';

const cmd = (positionals = false): CliCommand => ({
  name: 'x',
  synopsis: [['[--train <csv…>] [--seed N] [--json] [--db FILE] [--split 0.7]']],
  summary: ['a test command'],
  options: { train: 'list', seed: 'string', json: 'boolean', db: 'string', split: 'string' },
  positionals,
  run: async () => 0,
});

describe('CLI argument parser', () => {
  it('takes every value after a list option up to the next option', () => {
    const p = parseCommandArgs(cmd(), ['--train', 'a.csv', 'b.csv', '--seed', '3', '--json']);
    expect(p.options.get('train')).toEqual(['a.csv', 'b.csv']);
    expect(optNumber(p, 'seed', 1, 0, 10)).toBe(3);
    expect(p.options.has('json')).toBe(true);
    expect(p.positionals).toEqual([]);
  });

  it('takes --name=value, negative numbers, and the last of a repeated option', () => {
    const p = parseCommandArgs(cmd(true), ['f.txt', '--seed=4', '--db', 'a', '--db', 'b']);
    expect(optNumber(p, 'seed', 1, 0, 10)).toBe(4);
    expect(p.options.get('db')).toEqual(['a', 'b']);
    expect(optString(p, 'db')).toBe('b');
    expect(p.positionals).toEqual(['f.txt']);
    expect(optString(parseCommandArgs(cmd(), ['--seed', '-1']), 'seed')).toBe('-1');
  });

  it('rejects out-of-range numbers, missing values and unknown options with a clear message', () => {
    expect(() =>
      optNumber(parseCommandArgs(cmd(), ['--split', '1.5']), 'split', 0.7, 0.05, 0.95),
    ).toThrow(/--split must be a number from 0.05 to 0.95/);
    expect(() => parseCommandArgs(cmd(), ['--db'])).toThrow(UsageError);
    expect(() => parseCommandArgs(cmd(), ['--db'])).toThrow(/--db needs a value/);
    expect(() => parseCommandArgs(cmd(), ['--db', '--json'])).toThrow(/--db needs a value/);
    expect(() => parseCommandArgs(cmd(), ['--splt', '2'])).toThrow(/unknown option --splt/);
    expect(() => parseCommandArgs(cmd(), ['--json=yes'])).toThrow(/--json takes no value/);
  });

  it('refuses a stray word unless the command takes files', () => {
    expect(() => parseCommandArgs(cmd(), ['--seed', '1', 'oops'])).toThrow(
      /x takes no argument "oops"/,
    );
    expect(parseCommandArgs(cmd(true), ['a', 'b']).positionals).toEqual(['a', 'b']);
  });

  it('gives every command --help and -h', () => {
    expect(parseCommandArgs(cmd(), ['--help']).options.has('help')).toBe(true);
    expect(parseCommandArgs(cmd(), ['-h']).options.has('help')).toBe(true);
  });
});

describe('--llm-threads', () => {
  const threads: CliCommand = { ...cmd(), options: { 'llm-threads': 'string' } };
  it("leaves the model manager's default when absent, passes N when given, refuses 0", () => {
    expect(optLlmThreads(parseCommandArgs(threads, []))).toEqual({});
    expect(optLlmThreads(parseCommandArgs(threads, ['--llm-threads', '1']))).toEqual({
      threads: 1,
    });
    expect(() => optLlmThreads(parseCommandArgs(threads, ['--llm-threads', '0']))).toThrow(
      UsageError,
    );
  });
});
