/**
 * The study's regimes on small real samples of ../shared/data/cicids2017 (skipped when absent):
 * a split of the improved format and a change of data source (improved → original format), over
 * two seeds with the paper's Table I class mix.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weightedMean } from '../../src/main/domain/eval/regime';
import { runStudy, type StudyReport } from '../../src/main/domain/eval/study';

const dataDir = fileURLToPath(new URL('../../../shared/data/cicids2017', import.meta.url));
const present = existsSync(dataDir);
if (!present)
  console.log(`eval-regimes: ${dataDir} not found, skipping the real-data regime tests`);

/** Header plus every `step`-th data line, at most `cap` of them. */
function sample(src: string, dst: string, step: number, cap: number): string {
  const lines = readFileSync(src, 'utf8').split('\n');
  const body = lines.slice(1).filter((l) => l.trim() !== '');
  const picked = body.filter((_, i) => i % step === 0).slice(0, cap);
  writeFileSync(dst, [lines[0], ...picked].join('\n') + '\n');
  return dst;
}

// Small budgets: this checks the regimes' bookkeeping, not the methods' real numbers.
const rl = { dlEpochs: 2, bcEpochs: 1 };
const base = { passes: 1, rl, backend: 'wasm' as const, seeds: 2, prevalence: 'paper' as const };

let dir: string;
let improved: string[];
let original: string[];
let split: StudyReport;
let cross: StudyReport;
beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'rampart-regimes-'));
  const imp = join(dataDir, 'improved-rnd5000');
  improved = readdirSync(imp)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => sample(join(imp, f), join(dir, `imp-${f}`), 1, 80));
  const orig = join(dataDir, 'original');
  original = [
    sample(join(orig, 'grouped-kmeans-sample.csv'), join(dir, 'orig-grouped.csv'), 8, 1000),
    sample(join(orig, 'thursday-webattacks-sample.csv'), join(dir, 'orig-thu.csv'), 20, 1000),
  ];
  const methods = ['ppo' as const, 'ppo-kg-pt' as const, 'llm-kg' as const];
  split = await runStudy({ ...base, data: improved, methods, lambdaSweep: [0, 1] });
  cross = await runStudy({ ...base, data: improved, test: original, methods, online: true });
}, 600_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(!present)('evaluation regimes on real CIC-IDS2017 samples', () => {
  it('states the regime', () => {
    expect(split.regime).toMatchObject({
      train: improved,
      test: null,
      split: 0.7,
      prevalence: 'paper',
      seeds: 2,
      seedList: [1, 2],
      maxDepth: null,
    });
    expect(cross.regime).toMatchObject({ train: improved, test: original, split: null });
    expect(cross.regime.prevalenceSource).toMatch(/cicids2017-paper/);
  });

  it('reports every average as the mean over seeds with a 95% interval around it', () => {
    for (const r of [split, cross])
      for (const m of Object.values(r.methods)) {
        expect(m!.perSeed.map((s) => s.seed)).toEqual([1, 2]);
        for (const k of ['avgReward', 'avgRewardWeighted'] as const) {
          expect(m![k]).toBeCloseTo(mean(m!.perSeed.map((s) => s[k])), 10);
          const [lo, hi] = m!.ci95![k];
          expect(lo).toBeLessThanOrEqual(m![k] + 1e-12);
          expect(hi).toBeGreaterThanOrEqual(m![k] - 1e-12);
        }
      }
  });

  it('tests each method against PPO, paired by seed', () => {
    for (const r of [split, cross]) {
      expect(r.methods.ppo!.vsPpo).toBeUndefined();
      const ppo = r.methods.ppo!.perSeed.map((s) => s.avgReward);
      for (const name of ['ppo-kg-pt', 'llm-kg'] as const) {
        const m = r.methods[name]!;
        const diff = mean(m.perSeed.map((s, i) => s.avgReward - ppo[i]!));
        expect(m.vsPpo!.avgReward.meanDiff).toBeCloseTo(diff, 10);
        expect(m.vsPpo!.avgReward.n).toBe(2);
        expect(m.vsPpo!.avgReward.p).toBeGreaterThanOrEqual(0);
        expect(m.vsPpo!.avgReward.p).toBeLessThanOrEqual(1);
      }
    }
  });

  it("weights the per-class rewards by the paper's Table I mix", () => {
    const sets = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../resources/prevalence.json', import.meta.url)),
        'utf8',
      ),
    ) as { sets: Record<string, Record<string, number>> };
    const paper = sets.sets['cicids2017-paper']!;
    // The test files are the same for both seeds, so the mean of the weighted averages is the
    // weighted average of the mean per-class rewards.
    for (const m of Object.values(cross.methods)) {
      expect(m!.avgRewardWeighted).toBeCloseTo(weightedMean(m!.perClass, paper), 10);
      expect(m!.avgRewardByMix.paper).toBeCloseTo(m!.avgRewardWeighted, 10);
      expect(m!.avgRewardByMix.data).toBeCloseTo(m!.avgRewardFlows, 10);
    }
  });

  it('shows the detector collapsing under the change of data source', () => {
    for (const r of [split, cross]) {
      expect(r.detector.perSeed).toHaveLength(2);
      expect(r.detector.signatures).toBeGreaterThan(1);
      const [lo, hi] = r.detector.macroF1Ci95!;
      expect(lo).toBeLessThanOrEqual(r.detector.macroF1);
      expect(hi).toBeGreaterThanOrEqual(r.detector.macroF1);
    }
    expect(cross.detector.macroF1).toBeLessThan(split.detector.macroF1 - 0.2);
    expect(cross.detector.testRows).toBeGreaterThan(0);
  });

  it('reports the final KG after the cycles beside the warm-up graph', () => {
    for (const r of [split, cross]) {
      expect(r.kg.of).toBe('ppo-kg-pt');
      expect(r.kg.version).toBeGreaterThan(r.kgWarmUp.version);
      expect(r.methods['ppo-kg-pt']!.kg!.version).toBe(r.kg.version);
    }
  });

  it('times real advisor calls and memo hits apart', () => {
    // The warm-up advice covers every training and test alert of each seed once.
    const alerts = 2 * (cross.detector.trainRows + cross.detector.testRows);
    expect(cross.advice.calls + cross.advice.cacheHits).toBe(alerts);
    expect(cross.advice.calls).toBeGreaterThan(0);
    expect(cross.advice.cacheHits).toBeGreaterThan(cross.advice.calls);
    expect(cross.methods['llm-kg']!.adviceMsPerCall).toBeGreaterThan(0);
    expect(cross.methods['llm-kg']!.advice!.calls).toBeGreaterThan(0);
    expect(cross.methods.ppo!.adviceMsPerCall).toBeNull();
  });

  it('measures "needs review" per method and the reliability of B', () => {
    for (const r of [split, cross]) {
      for (const m of Object.values(r.methods)) {
        const v = m!.review;
        for (const k of [
          'flaggedShare',
          'wrongActionShare',
          'aurc',
          'aurcByB',
          'aurcByPi',
        ] as const) {
          expect(v[k]).toBeGreaterThanOrEqual(0);
          expect(v[k]).toBeLessThanOrEqual(1);
        }
        expect(v).toHaveProperty('wrongCaughtShare');
        // No ranking beats putting every wrong decision up for review first.
        for (const k of ['aurc', 'aurcByB', 'aurcByPi'] as const)
          expect(v[k]).toBeGreaterThanOrEqual(v.aurcOptimal - 1e-12);
        expect(v.perSeed.map((s) => s.seed)).toEqual([1, 2]);
        expect(v.aurc).toBeCloseTo(mean(v.perSeed.map((s) => s.aurc)), 10);
        expect(v.vsB!.meanDiff).toBeCloseTo(v.aurc - v.aurcByB, 10);
      }
      const c = r.calibration;
      expect(c.bins).toHaveLength(10);
      expect(c.ece).toBeCloseTo(mean(c.perSeed.map((s) => s.ece)), 10);
      expect(c.ece).toBeGreaterThanOrEqual(0);
      expect(c.ece).toBeLessThanOrEqual(1);
    }
    // Every labelled test flow falls in one reliability bin.
    expect(cross.calibration.bins.reduce((a, b) => a + b.count, 0)).toBe(cross.detector.testRows);
  });

  it('scores each method again with N, C, B growing from the test labels (--online)', () => {
    expect(split.methods.ppo!.online).toBeUndefined();
    for (const m of Object.values(cross.methods)) {
      const on = m!.online!;
      expect(on.detectorRight + on.detectorWrong).toBeCloseTo(cross.detector.testRows, 10);
      expect(on.ci95!.avgReward[0]).toBeLessThanOrEqual(on.avgReward + 1e-12);
      expect(on.ci95!.avgReward[1]).toBeGreaterThanOrEqual(on.avgReward - 1e-12);
    }
  });

  it('sweeps λ for PPO-KG-PT; λ = 1 (the default start) repeats the main run', () => {
    const pts = split.lambdaSweep!.methods['ppo-kg-pt']!;
    expect(pts.map((p) => p.lambda)).toEqual([0, 1]);
    expect(pts[1]!.perSeed).toEqual(split.methods['ppo-kg-pt']!.perSeed.map((s) => s.avgReward));
    for (const p of pts) {
      expect(p.ci95!.avgReward[0]).toBeLessThanOrEqual(p.avgReward + 1e-12);
      expect(p.ci95!.avgReward[1]).toBeGreaterThanOrEqual(p.avgReward - 1e-12);
    }
  });

  it('reports test classes the training source never saw instead of failing', async () => {
    // The original-format samples hold no DDoS, FTP-Patator or SSH-Patator flows.
    const r = await runStudy({
      ...base,
      seeds: 1,
      data: original,
      test: improved.slice(0, 6),
      methods: ['ppo'],
    });
    expect(Object.keys(r.regime.classesNotInTrain)).toContain('DDoS');
    expect(r.regime.classesNotInTrain.DDoS).toBeGreaterThan(0);
    expect(r.methods.ppo!.perClass).toHaveProperty('DDoS');
    expect(r.methods.ppo!.ci95).toBeUndefined();
  }, 120_000);
});
