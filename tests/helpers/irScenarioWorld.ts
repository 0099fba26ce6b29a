/**
 * A small hand-written incident-response scenario world for the LLM response agent's tests (test
 * data: five hosts, a brute-force-then-webshell attack, nine verbs), not a product twin; and the
 * helpers that run an agent in it.
 */
import { expect } from 'vitest';
import type {
  IncidentContext,
  LlmResponseAgent,
  WorldModel,
} from '../../src/main/domain/ir/llmAgent';
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

export const VERBS: ResponseVerb[] = [
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

export const SCENARIO: Pick<ScenarioSpec, 'id' | 'hosts' | 'system' | 'variants'> = {
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

export const alert = (t: number, cls: string, pri: number, sig: string, dstPort = 22): IrAlert => ({
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

export const INCIDENT: Incident = {
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
export const EFFECTS: Record<string, { stage: number; targets: (string | null)[] }> = {
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
export class ScenarioWorld implements WorldModel {
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

export const VALID_KEYS = new Set(
  new ScenarioWorld().validActions().map((a) => `${a.verb} ${a.target}`),
);

/** An act decision names an action valid in `world` now, with six believed stage booleans. */
export function expectValid(d: AgentDecision, world: ScenarioWorld): void {
  if (d.kind !== 'act') return;
  expect(world.isValid(d.action), `${d.action.verb} ${d.action.target}`).toBe(true);
  expect(d.believedStages).toHaveLength(6);
  for (const b of d.believedStages) expect(typeof b).toBe('boolean');
  // The one-shot baseline executes its plan's later steps without a call.
  expect(d.llmCalls).toBeGreaterThanOrEqual(0);
  expect(d.tokens).toBeGreaterThanOrEqual(d.llmCalls > 0 ? 1 : 0);
}

export function freshContext(): IncidentContext {
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
export async function runEpisode(agent: LlmResponseAgent, world: ScenarioWorld, steps: number) {
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
