/**
 * The KG cycles are one run (the fidelity bugs): λ falls once across every cycle, each
 * signature's N grows across cycles as its flows arrive, and the KG is rebuilt from the episodes
 * the cycle's rollouts actually took.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { trainWithKgCycles } from '../../src/main/domain/eval/kgCycles';
import { prepareStudy, warmUpKg, type StudyData } from '../../src/main/domain/eval/prepare';
import type { KnowledgeGraph } from '../../src/main/domain/kg';
import {
  DEFAULT_RL_CONFIG,
  selectBackend,
  train,
  type AlertSet,
  type TrainResult,
} from '../../src/main/domain/rl';

let dir: string;
let d: StudyData;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kgfidelity-'));
  const csv = join(dir, 'flows.csv');
  await writeDemoCsv(csv, { rows: 1500, seed: 5, mix: 'balanced' });
  await selectBackend('wasm');
  d = await prepareStudy([csv], 0.7, 2);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rl = { seed: 2, rolloutSize: 64, minibatches: 2, updateEpochs: 1, hidden: [16] };

/** Reward edges' total count and summed reward. */
function rewardTotals(kg: KnowledgeGraph): { count: number; reward: number } {
  let count = 0;
  let reward = 0;
  kg.graph.forEachEdge((_k, a) => {
    if (a.kind !== 'reward') return;
    count += a.count;
    reward += a.cumulativeReward;
  });
  return { count, reward };
}

describe('trainWithKgCycles fidelity', () => {
  it('anneals λ once over all cycles: non-increasing, from lambdaStart to near lambdaEnd', async () => {
    const { lambdaStart, lambdaEnd } = DEFAULT_RL_CONFIG;
    const lambdas: number[] = [];
    const episodes: number[] = [];
    const cycles: number[] = [];
    const r = await trainWithKgCycles(d, 'ppo-kg', rl, 3, undefined, undefined, {
      onProgress: (p, cycle) => {
        if (p.phase !== 'rl') return;
        lambdas.push(p.lambda);
        episodes.push(p.episodes);
        cycles.push(cycle);
      },
    });
    expect(new Set(cycles)).toEqual(new Set([1, 2, 3]));
    expect(lambdas[0]).toBeCloseTo(lambdaStart, 6);
    for (let k = 1; k < lambdas.length; k++)
      expect(lambdas[k], `update ${k} (cycle ${cycles[k]})`).toBeLessThanOrEqual(lambdas[k - 1]!);
    // Each update's λ is the linear schedule at the episodes done before it, out of all 3 passes.
    const total = 3 * d.train.size;
    lambdas.forEach((l, k) =>
      expect(l, `update ${k}`).toBeCloseTo(
        lambdaStart + (lambdaEnd - lambdaStart) * ((k === 0 ? 0 : episodes[k - 1]!) / total),
        6,
      ),
    );
    expect(lambdas.at(-1)! - lambdaEnd).toBeLessThan(
      (lambdaStart - lambdaEnd) * (64 / total) + 1e-9,
    );
    r.result.policy.dispose();
  });

  it('rebuilds the KG from the cycle’s own rollouts; N grows across cycles', async () => {
    const kg = warmUpKg(d, 2);
    const before: { count: number; reward: number }[] = [];
    const sets: AlertSet[] = [];
    const results: TrainResult[] = [];
    const r = await trainWithKgCycles(d, 'ppo-kg', rl, 1.5, undefined, undefined, {
      kg,
      run: async (set, method, cfg, resume, onProgress, signal) => {
        before.push(rewardTotals(kg));
        sets.push(set);
        const out = await train(set, method, cfg, onProgress, signal, resume);
        results.push(out);
        return out;
      },
    });
    before.push(rewardTotals(kg));
    expect(sets).toHaveLength(2);
    const rows = d.train.size;
    const perCycle = [rows, Math.round(1.5 * rows) - rows];
    for (const c of [0, 1]) {
      const added = {
        count: before[c + 1]!.count - before[c]!.count,
        reward: before[c + 1]!.reward - before[c]!.reward,
      };
      // The rollouts' rewards, from the learning curve (mean reward × episodes per update).
      const curve = results[c]!.curve;
      let rolloutSum = 0;
      let prev = c === 0 ? 0 : rows;
      for (const p of curve) {
        rolloutSum += p.meanReward * (p.episodes - prev);
        prev = p.episodes;
      }
      expect(added.count, `cycle ${c + 1}`).toBe(perCycle[c]);
      expect(added.reward, `cycle ${c + 1}`).toBeCloseTo(rolloutSum, 1);
    }
    // The second cycle's states start from the detector's N plus the first pass's flows.
    const first = sets[0]!;
    const second = sets[1]!;
    const flows = new Map<number, number>();
    for (let i = 0; i < rows; i++)
      flows.set(first.signature[i]!, (flows.get(first.signature[i]!) ?? 0) + 1);
    for (let i = 0; i < rows; i++) {
      expect(first.n[i]).toBe(d.train.n[i]);
      expect(second.n[i]).toBe(d.train.n[i]! + flows.get(first.signature[i]!)!);
    }
    for (const [sig, k] of flows)
      expect(r.counts.nOf(sig)).toBe(
        d.train.n[d.train.signature.indexOf(sig)]! +
          k +
          results[1]!.trajectory!.rows.filter((i) => first.signature[i] === sig).length,
      );
    r.result.policy.dispose();
  });
});
