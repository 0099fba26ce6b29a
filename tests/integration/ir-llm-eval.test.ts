/**
 * The LLM response agents on the twin scenarios through the command line (`rampart ir-eval`,
 * `rampart respond`) with a tiny random-weight GGUF the test writes: the path from the public
 * spec to the model and back works, every executed action is valid or counted invalid, and the
 * LLM calls and tokens reach the report. A random-weight model says nothing of response quality.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicScenario } from '../../src/main/domain/ir/agents';
import { publicValidActions, twinWorldModel } from '../../src/main/domain/ir/agents/llmAgents';
import { runIrEval, stepCap, type RunResult } from '../../src/main/domain/ir/eval';
import { optimalSteps, scenarioModel, Twin } from '../../src/main/domain/ir/twin';
import { writeTinyIrGguf } from '../helpers/tinyIrModel';
import type { Conjecture } from '../../src/main/domain/ir/core/types';
import { actionKey } from '../../src/main/domain/ir/core/verbs';
import { AbortError, ModelManager } from '../../src/main/domain/llm';
import { writeTinyGguf } from '../helpers/tinyGguf';
import { runCli as run } from '../helpers/cli';

const SCENARIOS = ['cic-portscan', 'cic-ddos'];
const dir = mkdtempSync(join(tmpdir(), 'rampart-ir-llm-eval-'));
const tiny = join(dir, 'tiny-ir.gguf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every action is valid in the scenario's network, or counted in invalidActions. */
function expectValidOrCounted(r: RunResult): void {
  const spec = scenarioModel(r.scenario).spec;
  const valid = new Set(publicValidActions(publicScenario(spec)).map(actionKey));
  const invalid = r.actions.filter((k) => !valid.has(k)).length;
  expect(r.actions.length).toBeGreaterThan(0);
  expect(r.invalidActions).toBe(invalid);
}

const LLM_FLAGS = ['--llm-candidates', '2', '--llm-rollouts', '1', '--llm-depth', '3'];

describe('LLM agents on the twin scenarios (tiny GGUF, real node-llama-cpp)', () => {
  beforeAll(async () => {
    await writeTinyIrGguf(tiny, SCENARIOS);
  });

  it('refuses an LLM agent without --model (usage, exit 2)', async () => {
    const e = await run(['ir-eval', '--agents', 'twin-planner,llm-agent', '--seeds', '1']);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/llm-agent needs --model FILE\.gguf/);
    const r = await run(['respond', '--scenario', 'cic-portscan', '--agent', 'llm-greedy']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/llm-greedy needs --model/);
  });

  it('the world model is a public-spec twin under the conjecture with the history replayed', () => {
    const spec = scenarioModel('cic-ddos').spec;
    const pub = publicScenario(spec);
    const history = publicValidActions(pub).slice(0, 6);
    const make = twinWorldModel(pub, () => history, 1);
    const variant = spec.variants[spec.variants.length - 1]!.id;
    const cj: Conjecture = {
      variant,
      confidence: 1,
      tactics: [],
      scores: { [variant]: 1 },
      evidenceFor: [],
      evidenceAgainst: [],
    };
    const reference = new Twin(spec, { variant, seed: 1 });
    for (const a of history) reference.step(a);
    const world = make(cj);
    const next = publicValidActions(pub).find((a) => a.verb === 'block-endpoint')!;
    reference.step(next);
    expect(world.step(next)).toEqual(reference.stages);
    expect(world.validActions()).toEqual(reference.validActions());
    // An unknown conjectured variant falls back to the first one rather than failing.
    expect(() => make({ ...cj, variant: 'nope' })).not.toThrow();
  });

  it('ir-eval runs llm-agent and llm-greedy; calls and tokens per step reach the report', async () => {
    // The evaluation's own twins hold the full spec (its title); the agents' replicas are titled by id.
    const executed: { key: string; valid: boolean }[] = [];
    const step = Twin.prototype.step;
    const spy = vi.spyOn(Twin.prototype, 'step').mockImplementation(function (this: Twin, a) {
      const o = step.call(this, a);
      if (this.spec.title !== this.spec.id) executed.push({ key: actionKey(a), valid: o.valid });
      return o;
    });
    const t0 = performance.now();
    const r = await run([
      'ir-eval',
      '--json',
      '--seeds',
      '1',
      '--agents',
      'twin-planner,llm-greedy,llm-agent',
      '--scenarios',
      'cic-portscan',
      '--model',
      tiny,
      ...LLM_FLAGS,
    ]).finally(() => spy.mockRestore());
    expect(r.code, r.err).toBe(0);
    const rep = JSON.parse(r.out);
    // Every executed action is valid in the network or counted in invalidActions.
    const valid = new Set(
      publicValidActions(publicScenario(scenarioModel('cic-portscan').spec)).map(actionKey),
    );
    for (const e of executed) expect(e.valid, e.key).toBe(valid.has(e.key));
    const counted = Object.values(rep.agents as Record<string, { invalidActions: number }>).reduce(
      (n, a) => n + a.invalidActions,
      0,
    );
    expect(counted).toBe(executed.filter((e) => !e.valid).length);
    const steps = rep.scenarios['cic-portscan'].agents as Record<string, { meanSteps: number }>;
    expect(executed.length).toBeGreaterThanOrEqual(steps['llm-agent']!.meanSteps);
    for (const name of ['twin-planner', 'llm-greedy', 'llm-agent'])
      for (const k of [
        'meanSteps',
        'stepsOverOptimal',
        'successRate',
        'invalidActions',
        'ineffectiveActions',
        'conjectureAccuracy',
        'llmCallsPerStep',
        'tokensPerStep',
      ])
        expect(rep.agents[name]).toHaveProperty(k);
    for (const name of ['llm-greedy', 'llm-agent']) {
      expect(rep.agents[name].llmCallsPerStep).toBeGreaterThan(0);
      expect(rep.agents[name].tokensPerStep).toBeGreaterThan(0);
    }
    expect(rep.agents['twin-planner'].llmCallsPerStep).toBe(0);
    expect(rep.config.llm).toMatchObject({ candidates: 2, rollouts: 1, depthCap: 3, model: tiny });
    console.log(
      `ir-eval llm-greedy,llm-agent on cic-portscan: ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `llm-agent ${rep.agents['llm-agent'].llmCallsPerStep.toFixed(1)} calls/step, ` +
        `${rep.agents['llm-agent'].tokensPerStep.toFixed(0)} tokens/step`,
    );
  }, 120_000);

  it('respond --json: every executed action is valid or counted invalid', async () => {
    for (const [scenario, agent] of [
      ['cic-ddos', 'llm-greedy'],
      ['cic-portscan', 'llm-one-shot'],
    ] as const) {
      const r = await run([
        'respond',
        '--scenario',
        scenario,
        '--agent',
        agent,
        '--seed',
        '2',
        '--json',
        '--model',
        tiny,
        ...LLM_FLAGS,
      ]);
      expect(r.code, r.err).toBe(0);
      const one = JSON.parse(r.out) as RunResult;
      expect(one.agent).toBe(agent);
      expect(one.llmCalls).toBeGreaterThan(0);
      expect(one.tokens).toBeGreaterThan(0);
      expect(one.trace).toHaveLength(one.actions.length);
      expectValidOrCounted(one);
    }
  }, 120_000);

  it('an LLM failure ends that episode as failed with the error listed; the rest still runs (exit 3)', async () => {
    // Without merges learned from the IR prompts, no prompt fits the 4096-token context.
    const plain = join(dir, 'plain.gguf');
    await writeTinyGguf(plain, { seed: 3 });
    const argv = ['ir-eval', '--seeds', '1', '--agents', 'twin-planner,llm-greedy'];
    argv.push('--scenarios', SCENARIOS.join(','), '--model', plain);
    const r = await run([...argv, '--json']);
    expect(r.code, r.err).toBe(3);
    const rep = JSON.parse(r.out);
    expect(rep.agents['twin-planner']).toMatchObject({ successRate: 1, errors: 0 });
    expect(rep.agents['llm-greedy']).toMatchObject({ successRate: 0, errors: SCENARIOS.length });
    for (const id of SCENARIOS) {
      const s = rep.scenarios[id];
      const cap = stepCap(optimalSteps(scenarioModel(id).spec).steps);
      expect(s.agents['llm-greedy'].meanSteps).toBe(cap); // failed: the cap, as any failed run
      expect(s.errors).toEqual([
        { agent: 'llm-greedy', seed: 1, message: expect.stringMatching(/^PromptTooLongError: /) },
      ]);
    }
    const text = await run(argv);
    expect(text.code).toBe(3);
    expect(text.out).toMatch(
      /Runs that ended with an error:\n- cic-portscan llm-greedy seed 1: PromptTooLongError/,
    );
    expect(text.out).toMatch(/^twin-planner .* 100% /m);
  });

  it('a cancelled evaluation rejects with an AbortError instead of recording an error', async () => {
    const manager = new ModelManager({ gpu: false });
    try {
      expect((await manager.load({ modelPath: tiny, threads: 1 })).status).toBe('loaded');
      const ac = new AbortController();
      ac.abort();
      const cfg = { agents: ['llm-greedy' as const], scenarios: SCENARIOS, seeds: 1 };
      await expect(runIrEval(cfg, () => {}, manager, ac.signal)).rejects.toBeInstanceOf(AbortError);
    } finally {
      await manager.dispose();
    }
  });
});
