import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('rampart ir-eval / respond', () => {
  it('ir-eval --json reports the keys the issue names, per agent and per scenario', async () => {
    const r = await run([
      'ir-eval',
      '--json',
      '--seeds',
      '1',
      '--scenarios',
      'cic-portscan,cic-bruteforce',
    ]);
    expect(r.code, r.err).toBe(0);
    const rep = JSON.parse(r.out);
    for (const name of [
      'optimal',
      'twin-planner',
      'lookahead-no-refinement',
      'playbook',
      'bandit',
      'random',
    ])
      for (const k of [
        'meanSteps',
        'stepsOverOptimal',
        'successRate',
        'invalidActions',
        'ineffectiveActions',
        'conjectureAccuracy',
      ])
        expect(rep.agents[name]).toHaveProperty(k);
    expect(Object.keys(rep.scenarios)).toEqual(['cic-portscan', 'cic-bruteforce']);
    expect(rep.scenarios['cic-bruteforce'].optimalSteps).toBe(8);
  });

  it('ir-eval --out writes report.json and table.md', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-ir-'));
    const r = await run([
      'ir-eval',
      '--seeds',
      '1',
      '--agents',
      'optimal,twin-planner',
      '--scenarios',
      'cic-dos',
      '--out',
      dir,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/twin-planner/);
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toMatch(/\| cic-dos \(dos-slow\) \| 5 \|/);
  });

  it('respond --json prints one run with its trace', async () => {
    const r = await run([
      'respond',
      '--scenario',
      'esorics-three-servers',
      '--agent',
      'twin-planner',
      '--seed',
      '2',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const run1 = JSON.parse(r.out);
    expect(run1.success).toBe(true);
    expect(run1.steps).toBe(run1.optimalSteps);
    expect(run1.trace).toHaveLength(run1.steps);
  });

  it('rejects an unknown agent or scenario with usage and exit 2', async () => {
    expect((await run(['respond', '--scenario', 'nope'])).code).toBe(2);
    const r = await run(['ir-eval', '--agents', 'oracle9000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown agent "oracle9000"/);
  });

  it('respond and ir-eval take a scenario file; a broken one is refused with its path and reasons', async () => {
    const file = join(__dirname, '../../resources/scenarios/example-ransomware.json');
    const r = await run(['respond', '--scenario', file, '--json']);
    expect(r.code).toBe(0);
    const run1 = JSON.parse(r.out) as {
      scenario: string;
      success: boolean;
      invalidActions: number;
    };
    expect(run1).toMatchObject({
      scenario: 'example-ransomware',
      success: true,
      invalidActions: 0,
    });
    const e = await run([
      'ir-eval',
      '--json',
      '--seeds',
      '1',
      '--agents',
      'optimal',
      '--scenarios',
      `${file},cic-ddos`,
    ]);
    expect(e.code).toBe(0);
    expect(Object.keys(JSON.parse(e.out).scenarios)).toEqual(['example-ransomware', 'cic-ddos']);
    dir = mkdtempSync(join(tmpdir(), 'rampart-ir-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ spec: { id: 'x' } }));
    const b = await run(['respond', '--scenario', bad]);
    expect(b.code).not.toBe(0);
    expect(b.err).toContain(`${bad}: not a valid scenario`);
    expect(b.err).toContain('spec.title');
  });
});
