/** The bounded protocol of slow (LLM) agents: episodes stop at ⌈budget·T*⌉ steps, counted as failed. */
import { describe, expect, it } from 'vitest';
import { runIrEval, stepCap } from '../../src/main/domain/ir/eval';

describe('ir-eval step budget', () => {
  it('is the smaller of the cap and the budget', () => {
    expect(stepCap(10)).toBe(40);
    expect(stepCap(10, 1.2)).toBe(12);
    expect(stepCap(9, 1.2)).toBe(11);
    expect(stepCap(3, 100)).toBe(19);
  });

  it('stops a failing agent at the budget and counts the budget as its steps', async () => {
    const r = await runIrEval({
      agents: ['random', 'optimal'],
      scenarios: ['cic-bruteforce'],
      seeds: 2,
      stepBudget: 1.5,
    });
    const s = r.scenarios['cic-bruteforce']!;
    expect(r.config.stepCap).toBe('min(3·T* + 10, ⌈1.5·T*⌉)');
    const budget = Math.ceil(1.5 * s.optimalSteps);
    // The random agent does not recover within 1.5·T* here; its failed runs count the budget.
    expect(s.agents.random!.successRate).toBe(0);
    expect(s.agents.random!.meanSteps).toBe(budget);
    expect(s.agents.random!.stepsOverOptimal).toBeLessThanOrEqual(1.5);
    // The optimum is untouched by a budget above T*.
    expect(s.agents.optimal!.successRate).toBe(1);
    expect(s.agents.optimal!.meanSteps).toBe(s.optimalSteps);
    expect(s.agents.optimal!.wallMsPerStep).toBeGreaterThanOrEqual(0);
  });
});
