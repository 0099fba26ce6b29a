import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/main/transports/cli/main';
import { runCli } from '../helpers/cli';

describe('rampart --help', () => {
  it('lists every command and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await runCli(argv);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^usage: rampart <command>/);
      for (const c of COMMANDS) expect(r.out).toContain(`\n  ${c.name} `);
    }
  });

  it.each(COMMANDS.map((c) => c.name))(
    '`rampart %s --help` prints that command’s usage and exits 0',
    async (name) => {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await runCli(argv);
        expect(r.code, r.err).toBe(0);
        expect(r.err).toBe('');
        expect(r.out.split('\n')[0]).toMatch(new RegExp(`^usage: rampart ${name}( |$)`));
      }
    },
  );

  it('answers no command with the list and exit 2, and an unknown one with exit 2', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/^usage: rampart <command>/);
    const bad = await runCli(['nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown command "nope"/);
  });

  it('prints the command’s usage after a usage error', async () => {
    const r = await runCli(['eval', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --bogus/);
    expect(r.err).toMatch(/usage: rampart eval --data/);
  });
});
