/**
 * Decision-tree benchmark. Prints one JSON line.
 *
 *   npx tsx scripts/bench-tree.ts [--rows 2000000] [--features 83] [--impl hist|ml-cart]
 *       [--max-depth N] [--min-leaf N] [--seed 1] [--real DIR]
 *
 * Default: a seeded synthetic matrix with 8 learnable classes (CICIDS-like class skew, a few
 * informative features with several modes per class, heavy-tailed noise features, 0.1% of rows
 * mislabelled Benign, the last 5 features NaN for 30% of rows), 70/30 stratified split, then training time,
 * leaves, depth, predictBatch throughput, test macro-F1 and peak RSS.
 * --real DIR reads the improved-CICIDS2017 CSVs in DIR (plain comma split, the file's own feature
 * columns) with the paper's 8-class mapping; --impl ml-cart times the ml-cart library instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionTree, TrainingData, TreeConfig } from '../src/main/domain/detector';
import { evaluate, stratifiedSplit, trainTree } from '../src/main/domain/detector';

/** Data plus the names of its classes and features. */
export interface BenchData extends TrainingData {
  classNames: string[];
  featureNames: string[];
}

const CLASS_NAMES = [
  'Benign',
  'DDoS',
  'DoS',
  'FTP-Patator',
  'Infiltration',
  'PortScan',
  'SSH-Patator',
  'Web',
];
/** Class shares of the full CICIDS2017 (paper, Table I), so the rare classes stay rare. */
const CLASS_SHARE = [2271320, 128025, 251712, 7935, 2003, 158804, 5897, 2180];

/** mulberry32, inlined so the generator does not depend on detector internals. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded synthetic flows; see the file doc. `nan` = whether the last 5 features go missing. */
export function syntheticData(
  rows: number,
  featureCount: number,
  seed: number,
  nan = true,
): BenchData {
  const rand = rng(seed);
  const INFORMATIVE = Math.min(12, featureCount);
  const MODES = 4;
  const C = CLASS_NAMES.length;
  const total = CLASS_SHARE.reduce((a, b) => a + b, 0);
  const cum = CLASS_SHARE.map(
    (
      (s) => (v: number) =>
        (s += v / total)
    )(0),
  );
  // centers[c][mode][f]: a log-uniform scale per feature so values span CICIDS-like ranges.
  const centers = Array.from({ length: C }, () =>
    Array.from({ length: MODES }, () =>
      Array.from({ length: INFORMATIVE }, () => Math.round(10 ** (rand() * 5))),
    ),
  );
  const features = new Float32Array(rows * featureCount);
  const classes = new Int16Array(rows);
  for (let r = 0; r < rows; r++) {
    const u = rand();
    let c = 0;
    while (c < C - 1 && u > cum[c]!) c++;
    const mode = centers[c]![Math.floor(rand() * MODES)]!;
    const base = r * featureCount;
    for (let f = 0; f < featureCount; f++) {
      let v: number;
      if (f < INFORMATIVE) v = mode[f]! * (0.8 + 0.4 * rand());
      else if (f % 17 === 0)
        v = 0; // constant columns, as CICIDS has (e.g. Bwd PSH Flags)
      else v = Math.floor(10 ** (rand() * 6));
      features[base + f] = v;
    }
    if (nan && featureCount > 5 && rand() < 0.3)
      features.fill(NaN, base + featureCount - 5, base + featureCount);
    // 0.1% of flows mislabelled Benign, like attack flows caught in benign captures.
    classes[r] = rand() < 0.001 ? 0 : c;
  }
  const featureNames = Array.from({ length: featureCount }, (_, f) => `f${f}`);
  return { rows, features, classes, classCount: C, classNames: CLASS_NAMES, featureNames };
}

/** Paper class of an improved-CICIDS2017 label, or null for labels left out (Botnet, Heartbleed). */
function classOfLabel(label: string): string | null {
  if (label === 'BENIGN') return 'Benign';
  if (label.startsWith('DoS')) return 'DoS';
  if (label.startsWith('Web Attack')) return 'Web';
  if (label.startsWith('Infiltration')) return 'Infiltration';
  if (label === 'Portscan') return 'PortScan';
  return CLASS_NAMES.includes(label) ? label : null;
}

/** Reads every improved-CICIDS2017 CSV in dir with a plain comma split (fine for these files). */
export function improvedCicids(dir: string): BenchData {
  const DROP = new Set([
    'id',
    'Flow ID',
    'Src IP',
    'Src Port',
    'Dst IP',
    'Timestamp',
    'Label',
    'Attempted Category',
  ]);
  let featureNames: string[] = [];
  const values: number[] = [];
  const classes: number[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const lines = readFileSync(join(dir, file), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.length > 0);
    const header = lines[0]!.split(',');
    const cols = header.map((h, i) => (DROP.has(h) ? -1 : i)).filter((i) => i >= 0);
    featureNames = cols.map((i) => header[i]!);
    const labelCol = header.indexOf('Label');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const cls = classOfLabel(cells[labelCol]!);
      if (cls === null) continue;
      classes.push(CLASS_NAMES.indexOf(cls));
      for (const i of cols) {
        const v = Number(cells[i]);
        values.push(Number.isFinite(v) ? v : NaN);
      }
    }
  }
  const rows = classes.length;
  return {
    rows,
    features: Float32Array.from(values),
    classes: Int16Array.from(classes),
    classCount: CLASS_NAMES.length,
    classNames: CLASS_NAMES,
    featureNames,
  };
}

/** Rows of idx copied into a dense matrix with their classes. */
function gather(d: BenchData, idx: Uint32Array): { x: Float32Array; y: Int16Array } {
  const F = d.features.length / d.rows;
  const x = new Float32Array(idx.length * F);
  const y = new Int16Array(idx.length);
  idx.forEach((r, i) => {
    x.set(d.features.subarray(r * F, (r + 1) * F), i * F);
    y[i] = d.classes[r]!;
  });
  return { x, y };
}

/** Trains the histogram CART and measures it; the returned object is the JSON line. */
export function benchHist(
  d: BenchData,
  cfg: Partial<TreeConfig>,
  seed: number,
): Record<string, unknown> {
  const split = stratifiedSplit(d.classes, 0.7, seed);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const tree: DecisionTree = trainTree(d, split.train, cfg);
  const trainS = (performance.now() - t0) / 1000;
  // CPU seconds too: on a shared machine wall time also counts other tenants' load.
  const trainCpuS = process.cpuUsage(cpu0).user / 1e6;
  const test = gather(d, split.test);
  const outLeaf = new Int32Array(split.test.length);
  const outClass = new Int16Array(split.test.length);
  let reps = 0;
  const t1 = performance.now();
  do {
    tree.predictBatch(test.x, split.test.length, outLeaf, outClass);
    reps++;
  } while (performance.now() - t1 < 1000);
  const predictRowsPerSec = (reps * split.test.length) / ((performance.now() - t1) / 1000);
  const report = evaluate(test.y, outClass, d.classNames);
  const perClassF1 = Object.fromEntries(
    Object.entries(report.perClass).map(([k, v]) => [k, round(v.f1, 4)]),
  );
  return {
    impl: 'hist-cart',
    rows: d.rows,
    features: d.features.length / d.rows,
    trainRows: split.train.length,
    trainS: round(trainS, 2),
    trainCpuS: round(trainCpuS, 2),
    leaves: tree.leafCount,
    depth: tree.depth,
    predictRowsPerSec: Math.round(predictRowsPerSec),
    testMacroF1: round(report.macroF1, 4),
    testAccuracy: round(report.accuracy, 4),
    perClassF1,
  };
}

/** The parts of ml-cart used here (the package ships no types). */
interface MlCart {
  DecisionTreeClassifier: new (o: {
    gainFunction: string;
    maxDepth: number;
    minNumSamples: number;
  }) => {
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
  };
}

/** Trains ml-cart's DecisionTreeClassifier on the training split and times it. */
async function benchMlCart(
  d: BenchData,
  maxDepth: number,
  seed: number,
): Promise<Record<string, unknown>> {
  const specifier = 'ml-cart'; // a variable, so tsc does not look for types ml-cart lacks
  const { DecisionTreeClassifier } = (await import(specifier)) as MlCart;
  const split = stratifiedSplit(d.classes, 0.7, seed);
  const F = d.features.length / d.rows;
  const rowsOf = (idx: Uint32Array): number[][] =>
    Array.from(idx, (r) => Array.from(d.features.subarray(r * F, (r + 1) * F)));
  const x = rowsOf(split.train);
  const y = Array.from(split.train, (r) => d.classes[r]!);
  const clf = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth, minNumSamples: 3 });
  const t0 = performance.now();
  clf.train(x, y);
  const trainS = (performance.now() - t0) / 1000;
  const pred = Int16Array.from(clf.predict(rowsOf(split.test)));
  const report = evaluate(gather(d, split.test).y, pred, d.classNames);
  return {
    impl: 'ml-cart',
    rows: d.rows,
    features: F,
    trainRows: split.train.length,
    trainS: round(trainS, 2),
    testMacroF1: round(report.macroF1, 4),
  };
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seed = Number(arg('seed') ?? 1);
  const real = arg('real');
  const t0 = performance.now();
  const d = real
    ? improvedCicids(real)
    : syntheticData(
        Number(arg('rows') ?? 2_000_000),
        Number(arg('features') ?? 83),
        seed,
        arg('impl') !== 'ml-cart',
      );
  const loadS = round((performance.now() - t0) / 1000, 2);
  const cfg: Partial<TreeConfig> = { seed };
  if (arg('max-depth')) cfg.maxDepth = Number(arg('max-depth'));
  if (arg('min-leaf')) cfg.minSamplesLeaf = Number(arg('min-leaf'));
  if (arg('min-split')) cfg.minSamplesSplit = Number(arg('min-split'));
  if (arg('max-bins')) cfg.maxBins = Number(arg('max-bins'));
  const result =
    arg('impl') === 'ml-cart'
      ? await benchMlCart(d, cfg.maxDepth ?? 30, seed)
      : benchHist(d, cfg, seed);
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      ...result,
      data: real ? 'improved-cicids2017' : 'synthetic',
      loadS,
      config: cfg,
      peakRssMiB,
    }),
  );
}

if (process.argv[1]?.endsWith('bench-tree.ts')) void main();
