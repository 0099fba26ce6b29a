/** `rampart eval`'s regime options: parsed into the study's options, bad lines refused before any data is read. */
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/main/transports/cli/args';
import { evalStudy, studyOptions } from '../../src/main/transports/cli/evalCommand';
import { DEFAULT_LAMBDA_SWEEP } from '../../src/main/domain/eval/sweep';
import { runCli } from '../helpers/cli';

const parse = (...argv: string[]) => studyOptions(parseCommandArgs(evalStudy, argv));

describe('rampart eval options', () => {
  it('keeps today’s split study as the default', () => {
    const o = parse('--data', 'a.csv', 'b.csv');
    expect(o.data).toEqual(['a.csv', 'b.csv']);
    expect(o.test).toBeNull();
    expect(o).toMatchObject({ split: 0.7, seed: 1, seeds: 1, prevalence: 'release' });
    expect(o.tree).toEqual({});
    expect(o.rl).toEqual({});
    expect(o.lambdaSweep).toBeNull();
    expect(o.online).toBe(false);
    expect(parse('--data', 'a.csv', '--online').online).toBe(true);
  });

  it('reads a cross-source study with seeds, prevalence, a weaker detector and λ', () => {
    const o = parse(
      ...['--train', 'a.csv', 'b.csv', '--test', 'c.csv', '--seeds', '3', '--seed', '5'],
      ...['--prevalence', 'paper', '--max-depth', '4', '--min-leaf', '500', '--lambda', '0.3'],
    );
    expect(o.data).toEqual(['a.csv', 'b.csv']);
    expect(o.test).toEqual(['c.csv']);
    expect(o).toMatchObject({ seeds: 3, seed: 5, prevalence: 'paper' });
    expect(o.tree).toEqual({ maxDepth: 4, minSamplesLeaf: 500 });
    // λ starts at 0.3 and anneals to the default end (0.05); λ 0 stays 0 throughout.
    expect(o.rl).toEqual({ lambdaStart: 0.3, lambdaEnd: 0.05 });
    expect(parse('--data', 'a.csv', '--lambda', '0').rl).toEqual({ lambdaStart: 0, lambdaEnd: 0 });
  });

  it('takes a λ list or the default list for the sweep', () => {
    expect(parse('--data', 'a.csv', '--lambda-sweep', '1,0,0.5,1').lambdaSweep).toEqual([
      0, 0.5, 1,
    ]);
    expect(parse('--data', 'a.csv', '--lambda-sweep', 'default').lambdaSweep).toEqual([
      ...DEFAULT_LAMBDA_SWEEP,
    ]);
  });

  it.each([
    [['--data', 'a.csv', '--train', 'b.csv', '--test', 'c.csv'], /either as --data/],
    [['--train', 'a.csv'], /--train needs --test/],
    [['--test', 'a.csv'], /--test needs --train/],
    [[], /eval needs --data/],
    [['--train', 'a.csv', '--test', 'b.csv', '--split', '0.5'], /--split does not apply/],
    [['--data', 'a.csv', '--seeds', '0'], /--seeds must be a number from 1 to 100/],
    [['--data', 'a.csv', '--seeds', '2.5'], /--seeds must be a whole number/],
    [
      ['--data', 'a.csv', '--prevalence', 'table1'],
      /--prevalence must be one of release, paper, data/,
    ],
    [['--data', 'a.csv', '--max-depth', '0'], /--max-depth must be a number from 1/],
    [['--data', 'a.csv', '--min-leaf', '1.5'], /--min-leaf must be a whole number/],
    [['--data', 'a.csv', '--lambda', '-1'], /--lambda must be a number from 0 to 100/],
    [['--data', 'a.csv', '--lambda-sweep', '0,,1'], /--lambda-sweep takes "default" or a list/],
    [['--data', 'a.csv', '--lambda-sweep', 'x'], /--lambda-sweep takes/],
    [
      ['--data', 'a.csv', '--methods', 'ppo,dl', '--lambda-sweep', '0,1'],
      /--lambda-sweep needs one of/,
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });

  it('answers a bad line with exit 2 and the usage, reading no file', async () => {
    const r = await runCli([
      'eval',
      '--train',
      '/nonexistent/a.csv',
      '--seeds',
      '0',
      '--test',
      'x.csv',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seeds must be/);
    expect(r.err).toMatch(
      /usage: rampart eval --data <csv…> \[--split 0\.7\] \| --train <csv…> --test <csv…>/,
    );
  });
});
