/** `training.study`'s regime fields: defaults, ranges and the test dataset rule, as the contract checks them. */
import { describe, expect, it } from 'vitest';
import { STUDY_LIMITS, validateRequest } from '../../src/shared/contract';
import { studyOptionsOf } from '../../src/main/app/training/studies';

const study = (extra: Record<string, unknown>) =>
  validateRequest('training.study', { datasetId: 1, ...extra });

describe('training.study arguments', () => {
  it("fills the defaults of rampart eval's regime", () => {
    expect(study({})).toEqual({
      datasetId: 1,
      testDatasetId: null,
      methods: ['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl'],
      seeds: 1,
      seed: 1,
      prevalence: 'release',
      maxDepth: null,
      minLeaf: null,
      lambda: null,
      split: 0.7,
      passes: 5,
    });
  });

  it('takes every field at the ends of its range', () => {
    const lo = study({
      testDatasetId: 2,
      methods: ['dl'],
      seeds: STUDY_LIMITS.seeds.min,
      prevalence: 'paper',
      maxDepth: STUDY_LIMITS.maxDepth.min,
      minLeaf: STUDY_LIMITS.minLeaf.min,
      lambda: STUDY_LIMITS.lambda.min,
      passes: STUDY_LIMITS.passes.min,
    });
    expect(lo).toMatchObject({ testDatasetId: 2, seeds: 1, maxDepth: 1, minLeaf: 1, lambda: 0 });
    const hi = study({
      seeds: STUDY_LIMITS.seeds.max,
      prevalence: 'data',
      maxDepth: STUDY_LIMITS.maxDepth.max,
      minLeaf: STUDY_LIMITS.minLeaf.max,
      lambda: STUDY_LIMITS.lambda.max,
      passes: STUDY_LIMITS.passes.max,
    });
    expect(hi).toMatchObject({ seeds: 10, prevalence: 'data', maxDepth: 64, lambda: 100 });
  });

  it.each([
    ['seeds', 0],
    ['seeds', 11],
    ['seeds', 2.5],
    ['maxDepth', 0],
    ['maxDepth', 65],
    ['maxDepth', 3.5],
    ['minLeaf', 0],
    ['lambda', -0.1],
    ['lambda', 101],
    ['split', 0],
    ['split', 1],
    ['passes', 0],
    ['passes', 21],
    ['prevalence', 'uniform'],
    ['methods', []],
    ['methods', ['ppo', 'ppo']],
    ['methods', ['sarsa']],
    ['testDatasetId', 0],
  ])('refuses %s = %j, naming the field', (field, value) => {
    expect(() => study({ [field]: value })).toThrow(new RegExp(field));
  });

  it('refuses the training dataset as its own test dataset, and unknown fields', () => {
    expect(() => study({ testDatasetId: 1 })).toThrow(/testDatasetId.*another dataset/);
    expect(() => study({ advisor: 'llm' })).toThrow(/advisor/);
  });

  it("maps onto rampart eval's study options (λ as the sweep's schedule, detector limits)", () => {
    const o = studyOptionsOf(study({ testDatasetId: 2, lambda: 0.05, maxDepth: 6, minLeaf: 30 }), {
      train: '#1 a',
      test: '#2 b',
    });
    expect(o).toMatchObject({
      data: ['#1 a'],
      test: ['#2 b'],
      tree: { maxDepth: 6, minSamplesLeaf: 30 },
      rl: { lambdaStart: 0.05, lambdaEnd: 0.05 },
    });
    expect(studyOptionsOf(study({}), { train: '#1 a', test: null })).toMatchObject({
      test: null,
      tree: {},
      rl: {},
    });
  });
});
