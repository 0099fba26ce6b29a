import { describe, expect, it } from 'vitest';
import { makeAgent, publicScenario, TwinPlannerAgent } from '../../src/main/ir/agents';
import { openingIncident, runIrEval } from '../../src/main/ir/eval';
import { decoyScenarioIds, scenarioModel, SCENARIOS, Twin } from '../../src/main/ir/twin';

const SEEDS = 3;

describe('response agents on the twin scenarios', () => {
  it('the twin planner recovers within 1.2 × T* with ≥ 95% success on every scenario and variant', async () => {
    const r = await runIrEval({
      agents: ['twin-planner'],
      scenarios: [],
      seeds: SEEDS,
      allVariants: true,
    });
    const cases = SCENARIOS.reduce((n, m) => n + m.spec.variants.length, 0);
    expect(Object.keys(r.scenarios)).toHaveLength(cases);
    for (const [id, s] of Object.entries(r.scenarios)) {
      const a = s.agents['twin-planner']!;
      expect(a.successRate, id).toBeGreaterThanOrEqual(0.95);
      expect(a.meanSteps / s.optimalSteps, id).toBeLessThanOrEqual(1.2);
      expect(a.invalidActions, id).toBe(0);
      expect(a.conjectureAccuracy, id).toBe(1);
      expect(a.llmCallsPerStep).toBe(0);
    }
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
