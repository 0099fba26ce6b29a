/**
 * Measures what issue 12 item 3 asks of B and "needs review", on the shared CIC-IDS2017 files:
 * the calibration of B (reliability, ECE) with B counted on the growing rows (calibration 0, as
 * before) and on a held-out calibration split (the default), and the AURC of ranking a policy's
 * decisions by the review score, by B alone and by π alone, in two regimes:
 *   same  — improved-rnd5000, seeded stratified 70/30 split (seeds 1..3);
 *   deep  — as same (seed 1) with a deep, unpruned tree (max depth 30, min leaf 1), which fits
 *           its growing rows exactly, so in-sample B is 1 − 1/(N+2) whatever the leaf's real skill;
 *   cross — trained on improved-rnd5000, tested on the original-format CIC-IDS2017 files.
 * Policies: the KG advisor (KG warmed up on the training split, π = its softmax) and the oracle
 * fitted on the training split (one fixed action per signature, π = 1 for every decision).
 *
 *   node --import tsx scripts/measure-calibration.ts [--json]
 *
 * Prints measurements; nothing is written to the project.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectFlows } from '../src/main/domain/classify/collect';
import { trainDetector } from '../src/main/domain/classify/detect';
import type { FlowMatrix } from '../src/main/domain/classify/flowMatrix';
import type { TreeConfig } from '../src/main/domain/detector';
import { KgAdvisor } from '../src/main/domain/kg';
import { alertRows } from '../src/main/domain/eval/alertSet';
import { calibrationReport } from '../src/main/domain/eval/calibration';
import { fitOracle, oracleActions } from '../src/main/domain/eval/oracle';
import { adviseRows, studyDataOf, warmUpKg } from '../src/main/domain/eval/prepare';
import {
  aurc,
  classPriorOf,
  leafTrueCountsOf,
  reviewMetrics,
} from '../src/main/domain/eval/review';

const data = join(import.meta.dirname, '..', '..', 'shared', 'data', 'cicids2017');
if (!existsSync(data)) {
  console.error(`measure-calibration: ${data} not found`);
  process.exit(1);
}
const csvs = (sub: string): string[] =>
  readdirSync(join(data, sub))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(data, sub, f));

/** Relabel a test matrix's classes from its own names to the training names (unknown → -1). */
function align(m: FlowMatrix, from: readonly string[], to: readonly string[]): void {
  const map = from.map((n) => to.indexOf(n));
  for (let i = 0; i < m.rows; i++) {
    const c = m.classes[i] ?? -1;
    if (c >= 0) m.classes[i] = map[c] ?? -1;
  }
}

interface Row {
  regime: string;
  seed: number;
  signatures: number;
  calibration: number;
  macroF1: number;
  ece: number;
  reliability: { lo: number; meanB: number; accuracy: number; count: number }[];
  meanB: number;
  accuracy: number;
  novelty: { mean: number; over05: number };
  policies: Record<string, Record<string, number | null>>;
}

async function measure(
  regime: string,
  train: FlowMatrix,
  names: string[],
  test: FlowMatrix | undefined,
  seed: number,
  calibration: number,
  tree: Partial<TreeConfig> = {},
): Promise<Row> {
  const detector = trainDetector(train, names, { seed, calibration, tree }, test);
  const base = studyDataOf(detector, train);
  const d = { ...base, test: alertRows(detector, test ?? train, detector.test) };
  const rows = d.test;
  const cal = calibrationReport(rows);
  const counts = leafTrueCountsOf(detector);
  const A = d.catalogue.actions.length;
  const kg = warmUpKg(d, seed);
  const advice = await adviseRows(rows, d, new KgAdvisor(kg));
  const policies: Row['policies'] = {};
  const oracle = oracleActions(fitOracle(d.train, d.rewards, A), rows);
  for (const [name, actions, pi] of [
    [
      'kgAdvisor',
      advice.action,
      Float32Array.from(advice.action, (a, i) => advice.dist[i * A + a] ?? 0),
    ],
    ['trainOracle', oracle, new Float32Array(rows.size).fill(1)],
  ] as const) {
    const input = {
      rows,
      actions,
      pi,
      rewards: d.rewards,
      numActions: A,
      best: d.best,
      trueCounts: (i: number) => counts(rows.signature[i] ?? 0),
      novelty: rows.novelty ?? null,
    };
    const m = reviewMetrics({ ...input, prior: classPriorOf(detector) });
    // The same score with the paper's flat prior instead of the empirical-Bayes one the study uses.
    const flat = reviewMetrics(input);
    // Novelty alone, for how much each part of the score carries.
    const labelled = Array.from({ length: rows.size }, (_, i) => i).filter(
      (i) => (rows.trueClass[i] ?? -1) >= 0,
    );
    const loss = labelled.map((i) => (d.best[rows.trueClass[i]!] !== actions[i] ? 1 : 0));
    const byNovelty = aurc(
      labelled.map((i) => -(rows.novelty?.[i] ?? 0)),
      loss,
    );
    policies[name] = {
      flaggedShare: m.flaggedShare,
      wrongActionShare: m.wrongActionShare,
      wrongCaughtShare: m.wrongCaughtShare,
      aurc: m.aurc,
      aurcFlatPrior: flat.aurc,
      aurcByB: m.aurcByB,
      aurcByPi: m.aurcByPi,
      aurcByNovelty: byNovelty,
      aurcOptimal: m.aurcOptimal,
    };
  }
  let nov = 0;
  let over = 0;
  for (let i = 0; i < rows.size; i++) {
    const v = rows.novelty?.[i] ?? 0;
    nov += v;
    if (v > 0.5) over++;
  }
  return {
    regime,
    seed,
    signatures: detector.signatures.length,
    calibration,
    macroF1: detector.report.macroF1,
    ece: cal.ece,
    reliability: cal.bins.map(({ lo, meanB, accuracy, count }) => ({ lo, meanB, accuracy, count })),
    meanB: cal.meanB,
    accuracy: cal.accuracy,
    novelty: { mean: nov / rows.size, over05: over / rows.size },
    policies,
  };
}

const improved = await collectFlows(csvs('improved-rnd5000'));
const original = await collectFlows(csvs('original'));
align(original.matrix, original.report.classNames, improved.report.classNames);
const out: Row[] = [];
for (const calibration of [0, 0.2]) {
  for (const seed of [1, 2, 3])
    out.push(
      await measure(
        'same',
        improved.matrix,
        improved.report.classNames,
        undefined,
        seed,
        calibration,
      ),
    );
  out.push(
    await measure('deep', improved.matrix, improved.report.classNames, undefined, 1, calibration, {
      maxDepth: 30,
      minSamplesLeaf: 1,
    }),
  );
  out.push(
    await measure(
      'cross',
      improved.matrix,
      improved.report.classNames,
      original.matrix,
      1,
      calibration,
    ),
  );
}
if (process.argv.includes('--json')) console.log(JSON.stringify(out, null, 2));
else {
  const f = (x: number | null | undefined): string => (x == null ? '—' : x.toFixed(4));
  console.log('regime seed cal  sigs macroF1  ECE     meanB   acc     novMean nov>0.5');
  for (const r of out)
    console.log(
      `${r.regime.padEnd(6)} ${r.seed}    ${r.calibration.toFixed(1)}  ${String(r.signatures).padEnd(4)} ${f(r.macroF1)}  ${f(r.ece)}  ${f(r.meanB)}  ${f(r.accuracy)}  ${f(r.novelty.mean)}  ${f(r.novelty.over05)}`,
    );
  console.log(
    '\nregime seed cal  policy       flagged wrong   caught  AURC    flat    byB     byPi    byNov   optimal',
  );
  for (const r of out)
    for (const [p, m] of Object.entries(r.policies))
      console.log(
        `${r.regime.padEnd(6)} ${r.seed}    ${r.calibration.toFixed(1)}  ${p.padEnd(12)} ${f(m.flaggedShare)}  ${f(m.wrongActionShare)}  ${f(m.wrongCaughtShare)}  ${f(m.aurc)}  ${f(m.aurcFlatPrior)}  ${f(m.aurcByB)}  ${f(m.aurcByPi)}  ${f(m.aurcByNovelty)}  ${f(m.aurcOptimal)}`,
      );
}
