/**
 * The in-context LLM response agent through the real node-llama-cpp path: a tiny random-weight
 * GGUF the test writes (its merges learned from the agent's own instructions), and the real tiny
 * models in ../shared/models when present. The network is a small hand-written scenario world
 * (test data: five hosts, a brute-force-then-webshell attack, nine verbs), not a product twin.
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
import type {
  IncidentContext,
  LlmAgentOptions,
  RoleEnv,
  WorldModel,
} from '../../src/main/domain/ir/llmAgent';
import { STAGES } from '../../src/main/domain/ir/core/types';
import type {
  AgentDecision,
  Incident,
  IrAlert,
  Observation,
  ResponseAction,
  ResponseVerb,
  ScenarioSpec,
  StageBits,
} from '../../src/main/domain/ir/core/types';
import { AbortError, ModelManager } from '../../src/main/domain/llm';
import { writeTinyGguf } from '../helpers/tinyGguf';
import { projectRoot } from '../../src/main/runtime/paths';

// ---------------------------------------------------------------- the scenario world (test data)

const VERBS: ResponseVerb[] = [
  { id: 'wait', name: 'Wait and monitor', targetKind: 'none', cost: 0, description: 'Do nothing.' },
  {
    id: 'analyse-logs',
    name: 'Analyse logs',
    targetKind: 'none',
    cost: 1,
    description: 'Read host and IDS logs.',
  },
  {
    id: 'block-ip',
    name: 'Block address at the gateway',
    targetKind: 'host',
    cost: 2,
    description: 'Firewall drop.',
  },
  {
    id: 'isolate-host',
    name: 'Isolate host',
    targetKind: 'host',
    cost: 10,
    description: 'Cut a host off.',
  },
  {
    id: 'collect-evidence',
    name: 'Collect evidence',
    targetKind: 'host',
    cost: 2,
    description: 'Disk and memory image.',
  },
  {
    id: 'revoke-credentials',
    name: 'Revoke credentials',
    targetKind: 'account',
    cost: 3,
    description: 'Reset passwords, keys.',
  },
  {
    id: 'reimage-host',
    name: 'Wipe and re-image',
    targetKind: 'host',
    cost: 30,
    description: 'Rebuild from a clean image.',
  },
  {
    id: 'harden-ssh',
    name: 'Harden SSH',
    targetKind: 'service',
    cost: 2,
    description: 'No root login, keys only.',
  },
  {
    id: 'restore-service',
    name: 'Restore service',
    targetKind: 'service',
    cost: 4,
    description: 'Bring a service back.',
  },
];

const SCENARIO: Pick<ScenarioSpec, 'id' | 'hosts' | 'system' | 'variants'> = {
  id: 'weak-ssh',
  system:
    'A small company network: a gateway (10.0.0.1) in front of a DMZ web server (10.0.2.10, ' +
    'SSH and HTTP) and an internal database (10.0.2.11). Snort watches the gateway. SYSDESC-MARKER',
  hosts: [
    { ip: '10.0.0.1', name: 'gw', role: 'gateway', services: [], critical: true },
    { ip: '10.0.1.11', name: 'attacker', role: 'attacker', services: [], critical: false },
    {
      ip: '10.0.2.10',
      name: 'web',
      role: 'server',
      services: ['tcp/22 ssh', 'tcp/80 http'],
      critical: true,
    },
    {
      ip: '10.0.2.11',
      name: 'db',
      role: 'server',
      services: ['tcp/5432 postgres'],
      critical: true,
    },
  ],
  variants: [
    {
      id: 'ssh-brute',
      title: 'SSH brute force then shell',
      tactics: ['TA0006', 'TA0001'],
      description: 'Guesses root passwords over SSH.',
    },
    {
      id: 'web-shell',
      title: 'Web shell through an upload',
      tactics: ['TA0001', 'TA0003'],
      description: 'Uploads a PHP shell.',
    },
  ],
};

const alert = (t: number, cls: string, pri: number, sig: string, dstPort = 22): IrAlert => ({
  time: 1_700_000_000_000 + t * 1000,
  src: '10.0.1.11',
  dst: '10.0.2.10',
  srcPort: 40000 + t,
  dstPort,
  proto: 'tcp',
  signature: sig,
  classification: cls,
  priority: pri,
  source: 'snort',
});

const INCIDENT: Incident = {
  id: 'inc-1',
  family: 'brute-force',
  sources: ['10.0.1.11'],
  targets: ['10.0.2.10'],
  firstSeen: 1_700_000_000_000,
  lastSeen: 1_700_000_060_000,
  alerts: [
    ...Array.from({ length: 8 }, (_, i) =>
      alert(i, 'Attempted Administrator Privilege Gain', 1, 'Potential SSH brute force attack'),
    ),
    alert(9, 'Detection of a Network Scan', 3, 'ICMP ping sweep', 0),
  ],
  chainedFrom: [],
  falsePositive: false,
};

/** The world's truth: which action completes which stage (a stand-in for the twin, as data). */
const EFFECTS: Record<string, { stage: number; targets: (string | null)[] }> = {
  'block-ip': { stage: 0, targets: ['10.0.1.11'] },
  'isolate-host': { stage: 0, targets: ['10.0.2.10'] },
  'analyse-logs': { stage: 1, targets: [null] },
  'collect-evidence': { stage: 2, targets: ['10.0.2.10'] },
  'revoke-credentials': { stage: 3, targets: ['root@10.0.2.10'] },
  'reimage-host': { stage: 3, targets: ['10.0.2.10'] },
  'harden-ssh': { stage: 4, targets: ['10.0.2.10:22'] },
  'restore-service': { stage: 5, targets: ['10.0.2.10:80'] },
};

/** A small world: stages move false→true by the right action; the attacker alerts until contained. */
class ScenarioWorld implements WorldModel {
  stages: boolean[] = [false, false, false, false, false, false];
  t = 100;
  /** Actions done once cannot be repeated (a host is isolated once), except waiting and reading logs. */
  done = new Set<string>();
  validActions(): ResponseAction[] {
    return this.catalogueActions().filter((a) => !this.done.has(`${a.verb} ${a.target}`));
  }
  catalogueActions(): ResponseAction[] {
    const hosts = SCENARIO.hosts.map((h) => h.ip);
    const out: ResponseAction[] = [];
    for (const v of VERBS) {
      const targets =
        v.targetKind === 'none'
          ? [null]
          : v.targetKind === 'host'
            ? hosts
            : v.targetKind === 'account'
              ? ['root@10.0.2.10', 'admin@10.0.2.11']
              : ['10.0.2.10:22', '10.0.2.10:80', '10.0.2.11:5432'];
      for (const target of targets) out.push({ verb: v.id, target });
    }
    return out;
  }
  isValid(a: ResponseAction): boolean {
    return this.validActions().some((x) => x.verb === a.verb && x.target === a.target);
  }
  step(a: ResponseAction): StageBits {
    if (a.verb !== 'wait' && a.verb !== 'analyse-logs') this.done.add(`${a.verb} ${a.target}`);
    const e = EFFECTS[a.verb];
    if (e && e.targets.includes(a.target)) this.stages[e.stage] = true;
    return this.bits();
  }
  bits(): StageBits {
    const s = this.stages;
    return [!!s[0], !!s[1], !!s[2], !!s[3], !!s[4], !!s[5]];
  }
  observe(step: number, a: ResponseAction | null): Observation {
    const valid = a === null || this.isValid(a);
    if (a && valid) this.step(a);
    this.t += 10;
    const alerts = this.stages[0]
      ? []
      : [
          alert(
            this.t,
            'Attempted Administrator Privilege Gain',
            1,
            'Potential SSH brute force attack',
          ),
        ];
    const said = !a
      ? 'no action taken'
      : valid
        ? `${a.verb} on ${a.target ?? 'the network'} done`
        : `${a.verb} is not possible here`;
    const feedback = `${said} (FEEDBACK-${step})`;
    return { step, alerts, feedback, valid, done: this.stages.every(Boolean) };
  }
}

// ---------------------------------------------------------------- helpers

const dir = mkdtempSync(join(tmpdir(), 'rampart-ir-llm-'));
const tiny = join(dir, 'tiny-ir.gguf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID_KEYS = new Set(new ScenarioWorld().validActions().map((a) => `${a.verb} ${a.target}`));

/** An act decision names an action valid in `world` now, with six believed stage booleans. */
function expectValid(d: AgentDecision, world: ScenarioWorld): void {
  if (d.kind !== 'act') return;
  expect(world.isValid(d.action), `${d.action.verb} ${d.action.target}`).toBe(true);
  expect(d.believedStages).toHaveLength(6);
  for (const b of d.believedStages) expect(typeof b).toBe('boolean');
  // The one-shot baseline executes its plan's later steps without a call.
  expect(d.llmCalls).toBeGreaterThanOrEqual(0);
  expect(d.tokens).toBeGreaterThanOrEqual(d.llmCalls > 0 ? 1 : 0);
}

function freshContext(): IncidentContext {
  return {
    system: SCENARIO.system,
    hosts: SCENARIO.hosts,
    incident: INCIDENT,
    variants: SCENARIO.variants,
    verbs: VERBS,
    alerts: [...INCIDENT.alerts],
    history: [],
    believed: null,
    conjecture: null,
  };
}

/** Run `agent` for `steps` steps in a fresh world; returns the decisions and the prompts seen. */
async function runEpisode(agent: LlmResponseAgent, world: ScenarioWorld, steps: number) {
  const prompts: string[] = [];
  const perRole = new Map<
    string,
    { n: number; ms: number; prompt: number; reused: number; completion: number }
  >();
  agent.calls.onCall = (user, st) => {
    prompts.push(user);
    const r = perRole.get(st.role) ?? { n: 0, ms: 0, prompt: 0, reused: 0, completion: 0 };
    r.n++;
    r.ms += st.ms;
    r.prompt += st.promptTokens;
    r.reused += st.reusedTokens;
    r.completion += st.completionTokens;
    perRole.set(st.role, r);
  };
  await agent.start(INCIDENT, SCENARIO);
  const decisions: AgentDecision[] = [];
  const firstPrompt: number[] = [];
  let last: Observation | null = null;
  for (let i = 1; i <= steps; i++) {
    firstPrompt.push(prompts.length);
    const d = await agent.next(last);
    decisions.push(d);
    expectValid(d, world);
    last = world.observe(i, d.kind === 'act' ? d.action : null);
    if (last.done) break;
  }
  agent.calls.onCall = null;
  const roles = [...perRole].map(
    ([role, r]) =>
      `${role}: ${r.n} calls, ${(r.ms / r.n).toFixed(0)} ms, ${(r.prompt / r.n).toFixed(0)} prompt ` +
      `(${(r.reused / r.n).toFixed(0)} reused) + ${(r.completion / r.n).toFixed(0)} completion tokens per call`,
  );
  return { decisions, prompts, firstPrompt, roles };
}

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
