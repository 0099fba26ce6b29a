import { describe, expect, it } from 'vitest';
import {
  isRecovered,
  latch,
  NO_STAGES,
  stageAgreement,
  STAGE_WEIGHTS,
  stepCost,
  weightedCost,
} from '../../src/main/domain/ir/core/recovery';
import { SCENARIOS, Twin } from '../../src/main/domain/ir/twin';
import type { StageBits } from '../../src/main/domain/ir/core/types';
import { VERBS, verb } from '../../src/main/domain/ir/core/verbs';

describe('recovery model', () => {
  it('latches: a done stage never goes back to false', () => {
    const a: StageBits = [true, false, false, true, false, false];
    expect(latch(a, [false, true, false, false, false, false])).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(isRecovered(latch(a, [true, true, true, true, true, true]))).toBe(true);
  });

  it('charges 6,5,4,3,2,1 per step for each unfinished stage, in STAGES order', () => {
    expect(STAGE_WEIGHTS).toEqual([6, 5, 4, 3, 2, 1]);
    expect(stepCost(NO_STAGES)).toBe(21);
    expect(stepCost([true, false, false, false, false, false])).toBe(15);
    expect(stepCost([true, true, true, true, true, false])).toBe(1);
    expect(weightedCost([NO_STAGES, [true, true, false, false, false, false]])).toBe(21 + 10);
    expect(stageAgreement(NO_STAGES, [true, false, false, false, false, false])).toBeCloseTo(5 / 6);
  });

  it('keeps every twin stage monotone under any sequence of actions', () => {
    for (const m of SCENARIOS) {
      const twin = new Twin(m.spec, { seed: 3 });
      const all = twin.validActions();
      let prev = twin.stages;
      for (let i = 0; i < 60; i++) {
        twin.step(all[(i * 7919) % all.length]!);
        prev.forEach((b, s) => {
          if (b) expect(twin.stages[s]).toBe(true);
        });
        prev = twin.stages;
      }
    }
  });
});

describe('response verbs', () => {
  it('has about thirty typed verbs with costs from monitor 0 to reimage 30', () => {
    expect(VERBS.length).toBeGreaterThanOrEqual(28);
    expect(new Set(VERBS.map((v) => v.id)).size).toBe(VERBS.length);
    expect(verb('monitor')?.cost).toBe(0);
    expect(verb('reimage-host')?.cost).toBe(30);
    expect(verb('isolate-host')?.cost).toBe(10);
    expect(verb('rotate-credentials')?.cost).toBe(3);
    for (const v of VERBS) expect(v.cost).toBeGreaterThanOrEqual(0);
  });
});
