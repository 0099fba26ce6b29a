/** KG cycles resumed from a cancelled run's checkpoint: finished cycles are skipped, the rest run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { trainWithKgCycles } from '../../src/main/domain/eval/kgCycles';
import { prepareStudy, warmUpKg, type StudyData } from '../../src/main/domain/eval/prepare';
import { KgAdvisor } from '../../src/main/domain/kg';
import type { Advisor } from '../../src/main/domain/catalogue/types';
import { save, selectBackend, train } from '../../src/main/domain/rl';

let dir: string;
let d: StudyData;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kgcycles-'));
  const csv = join(dir, 'flows.csv');
  await writeDemoCsv(csv, { rows: 2000, seed: 3, mix: 'balanced' });
  await selectBackend('wasm');
  d = await prepareStudy([csv], 0.7, 1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rl = { seed: 1, rolloutSize: 64, minibatches: 2, updateEpochs: 2 };

describe('trainWithKgCycles with hooks.resume', () => {
  it('continues a run cancelled in its second cycle without redoing the first', async () => {
    const kg = warmUpKg(d, 1);
    const stop = new AbortController();
    const first = await trainWithKgCycles(d, 'ppo-kg', rl, 2, undefined, undefined, {
      kg,
      run: (set, method, cfg, resume, onProgress) =>
        train(set, method, cfg, onProgress, stop.signal, resume),
      onProgress: (p, cycle) => {
        if (cycle === 2 && p.episodes > d.train.size + 128) stop.abort();
      },
    });
    expect(first.result.status).toBe('cancelled');
    const paused = first.result.episodes;
    expect(paused).toBeGreaterThan(d.train.size);
    expect(paused).toBeLessThan(2 * d.train.size);
    const versionAtPause = kg.version;
    const checkpoint = save(first.result.policy);
    first.result.policy.dispose();

    const cycles = new Set<number>();
    const second = await trainWithKgCycles(d, 'ppo-kg', rl, 2, undefined, undefined, {
      kg,
      resume: checkpoint,
      onProgress: (_, cycle) => cycles.add(cycle),
    });
    expect([...cycles]).toEqual([2]);
    expect(second.result.status).toBe('completed');
    expect(second.result.episodes).toBe(Math.round(2 * d.train.size));
    expect(second.curve[0]!.episodes).toBeGreaterThan(paused);
    // One more KG update: the second cycle's replay (the first cycle's is not applied twice).
    expect(kg.version).toBe(versionAtPause + 1);
    second.result.policy.dispose();
  });
});

describe('trainWithKgCycles advice accounting', () => {
  it('counts the advice rounds and calls of training apart from the test advice', async () => {
    let calls = 0;
    const make = async (kg: ReturnType<typeof warmUpKg>): Promise<Advisor> => {
      const inner = new KgAdvisor(kg);
      return { kind: 'kg', advise: (q, s) => (calls++, inner.advise(q, s)) };
    };
    const r = await trainWithKgCycles(d, 'ppo-kg', rl, 3, make);
    // One round before the first cycle and one after each cycle but the last.
    expect(r.trainingAdvice.rounds).toBe(3);
    expect(r.trainingAdvice.calls).toBeGreaterThan(0);
    expect(r.trainingAdvice.calls + r.testAdvice.calls).toBe(calls);
    // Each round asks every distinct (predicted type, signature) of the training rows once.
    const distinct = new Set(
      Array.from(d.train.predicted, (p, i) => `${p}:${d.train.signature[i] ?? 0}`),
    ).size;
    expect(r.trainingAdvice.calls).toBe(3 * distinct);
    r.result.policy.dispose();
  });
});
