/**
 * A study from the Training screen inside the real app service (temp SQLite, worker thread):
 * trained on one loaded demo dataset and tested on another (a change of data source), over two
 * seeds, with a weaker detector, the paper's class mix and λ; the result carries the regime,
 * 95% intervals, paired tests against PPO and the review measures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type { StudyStatus } from '../../src/shared/contract';
import { callService, loadPaths } from '../helpers/service';

let dir: string;
let svc: AppService;
let trainId: number;
let testId: number;

/** The study's status once it has ended (from its progress events). */
function ended(studyId: string, timeoutMs = 240_000): Promise<StudyStatus> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      off();
      rej(new Error(`study ${studyId} did not end in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = svc.events.subscribe((event, payload) => {
      const s = payload as StudyStatus;
      if (event === 'training.studyProgress' && s.studyId === studyId && s.state !== 'running') {
        clearTimeout(timer);
        off();
        res(s);
      }
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-study-'));
  await writeDemoCsv(join(dir, 'train.csv'), { rows: 1500, seed: 5, mix: 'balanced' });
  await writeDemoCsv(join(dir, 'test.csv'), { rows: 800, seed: 9, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 0.2 },
  });
  const a = await loadPaths(svc, [join(dir, 'train.csv')]);
  const b = await loadPaths(svc, [join(dir, 'test.csv')]);
  if (!a.ok || !b.ok) throw new Error(`demo loads failed: ${a.error ?? ''} ${b.error ?? ''}`);
  const list = await callService(svc, 'datasets.list', {});
  trainId = list.find((d) => d.name.includes('train'))!.id;
  testId = list.find((d) => d.name.includes('test'))!.id;
}, 180_000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('training.study', () => {
  it('refuses the training dataset as its own test dataset, and a missing one', async () => {
    await expect(
      callService(svc, 'training.study', { datasetId: trainId, testDatasetId: trainId }),
    ).rejects.toThrow(/test dataset must be another dataset/);
    await expect(
      callService(svc, 'training.study', { datasetId: trainId, testDatasetId: 9999 }),
    ).rejects.toThrow(/test dataset 9999 does not exist/);
  });

  it('runs two seeds across two datasets and reports the regime, intervals and review', async () => {
    const started = await callService(svc, 'training.study', {
      datasetId: trainId,
      testDatasetId: testId,
      methods: ['ppo', 'ppo-kg-pt', 'llm-kg'],
      seeds: 2,
      seed: 3,
      prevalence: 'paper',
      maxDepth: 4,
      minLeaf: 20,
      lambda: 0.5,
      passes: 0.2,
    });
    expect(started.state).toBe('running');
    const done = await ended(started.studyId);
    expect(done.error).toBeNull();
    expect(done.state).toBe('completed');
    const r = done.result!;
    expect(r.regime).toMatchObject({
      train: [expect.stringMatching(new RegExp(`^#${trainId} `))],
      test: [expect.stringMatching(new RegExp(`^#${testId} `))],
      split: null,
      prevalence: 'paper',
      seeds: 2,
      seedList: [3, 4],
      maxDepth: 4,
      minLeaf: 20,
      lambdaStart: 0.5,
    });
    expect(r.advisor).toBe('kg');
    expect(Object.keys(r.methods).sort()).toEqual(['llm-kg', 'ppo', 'ppo-kg-pt']);
    for (const [name, m] of Object.entries(r.methods)) {
      // Two seeds: every mean comes with its 95% interval around it.
      const [lo, hi] = m.ci95!.avgReward;
      expect(lo).toBeLessThanOrEqual(m.avgReward + 1e-9);
      expect(hi).toBeGreaterThanOrEqual(m.avgReward - 1e-9);
      const [wlo, whi] = m.ci95!.avgRewardWeighted;
      expect(wlo).toBeLessThanOrEqual(m.avgRewardWeighted + 1e-9);
      expect(whi).toBeGreaterThanOrEqual(m.avgRewardWeighted - 1e-9);
      if (name === 'ppo') expect(m.vsPpo).toBeNull();
      else {
        expect(m.vsPpo!.avgReward.n).toBe(2);
        expect(m.vsPpo!.avgReward.meanDiff).toBeCloseTo(m.avgReward - r.methods.ppo!.avgReward, 9);
      }
      expect(m.review.aurc).toBeGreaterThanOrEqual(0);
      expect(m.review.ci95).not.toBeNull();
      expect(m.review.flaggedShare).toBeGreaterThanOrEqual(0);
      expect(m.review.flaggedShare).toBeLessThanOrEqual(1);
    }
    expect(r.detector.macroF1Ci95).not.toBeNull();
    expect(r.oracle.test.ci95).not.toBeNull();
    // The latest study answers training.studyStatus with the same result.
    const status = await callService(svc, 'training.studyStatus', {});
    expect(status?.studyId).toBe(started.studyId);
    expect(status?.result?.regime.seedList).toEqual([3, 4]);
  }, 300_000);
});
