import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIrEval } from '../../src/main/domain/ir/eval';
import {
  loadScenarioFile,
  optimalSteps,
  parseScenario,
  ScenarioFileError,
  scenarioModel,
} from '../../src/main/domain/ir/twin';

const EXAMPLE = join(__dirname, '../../resources/scenarios/example-ransomware.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8'));

/** The problems a broken copy of the example raises. */
function problems(edit: (f: ReturnType<typeof example>) => void): string[] {
  const f = example();
  edit(f);
  try {
    parseScenario(JSON.stringify(f), 'broken.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioFileError);
    expect((e as Error).message).toContain('broken.json');
    return (e as ScenarioFileError).problems;
  }
  throw new Error('the broken scenario was accepted');
}

describe('scenario files', () => {
  it('loads the example, registers it and runs the agents on every variant', async () => {
    const m = loadScenarioFile(EXAMPLE);
    expect(scenarioModel('example-ransomware')).toBe(m);
    expect(optimalSteps(m.spec, 'rw-encrypt').steps).toBe(7);
    expect(optimalSteps(m.spec, 'rw-double-extortion').steps).toBe(11);
    const r = await runIrEval({
      agents: ['optimal', 'twin-planner'],
      scenarios: ['example-ransomware'],
      seeds: 3,
      allVariants: true,
    });
    for (const s of Object.values(r.scenarios)) {
      expect(s.agents['optimal']!.meanSteps).toBe(s.optimalSteps);
      expect(s.agents['twin-planner']!.successRate).toBe(1);
      expect(s.agents['twin-planner']!.invalidActions).toBe(0);
    }
  });

  it('names the path and reason of every problem', () => {
    expect(
      problems(
        (f) => (f.variants['rw-encrypt'].requirements.eviction[0].anyOf = [['wipe-it 10.1.0.31']]),
      ),
    ).toEqual([
      'variants.rw-encrypt.requirements.eviction.0.anyOf.0.0: "wipe-it 10.1.0.31": unknown verb "wipe-it"',
    ]);
    expect(
      problems((f) => (f.variants['rw-encrypt'].evidence = { 'collect-logs 10.9.9.9': 'x' })),
    ).toEqual([
      'variants.rw-encrypt.evidence: "collect-logs 10.9.9.9": "10.9.9.9" is not a host of this network',
    ]);
    expect(problems((f) => (f.spec.trueVariant = 'rw-wiper'))).toEqual([
      'spec.trueVariant: "rw-wiper" is not one of rw-encrypt, rw-double-extortion',
    ]);
    expect(problems((f) => delete f.variants['rw-encrypt'])).toEqual([
      'variants: no model for spec variant "rw-encrypt"',
    ]);
    expect(problems((f) => (f.variants['rw-encrypt'].emitters[0].src = '10.2.2.2'))).toEqual([
      'variants.rw-encrypt.emitters.0.src: "10.2.2.2" is not a host or external address',
    ]);
    const schema = problems((f) => {
      f.spec.family = 'ransom';
      f.spec.hosts[2].services = ['smb'];
      f.extra = 1;
    });
    expect(schema.some((p) => p.startsWith('spec.family:'))).toBe(true);
    expect(schema.some((p) => p.startsWith('spec.hosts.2.services.0:'))).toBe(true);
    expect(schema.some((p) => p.includes('extra'))).toBe(true);
  });

  it('refuses text that is not JSON, a missing file and a built-in id', () => {
    expect(() => parseScenario('{', 'x.json')).toThrow(
      /x\.json: not a valid scenario:\n {2}not JSON/,
    );
    expect(() => loadScenarioFile('/nonexistent/s.json')).toThrow(/cannot read/);
    const f = example();
    f.spec.id = 'cic-web';
    const dir = mkdtempSync(join(tmpdir(), 'rampart-scenario-'));
    try {
      const clash = join(dir, 'clash.json');
      writeFileSync(clash, JSON.stringify(f));
      expect(() => loadScenarioFile(clash)).toThrow(/clash\.json[\s\S]*built-in scenario/);
      expect(scenarioModel('cic-web').spec.title).not.toBe(f.spec.title);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
