import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/domain/random';
import { bestAction, loadCatalogue, reward } from '../../src/main/domain/catalogue/catalogue';
import { BanditEnv, EpisodeSampler } from '../../src/main/domain/rl/env';
import { explainedVariance, lambdaAt } from '../../src/main/domain/rl/ppo';
import { DEFAULT_RL_CONFIG, resolveConfig } from '../../src/main/domain/rl/config';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';

const cat = loadCatalogue();
const classNames = ['Benign', 'PortScan', 'DoS', 'SSH-Patator', 'Web', 'Infiltration'];

describe('BanditEnv', () => {
  it('steps a whole batch exactly like a plain loop over the catalogue reward rule', () => {
    const set = syntheticAlertSet({ rows: 5000, classNames, seed: 3 });
    const env = new BanditEnv(set);
    const rand = mulberry32(11);
    const indices = Uint32Array.from({ length: 4000 }, () => Math.floor(rand() * set.size));
    const actions = Int32Array.from({ length: 4000 }, () => Math.floor(rand() * 15));
    const batch = env.step(indices, actions);
    for (let k = 0; k < indices.length; k++) {
      const cls = classNames[set.trueClass[indices[k]!]!]!;
      expect(batch[k]).toBe(reward(cat, cls, actions[k]!));
    }
  });

  it('rejects actions outside the catalogue', () => {
    const env = new BanditEnv(syntheticAlertSet({ rows: 10 }));
    expect(() => env.step([0], [15])).toThrow(RangeError);
  });

  it("knows each class's best action and every row's optimal reward", () => {
    const set = syntheticAlertSet({ rows: 200, classNames });
    const env = new BanditEnv(set);
    expect([...env.bestActions()]).toEqual(classNames.map((c) => bestAction(cat, c)));
    expect([...env.optimal([0, 1, 2])]).toEqual([5, 5, 5]);
  });
});

describe('EpisodeSampler', () => {
  it('visits every row exactly once per pass, in a seeded order', () => {
    const s = new EpisodeSampler(100, mulberry32(1));
    const pass1 = [...s.next(100)].sort((a, b) => a - b);
    const pass2 = [...s.next(100)].sort((a, b) => a - b);
    expect(pass1).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(pass2).toEqual(pass1);
    expect([...new EpisodeSampler(100, mulberry32(1)).next(50)]).toEqual([
      ...new EpisodeSampler(100, mulberry32(1)).next(50),
    ]);
  });
});

describe('PPO helpers', () => {
  it('anneals λ linearly from lambdaStart to lambdaEnd', () => {
    const c = resolveConfig({ lambdaStart: 1, lambdaEnd: 0.1 });
    expect(lambdaAt(c, 0)).toBe(1);
    expect(lambdaAt(c, 0.5)).toBeCloseTo(0.55);
    expect(lambdaAt(c, 1)).toBeCloseTo(0.1);
    expect(lambdaAt(c, 2)).toBeCloseTo(0.1);
  });

  it('explained variance: 1 for perfect values, 0 for the mean', () => {
    const r = Float32Array.from([1, 2, 3, 4]);
    expect(explainedVariance(r, r)).toBeCloseTo(1);
    expect(explainedVariance(new Float32Array(4).fill(2.5), r)).toBeCloseTo(0);
  });

  it('checks the config', () => {
    expect(resolveConfig()).toEqual({ ...DEFAULT_RL_CONFIG, hidden: [64, 64] });
    expect(() => resolveConfig({ rolloutSize: 100, minibatches: 3 })).toThrow(/multiple/);
    expect(() => resolveConfig({ learningRate: 0 })).toThrow(/learningRate/);
  });
});
