import { describe, expect, it } from 'vitest';
import { makeAgent, publicScenario, TwinPlannerAgent } from '../../src/main/domain/ir/agents';
import { openingIncident, runIrEval } from '../../src/main/domain/ir/eval';
import { actionKey } from '../../src/main/domain/ir/core/verbs';
import {
  decoyScenarioIds,
  hardScenarioIds,
  scenarioModel,
  SCENARIOS,
  Twin,
} from '../../src/main/domain/ir/twin';

const SEEDS = 3;

describe('response agents on the twin scenarios', () => {
  it('the twin planner recovers within 1.2 × T* with ≥ 95% success on every scenario', async () => {
    const r = await runIrEval({ agents: ['twin-planner'], scenarios: [], seeds: SEEDS });
    expect(Object.keys(r.scenarios)).toHaveLength(SCENARIOS.length);
    for (const [id, s] of Object.entries(r.scenarios)) {
      const a = s.agents['twin-planner']!;
      expect(a.successRate, id).toBeGreaterThanOrEqual(0.95);
      expect(a.meanSteps / s.optimalSteps, id).toBeLessThanOrEqual(1.2);
      expect(a.invalidActions, id).toBe(0);
      expect(a.conjectureAccuracy, id).toBe(1);
      expect(a.llmCallsPerStep).toBe(0);
    }
  });

  it('with any variant as the truth it stays within 1.2 × T*, except where finding out costs more (hard scenarios)', async () => {
    const hard = new Set(hardScenarioIds());
    const r = await runIrEval({
      agents: ['twin-planner', 'lookahead-no-refinement'],
      scenarios: [],
      seeds: SEEDS,
      allVariants: true,
    });
    const cases = SCENARIOS.reduce((n, m) => n + m.spec.variants.length, 0);
    expect(Object.keys(r.scenarios)).toHaveLength(cases);
    let hardPlanner = 0;
    let hardBaseline = 0;
    for (const [id, s] of Object.entries(r.scenarios)) {
      const a = s.agents['twin-planner']!;
      expect(a.successRate, id).toBeGreaterThanOrEqual(0.95);
      expect(a.invalidActions, id).toBe(0);
      expect(a.conjectureAccuracy, id).toBe(1);
      const ratio = a.meanSteps / s.optimalSteps;
      if (!hard.has(id.split(':')[0]!)) {
        expect(ratio, id).toBeLessThanOrEqual(1.2);
        continue;
      }
      // A 4-step decoy whose variants share no telling evidence pays at least one step to find out.
      expect(ratio, id).toBeLessThanOrEqual(1.6);
      hardPlanner += ratio;
      hardBaseline += s.agents['lookahead-no-refinement']!.meanSteps / s.optimalSteps;
    }
    expect(hardPlanner).toBeLessThan(0.75 * hardBaseline);
  });

  it('refinement beats look-ahead without refinement on every decoy scenario', async () => {
    const ids = decoyScenarioIds();
    expect(ids.length).toBeGreaterThanOrEqual(8);
    const r = await runIrEval({
      agents: ['twin-planner', 'lookahead-no-refinement'],
      scenarios: ids,
      seeds: SEEDS,
    });
    for (const id of ids) {
      const s = r.scenarios[id]!.agents;
      expect(s['twin-planner']!.meanSteps, id).toBeLessThan(
        s['lookahead-no-refinement']!.meanSteps,
      );
    }
    expect(r.agents['twin-planner']!.conjectureAccuracy).toBeGreaterThan(
      r.agents['lookahead-no-refinement']!.conjectureAccuracy!,
    );
  });

  it('belief-keeping rollouts and the belief search value telling evidence and never predict fewer steps than the clairvoyant bound', async () => {
    const spec = scenarioModel('hard-beacon').spec;
    const obs = new Twin(spec, { seed: 1 }).initialObservation();
    const decide = async (cfg: { beliefRollouts?: boolean; searchDepth?: number }) => {
      const agent = new TwinPlannerAgent(1, cfg);
      await agent.start(openingIncident(spec, obs), publicScenario(spec));
      const d = await agent.next(obs);
      if (d.kind !== 'act') throw new Error('unexpected abstention');
      return {
        chosen: actionKey(d.action),
        steps: new Map(d.candidates.map((c) => [actionKey(c.action), c.predictedSteps])),
      };
    };
    const clairvoyant = await decide({});
    // Only the Cobalt Strike variant's plan takes a memory image, and it tells all three apart.
    const memory = 'collect-memory 192.168.10.9';
    expect(clairvoyant.steps.has(memory)).toBe(false);
    for (const cfg of [{ beliefRollouts: true }, { searchDepth: 2 }]) {
      const informed = await decide(cfg);
      expect(informed.steps.has(memory), JSON.stringify(cfg)).toBe(true);
      let shared = 0;
      for (const [key, steps] of clairvoyant.steps) {
        const b = informed.steps.get(key);
        if (b === undefined) continue;
        shared++;
        expect(b, key).toBeGreaterThan(steps);
      }
      expect(shared).toBeGreaterThan(0);
    }
    // Two steps deep, learning the variant first is worth its step: the search takes the memory image.
    expect((await decide({ searchDepth: 2 })).chosen).toBe(memory);
  });

  it('abstains when the rollouts disagree beyond the threshold (off by default)', async () => {
    const spec = scenarioModel('esorics-four-servers').spec;
    const twin = new Twin(spec, { seed: 1 });
    const obs = twin.initialObservation();
    const cautious = new TwinPlannerAgent(1, { abstainSpread: 0 });
    await cautious.start(openingIncident(spec, obs), publicScenario(spec));
    const d = await cautious.next(obs);
    expect(d.kind).toBe('abstain');
    const bold = makeAgent('twin-planner', spec, 1);
    await bold.start(openingIncident(spec, obs), publicScenario(spec));
    expect((await bold.next(obs)).kind).toBe('act');
  });

  it('forms a conjecture with scores that sum to one and evidence for and against', async () => {
    const spec = scenarioModel('esorics-five-servers').spec;
    const twin = new Twin(spec, { seed: 2 });
    let obs = twin.initialObservation();
    const agent = makeAgent('twin-planner', spec, 2);
    await agent.start(openingIncident(spec, obs), publicScenario(spec));
    let last = null;
    for (let i = 0; i < 6; i++) {
      const d = await agent.next(obs);
      if (d.kind !== 'act') throw new Error('unexpected abstention');
      last = d.conjecture!;
      obs = twin.step(d.action);
    }
    expect(Object.values(last!.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(last!.variant).toBe('diag-pivot');
    expect(last!.evidenceFor.length).toBeGreaterThan(0);
  });
});
