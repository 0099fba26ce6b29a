import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAFFIC_CLASSES } from '../../src/shared/classes';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { runStudy } from '../../src/main/domain/eval/study';
import { LlmAdvisor, ModelManager } from '../../src/main/domain/llm';
import { writeTinyGguf } from '../helpers/tinyGguf';

let dir: string;
let csv: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-study-'));
  csv = join(dir, 'flows.csv');
  await writeDemoCsv(csv, { rows: 4000, seed: 11, mix: 'balanced' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Small budgets keep this a smoke test of the whole protocol; the real numbers come from `rampart eval`.
const rl = { dlEpochs: 3, bcEpochs: 2 };

describe('the study (synthetic flows, KG advisor)', () => {
  it('trains methods in parallel worker threads with the same results as one after another', async () => {
    const base = { data: [csv], passes: 1, rl, backend: 'fast' as const };
    const methods = ['ppo', 'ppo-kg-pt', 'dl'] as const;
    const serial = await runStudy({ ...base, methods: [...methods], jobs: 1 });
    const lines: string[] = [];
    const parallel = await runStudy({ ...base, methods: [...methods], jobs: 2 }, (l) =>
      lines.push(l),
    );
    expect(lines.some((l) => /3 methods, 2 at a time in worker threads/.test(l))).toBe(true);
    for (const m of methods) {
      expect(parallel.methods[m]!.avgReward, m).toBe(serial.methods[m]!.avgReward);
      expect(parallel.methods[m]!.episodes, m).toBe(serial.methods[m]!.episodes);
      expect(parallel.methods[m]!.curve, m).toEqual(serial.methods[m]!.curve);
    }
  }, 180_000);

  it('reports every method with the keys the issue names, against the oracle', async () => {
    const r = await runStudy({ data: [csv], passes: 1, rl, backend: 'wasm' });
    expect(r.advisor).toBe('kg');
    expect(Object.keys(r.methods)).toEqual(['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl']);
    for (const m of Object.values(r.methods)) {
      for (const k of [
        'avgReward',
        'avgRewardWeighted',
        'perClass',
        'correctWhenRight',
        'correctWhenWrong',
        'episodesToNearOracle',
        'latencyMs',
      ])
        expect(m).toHaveProperty(k);
      expect(Object.keys(m!.perClass).sort()).toEqual([...TRAFFIC_CLASSES].sort());
      expect(m!.avgReward).toBeGreaterThanOrEqual(-5);
      expect(m!.avgReward).toBeLessThanOrEqual(5);
    }
    for (const split of ['train', 'test'] as const)
      for (const k of ['avgReward', 'avgRewardWeighted', 'perClass'])
        expect(r.oracle[split]).toHaveProperty(k);
    // The oracle fitted on the test split is the best any fixed per-signature rule can do there.
    for (const m of Object.values(r.methods))
      expect(m!.avgRewardFlows).toBeLessThanOrEqual(r.oracle.test.avgRewardFlows + 1e-9);
    // The KG advisor maximises expected reward under each signature's training class mix: it is the train-split oracle.
    expect(r.methods['llm-kg']!.avgRewardFlows).toBeCloseTo(r.oracle.train.avgRewardFlows, 10);
    expect(r.kg.nodes).toBeGreaterThan(8 + 15);
  });
});

describe('the study with the LLM advisor (real node-llama-cpp, generated tiny GGUF)', () => {
  it('advises through the model and labels the report as LLM', async () => {
    const gguf = join(dir, 'tiny.gguf');
    await writeTinyGguf(gguf);
    const manager = new ModelManager({ gpu: false });
    try {
      const state = await manager.load({ modelPath: gguf, threads: 1, contextSize: 2048 });
      expect(state.status).toBe('loaded');
      const r = await runStudy({
        data: [csv],
        methods: ['llm-kg'],
        passes: 1,
        rl,
        backend: 'wasm',
        makeAdvisor: async (kg, cat) => new LlmAdvisor(manager, cat, kg),
      });
      expect(r.advisor).toBe('llm');
      expect(r.advice.calls).toBeGreaterThan(8);
      const m = r.methods['llm-kg']!;
      expect(Object.keys(m.perClass)).toHaveLength(8);
      expect(m.avgRewardFlows).toBeLessThanOrEqual(r.oracle.test.avgRewardFlows + 1e-9);
    } finally {
      await manager.dispose();
    }
  });
});
