import { describe, expect, it } from 'vitest';
import { AGENTS, makeAgent, publicScenario } from '../../src/main/domain/ir/agents';
import { openingIncident, runEpisode } from '../../src/main/domain/ir/eval';
import {
  optimalSteps,
  remainingPlan,
  scenarioModel,
  SCENARIOS,
  Twin,
} from '../../src/main/domain/ir/twin';
import type { ResponseAction } from '../../src/main/domain/ir/core/types';
import { actionKey, parseActionKey } from '../../src/main/domain/ir/core/verbs';

const bf = scenarioModel('cic-bruteforce').spec;

describe('twin', () => {
  it('is deterministic: the same seed and actions give the same observations', () => {
    for (const m of SCENARIOS) {
      const plan = optimalSteps(m.spec).plan;
      const run = (seed: number) => {
        const t = new Twin(m.spec, { seed });
        return [t.initialObservation(), ...plan.map((a) => t.step(a))];
      };
      expect(run(7)).toEqual(run(7));
      expect(JSON.stringify(run(7))).not.toEqual(JSON.stringify(run(8)));
    }
  });

  it('charges a step for a wrong action and one for an invalid action', () => {
    const t = new Twin(bf, { seed: 1 });
    const o1 = t.step({ verb: 'isolate-host', target: '192.168.10.1' });
    expect(o1.valid).toBe(true);
    const o2 = t.step({ verb: 'teleport', target: 'nowhere' });
    expect(o2.valid).toBe(false);
    expect(t.steps).toBe(2);
    expect(t.stages.some(Boolean)).toBe(false);
    expect(t.steps + remainingPlan(t)!.length).toBe(optimalSteps(bf).steps + 2);
  });

  it('keeps emitting the attacker’s alerts until the action that stops them', () => {
    const t = new Twin(bf, { seed: 2 });
    const before = t.step({ verb: 'monitor', target: null });
    expect(before.alerts.some((a) => a.src === '172.16.0.1')).toBe(true);
    t.step({ verb: 'block-endpoint', target: '172.16.0.1' });
    for (let i = 0; i < 3; i++)
      expect(
        t.step({ verb: 'monitor', target: null }).alerts.some((a) => a.src === '172.16.0.1'),
      ).toBe(false);
  });

  it('breaks restoration while a critical host is isolated, until it is reconnected', () => {
    const t = new Twin(bf, { seed: 1 });
    t.step({ verb: 'isolate-host', target: '192.168.10.50' });
    const plan = remainingPlan(t)!;
    expect(plan).toContain('reconnect-host 192.168.10.50');
    for (const k of plan) t.step(parseActionKey(k));
    expect(t.done).toBe(true);
  });

  it('loses the evidence when a host is reimaged before it is collected', () => {
    const spec = scenarioModel('cic-web').spec;
    const t = new Twin(spec, { seed: 1 });
    t.step({ verb: 'reimage-host', target: '192.168.10.50' });
    expect(remainingPlan(t)).toBeNull();
  });

  it('T* plans recover in exactly T* steps for every scenario and variant', () => {
    for (const m of SCENARIOS)
      for (const v of m.spec.variants) {
        const { steps, plan } = optimalSteps(m.spec, v.id);
        const t = new Twin(m.spec, { variant: v.id, seed: 5 });
        plan.forEach((a, i) => {
          expect(t.done).toBe(false);
          t.step(a);
          if (i < plan.length - 1) expect(t.done).toBe(false);
        });
        expect(t.done, `${m.spec.id}/${v.id}`).toBe(true);
        expect(steps).toBe(plan.length);
      }
  });

  it('T* matches a breadth-first search over the relevant actions (small scenarios)', () => {
    for (const id of ['cic-bruteforce', 'cic-dos', 'cic-heartbleed', 'cic-portscan']) {
      const m = scenarioModel(id);
      for (const v of m.spec.variants) {
        const relevant = new Set<string>();
        for (const reqs of Object.values(m.variants[v.id]!.requirements))
          for (const r of reqs) for (const alt of r.anyOf) alt.forEach((k) => relevant.add(k));
        const actions: ResponseAction[] = [...relevant].map(parseActionKey);
        let frontier = [new Twin(m.spec, { variant: v.id, seed: 0 })];
        const seen = new Set<string>();
        let depth = 0;
        while (!frontier.some((t) => t.done)) {
          depth++;
          const next: Twin[] = [];
          for (const t of frontier)
            for (const a of actions) {
              const c = t.clone();
              c.step(a);
              const key = [...c.facts].sort().join(',') + c.stages.join('');
              if (!seen.has(key)) {
                seen.add(key);
                next.push(c);
              }
            }
          frontier = next;
        }
        expect(depth, `${id}/${v.id}`).toBe(optimalSteps(m.spec, v.id).steps);
      }
    }
  });

  it('the optimal agent takes exactly T* steps and no agent beats it', async () => {
    for (const m of SCENARIOS) {
      const tStar = optimalSteps(m.spec).steps;
      for (const name of AGENTS) {
        const r = await runEpisode(m.spec, name, 1);
        if (name === 'optimal') {
          expect(r.steps).toBe(tStar);
          expect(r.unnecessaryActions).toBe(0);
        }
        expect(r.steps, `${m.spec.id}/${name}`).toBeGreaterThanOrEqual(tStar);
      }
    }
  });

  it('agents get the public view only (no true variant)', async () => {
    const t = new Twin(bf, { seed: 1 });
    const view = publicScenario(bf);
    expect(Object.keys(view)).not.toContain('trueVariant');
    const agent = makeAgent('twin-planner', bf, 1);
    await agent.start(openingIncident(bf, t.initialObservation()), view);
    const d = await agent.next(t.initialObservation());
    expect(d.kind).toBe('act');
    if (d.kind === 'act') expect(actionKey(d.action)).toBe('collect-logs 192.168.10.50');
  });
});
