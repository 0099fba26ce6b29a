/**
 * The in-context LLM response agent through the real node-llama-cpp path: a tiny random-weight
 * GGUF the test writes (its merges learned from the agent's own instructions), and the real tiny
 * models in ../shared/models when present. The network is a small hand-written scenario world
 * (tests/helpers/irScenarioWorld.ts), not a product twin.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GbnfJsonSchema } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallTimeoutError,
  IDS_CLASSIFICATIONS,
  IR_INSTRUCTIONS,
  LlmResponseAgent,
  greedyLlm,
  oneShotLlm,
  perceive,
  plan,
  reason,
} from '../../src/main/domain/ir/llmAgent';
import type { LlmAgentOptions, RoleEnv } from '../../src/main/domain/ir/llmAgent';
import { STAGES } from '../../src/main/domain/ir/core/types';
import type { Observation, ResponseAction } from '../../src/main/domain/ir/core/types';
import { AbortError, ModelManager } from '../../src/main/domain/llm';
import {
  INCIDENT,
  SCENARIO,
  ScenarioWorld,
  VALID_KEYS,
  VERBS,
  freshContext,
  runEpisode,
} from '../helpers/irScenarioWorld';
import { writeTinyGguf } from '../helpers/tinyGguf';
import { projectRoot } from '../../src/main/runtime/paths';

// ---------------------------------------------------------------- helpers

const dir = mkdtempSync(join(tmpdir(), 'rampart-ir-llm-'));
const tiny = join(dir, 'tiny-ir.gguf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL: LlmAgentOptions = { candidates: 2, rollouts: 2, depthCap: 3, seed: 5 };

// ---------------------------------------------------------------- the tests

describe('LLM response agent on a tiny GGUF (real node-llama-cpp)', () => {
  const manager = new ModelManager({ gpu: false });
  const deps = () => {
    const world = new ScenarioWorld();
    return { world, deps: { manager, verbs: VERBS, validActions: () => world.validActions() } };
  };

  beforeAll(async () => {
    // Merges learned from the agent's own vocabulary keep the prompts a few hundred tokens long.
    const corpus = [
      IR_INSTRUCTIONS,
      SCENARIO.system,
      ...VERBS.map(
        (v) => `- ${v.id}: ${v.name}; ${v.targetKind}; cost ${v.cost}. ${v.description}`,
      ),
      `{"done": [${STAGES.map((s) => `"${s}"`).join(', ')}], "next": {"verb": "wait", "target": "none"}}`,
      ...VALID_KEYS,
      ...[...VALID_KEYS].map((k) => {
        const [verb, target] = k.split(' ');
        return `{"verb": "${verb}", "target": "${target === 'null' ? 'none' : target}"}`;
      }),
      ...IDS_CLASSIFICATIONS.map((c) => `{"classification": "${c}", "priority": 1}`),
    ].join('\n');
    await writeTinyGguf(tiny, { seed: 11, corpus, vocabSize: 2048 });
    const s = await manager.load({ modelPath: tiny, threads: 1, contextSize: 4096 });
    expect(s.status).toBe('loaded');
  });
  afterAll(() => manager.dispose());

  it('perception gives six stage booleans and known entities', async () => {
    const agent = new LlmResponseAgent(deps().deps);
    const env: RoleEnv = {
      llm: agent.calls,
      ctx: freshContext(),
      budget: { historyEntries: 6, alertLines: 12 },
    };
    const p = await perceive(env);
    expect(p.stages).toHaveLength(6);
    for (const b of p.stages) expect(typeof b).toBe('boolean');
    const known = new Set([...SCENARIO.hosts.map((h) => h.ip), '10.0.1.11', '10.0.2.10']);
    for (const e of p.entities) expect(known.has(e)).toBe(true);
    expect(agent.calls.totals.calls).toBe(1);
  });

  it('warmUp caches the fixed instructions; the first call reuses them', async () => {
    const agent = new LlmResponseAgent(deps().deps);
    await manager.use((m) => m.sequence.clearHistory());
    const cached = await agent.warmUp();
    expect(cached).toBeGreaterThan(100);
    const stats: number[] = [];
    agent.calls.onCall = (_u, st) => stats.push(st.reusedTokens);
    const env: RoleEnv = {
      llm: agent.calls,
      ctx: freshContext(),
      budget: { historyEntries: 6, alertLines: 12 },
    };
    await perceive(env);
    expect(stats[0]).toBeGreaterThanOrEqual(cached);
  });

  it('reasoning scores every variant, the scores sum to 1, evidence comes with the conjecture', async () => {
    const agent = new LlmResponseAgent(deps().deps);
    const env: RoleEnv = {
      llm: agent.calls,
      ctx: freshContext(),
      budget: { historyEntries: 6, alertLines: 12 },
    };
    const r = await reason(env);
    const ids = SCENARIO.variants.map((v) => v.id);
    expect(Object.keys(r.conjecture.scores).sort()).toEqual([...ids].sort());
    const total = Object.values(r.conjecture.scores).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 9);
    expect(ids).toContain(r.conjecture.variant);
    expect(r.conjecture.confidence).toBe(r.conjecture.scores[r.conjecture.variant]);
    for (const id of ids) expect(r.precision[id]).toBeGreaterThanOrEqual(0);
    expect(agent.calls.totals.calls).toBe(ids.length);
  });

  it('planning: every candidate grounds to a valid action; rollouts in a world model when given', async () => {
    const { world, deps: d } = deps();
    const agent = new LlmResponseAgent(d);
    const env: RoleEnv = {
      llm: agent.calls,
      ctx: freshContext(),
      budget: { historyEntries: 6, alertLines: 12 },
    };
    const settings = {
      verbs: VERBS,
      validActions: () => world.validActions(),
      candidates: 2,
      rollouts: 2,
      depthCap: 3,
      seed: 3,
      temperature: 0.8,
    };
    const r = await plan(env, settings);
    for (const c of r.candidates) {
      expect(VALID_KEYS.has(`${c.action.verb} ${c.action.target}`)).toBe(true);
      expect(c.predictedSteps).toBeGreaterThanOrEqual(1);
      expect(c.predictedSteps).toBeLessThanOrEqual(4);
      expect(c.spread).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < r.candidates.length; i++)
      expect(r.candidates[i]?.predictedSteps).toBeGreaterThanOrEqual(
        r.candidates[i - 1]?.predictedSteps ?? 0,
      );
    expect(r.candidates.length + r.invalid).toBeGreaterThan(0);

    let worlds = 0;
    const w = await plan(env, {
      ...settings,
      worldModel: () => {
        worlds++;
        return new ScenarioWorld();
      },
    });
    expect(worlds).toBe(w.candidates.length * 2);
    console.log(
      'planning (2 candidates × 2 rollouts, depth 3): LLM rollouts',
      JSON.stringify(r.candidates.map((c) => [c.action.verb, c.action.target, c.predictedSteps])),
      `invalid ${r.invalid}; world-model rollouts`,
      JSON.stringify(w.candidates.map((c) => [c.action.verb, c.action.target, c.predictedSteps])),
      `invalid ${w.invalid}`,
    );
  });

  it('runs 5 steps end to end; prompts carry the system description and the last feedback', async () => {
    const { world, deps: d } = deps();
    const agent = new LlmResponseAgent(d, SMALL);
    expect(agent.name).toBe('llm-agent');
    const t0 = performance.now();
    const { decisions, prompts, firstPrompt, roles } = await runEpisode(agent, world, 5);
    console.log(roles.join('\n'));
    const ms = performance.now() - t0;
    expect(decisions).toHaveLength(5);
    for (const d of decisions) if (d.kind === 'act') expect(d.llmCalls).toBeGreaterThan(0);
    const acted = decisions.flatMap((d) => (d.kind === 'act' ? [d] : []));
    const tokens = acted.reduce((n, d) => n + d.tokens, 0);
    if (acted.length === 5)
      expect(tokens).toBe(agent.stats.promptTokens + agent.stats.completionTokens);
    for (const d of acted) {
      const scores = Object.values(d.conjecture?.scores ?? {});
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(d.candidates.length).toBeGreaterThan(0);
      expect(d.candidates[0]?.action).toEqual(d.action); // the shortest predicted recovery
      expect(d.expected).toContain(`after ${d.action.verb}`);
    }
    // The fixed instructions and the incident context are reused from the KV cache.
    expect(agent.stats.reusedTokens / agent.stats.promptTokens).toBeGreaterThan(0.5);
    const s = agent.stats;
    expect(s.decisions + s.abstentions).toBe(5);
    const reported = decisions.reduce((n, x) => n + (x.kind === 'act' ? x.llmCalls : 0), 0);
    if (s.abstentions === 0) expect(reported).toBe(s.calls);
    else expect(reported).toBeLessThanOrEqual(s.calls);
    for (const p of prompts) expect(p).toContain('SYSDESC-MARKER');
    // Refinement: from step 2 on, every prompt carries the previous step's feedback and expectation.
    for (let step = 2; step <= 5; step++) {
      const from = firstPrompt[step - 1] ?? 0;
      const to = firstPrompt[step] ?? prompts.length;
      expect(to).toBeGreaterThan(from);
      for (const p of prompts.slice(from, to)) {
        expect(p).toContain(`(FEEDBACK-${step - 1})`);
        expect(p).toMatch(/## Last step: expected against observed\nAction: .*\nExpected: /);
      }
    }
    console.log(
      `llm-agent, 5 steps (N=2, M=2, depth 3): ${ms.toFixed(0)} ms, ${s.calls} calls ` +
        `(${(ms / s.calls).toFixed(1)} ms/call), prompt ${s.promptTokens} tokens ` +
        `(${s.reusedTokens} reused from the KV cache), completion ${s.completionTokens}, ` +
        `invalid outputs ${s.invalidOutputs}, abstentions ${s.abstentions}; actions ` +
        decisions
          .map((x) => (x.kind === 'act' ? `${x.action.verb} ${x.action.target}` : 'abstain'))
          .join(' | '),
    );
  });

  it('the one-shot and greedy baselines run 5 steps with valid actions only', async () => {
    for (const make of [oneShotLlm, greedyLlm]) {
      const { world, deps: d } = deps();
      const agent = make(d, SMALL);
      const t0 = performance.now();
      const { decisions, prompts } = await runEpisode(agent, world, 5);
      expect(decisions.length).toBeGreaterThan(0);
      for (const p of prompts) expect(p).toContain('SYSDESC-MARKER');
      const s = agent.stats;
      console.log(
        `${agent.name}, ${decisions.length} steps: ${(performance.now() - t0).toFixed(0)} ms, ${s.calls} calls, ` +
          `${s.promptTokens}+${s.completionTokens} tokens, invalid outputs ${s.invalidOutputs}, abstentions ${s.abstentions}`,
      );
    }
  });

  it('one-shot: plan entries that no longer ground are counted invalid and never executed', async () => {
    const world = new ScenarioWorld();
    let onlyWait = false;
    const validActions = (): ResponseAction[] =>
      onlyWait ? [{ verb: 'wait', target: null }] : world.validActions();
    const agent = oneShotLlm({ manager, verbs: VERBS, validActions }, SMALL);
    const plans: { verb: string }[][] = [];
    agent.calls.onCall = (_user, st, answer) => {
      if (st.role !== 'planning') return;
      plans.push((JSON.parse(answer) as { plan: { verb: string }[] }).plan);
      onlyWait = true; // the network changes right after the plan is made: only waiting is possible
    };
    await agent.start(INCIDENT, SCENARIO);
    const d = await agent.next(null);
    agent.calls.onCall = null;
    const dropped = (plans[0] ?? []).filter((e) => e.verb !== 'wait').length;
    expect(dropped).toBeGreaterThan(0);
    if (d.kind === 'act') expect(d.action).toEqual({ verb: 'wait', target: null });
    else expect(d.reason).toMatch(/no valid action left/);
    // Each dropped entry was counted; the re-plan (under the new network) may drop more.
    const droppedLater = plans
      .slice(1)
      .flat()
      .filter((e) => e.verb !== 'wait').length;
    expect(agent.stats.invalidOutputs).toBe(dropped + droppedLater);
    console.log(`one-shot: plan of ${plans[0]?.length}, ${dropped} entries dropped as invalid`);
  });

  it('jump-forward answers are schema-valid and take fewer model evaluations than the grammar', async () => {
    const evaluations: Record<string, number> = {};
    for (const decoder of ['grammar', 'jump-forward'] as const) {
      const agent = new LlmResponseAgent(deps().deps, { ...SMALL, decoder });
      let n = 0;
      agent.calls.onCall = (_u, st) => void (n += st.decodes);
      const env: RoleEnv = {
        llm: agent.calls,
        ctx: freshContext(),
        budget: { historyEntries: 6, alertLines: 12 },
      };
      const p = await perceive(env);
      const r = await reason(env);
      if (decoder === 'jump-forward') {
        expect(p.valid).toBe(true);
        expect(r.invalid).toBe(0);
      }
      evaluations[decoder] = n;
    }
    expect(evaluations['jump-forward']).toBeLessThan(evaluations.grammar!);
    console.log('model evaluations for perception + reasoning:', JSON.stringify(evaluations));
    // Options that are prefixes of others (1 and 12): stopping early is a choice too.
    const llm = new LlmResponseAgent(deps().deps).calls;
    const schema = { type: 'array', items: { enum: [1, 12, 123] }, minItems: 1, maxItems: 3 };
    const seen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const a = await llm.ask({
        role: 'test',
        system: IR_INSTRUCTIONS,
        users: ['Pick numbers.'],
        schema: schema as GbnfJsonSchema,
        temperature: 2,
        seed,
      });
      expect(a.value, a.text).not.toBeNull();
      const v = a.value as number[];
      expect(v.length).toBeGreaterThanOrEqual(1);
      for (const x of v) expect([1, 12, 123]).toContain(x);
      seen.add(a.text);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('rolls out in the world model under the conjectured variant when one is given', async () => {
    const { world, deps: d } = deps();
    const seen: (string | null)[] = [];
    const agent = new LlmResponseAgent(d, {
      ...SMALL,
      worldModel: (c) => {
        seen.push(c?.variant ?? null);
        const w = new ScenarioWorld();
        w.stages = [...world.stages]; // a clone of the world as it is now
        return w;
      },
    });
    const { decisions } = await runEpisode(agent, world, 2);
    expect(decisions).toHaveLength(2);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(SCENARIO.variants.map((x) => x.id)).toContain(v);
  });

  it('abstains (executes nothing) when the rollouts spread more than abstainSpread', async () => {
    const { world, deps: d } = deps();
    const agent = new LlmResponseAgent(d, { ...SMALL, rollouts: 1, abstainSpread: -1 });
    const { decisions } = await runEpisode(agent, world, 2);
    expect(decisions.map((x) => x.kind)).toEqual(['abstain', 'abstain']);
    for (const x of decisions)
      if (x.kind === 'abstain') expect(x.reason).toMatch(/disagree|no valid candidate/);
    expect(world.done.size).toBe(0);
    expect(agent.stats.abstentions).toBe(2);
  });

  it('cancels through an AbortSignal and on timeout; the model stays usable', async () => {
    const { deps: d } = deps();
    const agent = new LlmResponseAgent(d, SMALL);
    await agent.start(INCIDENT, SCENARIO);
    const pre = new AbortController();
    pre.abort();
    await expect(agent.next(null, pre.signal)).rejects.toBeInstanceOf(AbortError);

    const ac = new AbortController();
    agent.calls.onCall = () => ac.abort(); // cancel after the first call of the step
    const obs: Observation = {
      step: 1,
      alerts: [],
      feedback: 'FEEDBACK-X',
      valid: true,
      done: false,
    };
    await expect(agent.next(obs, ac.signal)).rejects.toBeInstanceOf(AbortError);
    agent.calls.onCall = null;
    // Retrying the cancelled step with the same observation records it once.
    agent.calls.onCall = () => ac.abort();
    await expect(agent.next(obs, ac.signal)).rejects.toBeInstanceOf(AbortError);
    agent.calls.onCall = null;
    expect(agent.context?.history.filter((h) => h.feedback === 'FEEDBACK-X')).toHaveLength(1);

    const env: RoleEnv = {
      llm: agent.calls,
      ctx: freshContext(),
      budget: { historyEntries: 6, alertLines: 12 },
    };
    const ask = {
      role: 'perception',
      system: IR_INSTRUCTIONS,
      users: ['x'.repeat(3000)],
      schema: { type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] } as const,
    };
    await manager.use((m) => m.sequence.clearHistory());
    // A timeout is a CallTimeoutError (the evaluation records it as the episode's error); it is
    // still an AbortError, so cancel handlers see it as one.
    const late = agent.calls.ask(ask, undefined, 1);
    await expect(late).rejects.toThrow(/timed out after 1 ms/);
    await expect(late).rejects.toBeInstanceOf(CallTimeoutError);
    await expect(late).rejects.toBeInstanceOf(AbortError);
    // An answer cut off by its token budget is not schema-valid JSON: value null (the roles count it).
    const cut = await agent.calls.ask({ ...ask, users: ['short'], maxTokens: 2 });
    expect(cut.value).toBeNull();
    expect(cut.stats.completionTokens).toBe(2);
    const p = await perceive(env);
    expect(p.stages).toHaveLength(6);
  });
});

// ---------------------------------------------------------------- the real tiny models

const modelsDir = join(projectRoot(), '..', 'shared', 'models');
for (const file of ['stories260K.gguf', 'llama-2-tiny-random.gguf']) {
  const path = join(modelsDir, file);
  const present = existsSync(path);
  if (!present) console.warn(`skipping the LLM response agent on ${file}: ${path} is absent`);

  describe.skipIf(!present)(`LLM response agent on ${file}`, () => {
    const manager = new ModelManager({ gpu: false });
    beforeAll(async () => {
      const s = await manager.load({ modelPath: path, threads: 1, contextSize: 4096 });
      expect(s.status, s.status === 'error' ? s.message : '').toBe('loaded');
    });
    afterAll(() => manager.dispose());

    it('the greedy agent runs 2 steps with valid actions only and counts what it drops', async () => {
      const world = new ScenarioWorld();
      const agent = greedyLlm(
        { manager, verbs: VERBS, validActions: () => world.validActions() },
        { historySize: 2, alertLines: 3 },
      );
      const t0 = performance.now();
      const { decisions } = await runEpisode(agent, world, 2);
      const s = agent.stats;
      console.log(
        `${file}: ${decisions.length} steps in ${(performance.now() - t0).toFixed(0)} ms, ${s.calls} calls, ` +
          `${s.promptTokens}+${s.completionTokens} tokens (${s.reusedTokens} reused), invalid ${s.invalidOutputs}`,
      );
      expect(decisions.length).toBeGreaterThan(0);
    });
  });
}
