/**
 * `rampart recovery` on a small cross-source sample of the shared CIC-IDS2017 files (trained on
 * every 10th row of improved-rnd5000, tested on every 8th row of the original-format files;
 * skipped when ../shared is absent). Checks the report's shape, that k = 0 is the no-label
 * baseline computed here independently, and that the labelled flows are never scored.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KgAdvisor } from '../../src/main/domain/kg';
import { collectFlows } from '../../src/main/domain/classify/collect';
import { trainDetector } from '../../src/main/domain/classify/detect';
import { alertRows } from '../../src/main/domain/eval/alertSet';
import { loadPrevalence, scoreDecisions } from '../../src/main/domain/eval/metrics';
import { adviseRows, studyDataOf, warmUpKg } from '../../src/main/domain/eval/prepare';
import {
  labelOrder,
  ONLINE_METHODS,
  RECOVERY_METHODS,
  type RecoveryReport,
} from '../../src/main/domain/eval/recovery';
import { runCli } from '../helpers/cli';

const dataDir = fileURLToPath(new URL('../../../shared/data/cicids2017', import.meta.url));
const present = existsSync(dataDir);
if (!present)
  console.log(`recovery: ${dataDir} not found, skipping the cross-source recovery test`);

/** Header plus every `every`-th line of each CSV in `sub`, written under `out`. */
function sample(sub: string, every: number, out: string): string[] {
  return readdirSync(join(dataDir, sub))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => {
      const lines = readFileSync(join(dataDir, sub, f), 'utf8').split('\n');
      const kept = lines.filter((l, i) => i === 0 || (i % every === 0 && l.length > 0));
      const path = join(out, `${sub.replace(/\W/g, '_')}-${f}`);
      writeFileSync(path, kept.join('\n') + '\n');
      return path;
    });
}

const KS = [0, 20, 100];
const SEEDS = 2;
let dir: string;
let trainFiles: string[];
let testFiles: string[];
let report: RecoveryReport & { provenance: { command: string } };

describe.skipIf(!present)('recovery under change (improved → original, small sample)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-recovery-'));
    trainFiles = sample('improved-rnd5000', 10, dir);
    testFiles = sample('original', 8, dir);
    const out = join(dir, 'out');
    const r = await runCli([
      'recovery',
      '--train',
      ...trainFiles,
      '--test',
      ...testFiles,
      '--ks',
      KS.join(','),
      '--seeds',
      String(SEEDS),
      '--passes',
      '0.5',
      '--fine-tune-updates',
      '1',
      '--backend',
      'wasm',
      '--out',
      out,
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    report = JSON.parse(r.out) as typeof report;
    for (const f of ['report.json', 'chart.svg', 'table.md'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'table.md'), 'utf8')).toContain('SIMULATED');
  }, 300_000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('reports every k and method per seed, with a summary and provenance', () => {
    expect(report.labels).toMatch(/simulated/);
    expect(report.provenance.command).toMatch(/^rampart recovery /);
    expect(report.runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(report.summary.map((s) => s.k)).toEqual(KS);
    for (const run of report.runs) {
      expect(run.points.map((p) => p.k)).toEqual(KS);
      for (const p of run.points)
        for (const m of RECOVERY_METHODS) {
          const s = p.methods[m];
          expect(s.avgReward).toBeGreaterThanOrEqual(-5);
          expect(s.avgReward).toBeLessThanOrEqual(5);
          expect(Number.isFinite(s.avgRewardFlows)).toBe(true);
        }
    }
    for (const row of report.summary) {
      const m = row.methods['kg-advisor'].avgReward;
      expect(m.n).toBe(SEEDS);
      expect(m.interval[0]).toBeLessThanOrEqual(m.mean);
      expect(m.interval[1]).toBeGreaterThanOrEqual(m.mean);
      for (const m of ONLINE_METHODS) expect(row.minusRetrained[m]?.n).toBe(SEEDS);
    }
  });

  it('scores only the flows after the first k of the seed order (never the labelled ones)', async () => {
    const test = await collectFlows(testFiles);
    // The test flows in the order the detector's test split lists them: every labelled row.
    const classOf: number[] = [];
    for (let r = 0; r < test.matrix.rows; r++)
      if ((test.matrix.classes[r] ?? -1) >= 0) classOf.push(test.matrix.classes[r]!);
    const names = test.report.classNames;
    const count = (pos: ArrayLike<number>) => {
      const out: Record<string, number> = {};
      for (let i = 0; i < pos.length; i++) {
        const n = names[classOf[pos[i]!]!]!;
        out[n] = (out[n] ?? 0) + 1;
      }
      return out;
    };
    for (const run of report.runs) {
      expect(run.testFlows).toBe(classOf.length);
      const order = labelOrder(classOf.length, run.seed);
      expect(new Set(order).size).toBe(classOf.length);
      for (const p of run.points) {
        expect(p.remaining).toBe(run.testFlows - p.k);
        expect(p.remainingByClass).toEqual(count(order.subarray(p.k)));
        expect(p.labelledByClass).toEqual(count(order.subarray(0, p.k)));
      }
    }
  });

  it('k = 0 is the no-label baseline: the source detector with its KG advisor on every test flow', async () => {
    const train = await collectFlows(trainFiles);
    const test = await collectFlows(testFiles);
    const prevalence = loadPrevalence();
    for (const run of report.runs) {
      const d0 = trainDetector(
        train.matrix,
        train.report.classNames,
        { seed: run.seed },
        test.matrix,
      );
      const data = { ...studyDataOf(d0, train.matrix), test: alertRows(d0, test.matrix, d0.test) };
      const advice = await adviseRows(data.test, data, new KgAdvisor(warmUpKg(data, run.seed)));
      const A = data.catalogue.actions.length;
      const base = scoreDecisions(data.test, advice.action, data.rewards, A, data.best, prevalence);
      const k0 = run.points.find((p) => p.k === 0)!;
      expect(k0.remaining).toBe(data.test.size);
      expect(k0.methods['kg-advisor'].avgReward).toBeCloseTo(base.avgReward, 9);
      expect(k0.methods['kg-advisor'].avgRewardFlows).toBeCloseTo(base.avgRewardFlows, 9);
      // With no labels the labels-first advisor has nothing but the source KG.
      expect(k0.methods['kg-advisor-labels-first'].avgReward).toBeCloseTo(base.avgReward, 9);
      // Retraining on no labels is the source detector again.
      expect(k0.methods['retrained-kg-advisor'].avgReward).toBeCloseTo(base.avgReward, 9);
      expect(k0.detector.retrainedMacroF1).toBeCloseTo(d0.report.macroF1, 9);
      // Nothing to fine-tune on at k = 0.
      expect(k0.fineTune).toBeNull();
      expect(k0.methods['ppo-kg-finetuned']).toEqual(k0.methods['ppo-kg']);
      // Labels only add to the KG: misclassification edges never disappear as k grows.
      const edges = run.points.map((p) => p.kgMisclassEdges);
      expect([...edges].sort((a, b) => a - b)).toEqual(edges);
      for (const p of run.points.filter((q) => q.k > 0))
        expect(p.fineTune?.episodes).toBeGreaterThan(0);
    }
  });
});
