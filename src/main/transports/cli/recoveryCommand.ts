/** `rampart recovery`: reward on the remaining flows as an analyst labels flows from another source. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFlows } from '../../domain/classify/collect';
import {
  checkClassAlignment,
  DEFAULT_RECOVERY,
  ONLINE_METHODS,
  runRecovery,
  type RecoveryMethod,
  type RecoveryReport,
} from '../../domain/eval/recovery';
import type { MeanInterval, PairedTest } from '../../domain/eval/stats';
import { lineChart } from '../../domain/eval/svgChart';
import {
  optBackend,
  optFlag,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { table } from './format';
import { provenance, type Provenance } from './provenance';

/** `rampart recovery`: the change-of-source regime with simulated analyst labels. */
export const recovery: CliCommand = {
  name: 'recovery',
  synopsis: [
    [
      '--train <csv…> --test <csv…> [--ks 0,50,100,300,1000,3000] [--seeds 3] [--passes 5]',
      '[--fine-tune-updates 4] [--label-batch 50] [--max-depth N] [--min-leaf N]',
      '[--backend auto|wasm|cpu] [--out DIR] [--json]',
    ],
  ],
  summary: [
    'recovery under change: reward on the remaining test flows after k labelled flows (labels',
    'simulated from the ground truth), online KG / PPO-KG updates against retraining the detector',
  ],
  options: {
    train: 'list',
    test: 'list',
    ks: 'string',
    seeds: 'string',
    passes: 'string',
    'fine-tune-updates': 'string',
    'label-batch': 'string',
    'max-depth': 'string',
    'min-leaf': 'string',
    backend: 'string',
    out: 'string',
    json: 'boolean',
  },
  positionals: false,
  run: recoveryCommand,
};

function parseKs(p: ParsedArgs): number[] {
  const v = optString(p, 'ks');
  if (v === undefined) return DEFAULT_RECOVERY.ks;
  const ks = v.split(',').map((x) => Number(x.trim()));
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 0))
    throw new UsageError('--ks must be a comma-separated list of whole numbers ≥ 0');
  return ks;
}

async function recoveryCommand(p: ParsedArgs): Promise<number> {
  const trainFiles = p.options.get('train') ?? [];
  const testFiles = p.options.get('test') ?? [];
  if (trainFiles.length === 0 || testFiles.length === 0)
    throw new UsageError('recovery needs --train <csv…> and --test <csv…>');
  const backend = optBackend(p);
  const tree: Record<string, number> = {};
  if (p.options.has('max-depth')) tree.maxDepth = optNumber(p, 'max-depth', 0, 1, 256);
  if (p.options.has('min-leaf')) tree.minSamplesLeaf = optNumber(p, 'min-leaf', 0, 1, 1e6);
  const options = {
    ks: parseKs(p),
    seeds: optNumber(p, 'seeds', DEFAULT_RECOVERY.seeds, 1, 100),
    passes: optNumber(p, 'passes', DEFAULT_RECOVERY.passes, 0.01, 100),
    fineTuneUpdates: optNumber(p, 'fine-tune-updates', DEFAULT_RECOVERY.fineTuneUpdates, 1, 1000),
    labelBatch: optNumber(p, 'label-batch', DEFAULT_RECOVERY.labelBatch, 1, 1e6),
    tree,
    backend,
  };
  const json = optFlag(p, 'json');
  const log = json ? () => {} : (line: string) => console.log(line);
  const train = await collectFlows(trainFiles);
  const test = await collectFlows(testFiles);
  for (const [what, r] of [
    ['training', train],
    ['test', test],
  ] as const)
    if (r.report.rowsStored === 0) {
      console.error(`rampart recovery: nothing usable could be read from the ${what} files`);
      return 1;
    }
  checkClassAlignment(train.report.classNames, test.report.classNames);
  log(
    `read ${train.matrix.rows} training flows and ${test.matrix.rows} test flows; analyst labels are SIMULATED from the test files' ground truth`,
  );
  const report = await runRecovery(
    {
      train: train.matrix,
      test: test.matrix,
      classNames: train.report.classNames,
      trainFiles,
      testFiles,
    },
    options,
    log,
  );
  const stored = { ...report, provenance: await provenance(p.argv ?? ['recovery']) };
  const out = optString(p, 'out');
  if (out) writeOutputs(out, stored);
  if (json) console.log(JSON.stringify(stored, null, 2));
  else {
    console.log('\n' + table(...tableRows(report, 'avgReward')));
    if (out) console.log(`\nwritten ${join(out, 'report.json')}, chart.svg, table.md`);
  }
  return 0;
}

const LABELS: Record<RecoveryMethod, string> = {
  'kg-advisor': 'KG advisor, online',
  'kg-advisor-labels-first': 'KG adv., labels first',
  'ppo-kg': 'PPO-KG, KG online',
  'ppo-kg-finetuned': 'PPO-KG fine-tuned',
  'retrained-kg-advisor': 'retrained + KG adv.',
  'retrained-oracle': 'retrained + oracle',
  'oracle-test': 'oracle (test, hindsight)',
};

const f3 = (x: number) => x.toFixed(3);
const withCi = (m: MeanInterval) =>
  m.n > 1 ? `${f3(m.mean)} [${f3(m.interval[0])}, ${f3(m.interval[1])}]` : f3(m.mean);

function tableRows(
  r: RecoveryReport,
  measure: 'avgReward' | 'avgRewardFlows',
): [string[], string[][]] {
  const methods = Object.keys(LABELS) as RecoveryMethod[];
  return [
    [
      'k labelled',
      'scored flows',
      ...methods.map((m) => LABELS[m]),
      'detector macro-F1 src / retrained',
    ],
    r.summary.map((row) => [
      String(row.k),
      String(row.remaining),
      ...methods.map((m) => withCi(row.methods[m][measure])),
      `${f3(row.sourceMacroF1.mean)} / ${f3(row.retrainedMacroF1.mean)}`,
    ]),
  ];
}

function markdown(r: RecoveryReport & { provenance: Provenance }): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const md = (measure: 'avgReward' | 'avgRewardFlows') => {
    const [header, body] = tableRows(r, measure);
    return [line(header), line(header.map(() => '---')), ...body.map(line)];
  };
  const paired = (t: PairedTest | null) =>
    t ? `${f3(t.meanDiff)} [${f3(t.ci95[0])}, ${f3(t.ci95[1])}], p ${t.p.toFixed(3)}` : '—';
  const diffs = r.summary.map((row) =>
    line([String(row.k), ...ONLINE_METHODS.map((m) => paired(row.minusRetrained[m]))]),
  );
  const seeds = r.runs.length;
  return [
    `Recovery under change: trained on ${r.regime.train.join(', ')}; tested on ${r.regime.test.join(', ')}.`,
    '',
    `Analyst labels are SIMULATED: the first k flows of a seeded random order of the test flows get their ground-truth class. Every reward is on the remaining (total − k) flows only. Mean over ${seeds} seed(s)${seeds > 1 ? ' with its 95% t interval' : ''}.`,
    '',
    'Class-balanced reward (mean of the per-class means):',
    '',
    ...md('avgReward'),
    '',
    'Per-flow reward (plain mean over the scored flows):',
    '',
    ...md('avgRewardFlows'),
    '',
    'Online recovery minus retraining (class-balanced, paired over seeds: mean difference [95% interval], paired t-test p):',
    '',
    line([
      'k',
      'KG advisor online − retrained + KG adv.',
      'PPO-KG fine-tuned − retrained + KG adv.',
    ]),
    line(['---', '---', '---']),
    ...diffs,
    '',
    `Command: \`${r.provenance.command}\` (${r.provenance.machine.cpu}, ${r.provenance.machine.cores} cores, ${r.provenance.at}; ${r.seconds.toFixed(0)} s)`,
    '',
  ].join('\n');
}

/** report.json, chart.svg and table.md under DIR. */
function writeOutputs(dir: string, r: RecoveryReport & { provenance: Provenance }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(r, null, 2) + '\n');
  // log10(1 + k), moved right a little so that the dodged bars at k = 0 stay inside the axes.
  const xOf = (k: number) => Math.log10(1 + k) + 0.08;
  // retrained-oracle is left out: it coincides with retrained + KG advisor (the KG advisor over
  // a detector's training flows is its training-split oracle).
  const plotted: RecoveryMethod[] = [...ONLINE_METHODS, 'retrained-kg-advisor'];
  // Each series a little to the side, so that the error bars at one k do not hide each other.
  const dodge = (i: number) => (i - (plotted.length - 1) / 2) * 0.02;
  const series = plotted.map((m, i) => ({
    name: LABELS[m],
    points: r.summary.map(
      (row) => [xOf(row.k) + dodge(i), row.methods[m].avgReward.mean] as [number, number],
    ),
    errors: r.summary.map((row) => row.methods[m].avgReward.interval),
  }));
  const ceiling = r.summary.find((row) => row.k === 0)?.methods['oracle-test'].avgReward.mean;
  writeFileSync(
    join(dir, 'chart.svg'),
    lineChart(series, {
      title: 'Reward on the remaining test flows vs labelled flows (labels simulated)',
      xLabel: 'k flows labelled by the analyst (log scale)',
      yLabel: 'class-balanced reward',
      xTicks: r.summary.map((row) => ({ at: xOf(row.k), label: String(row.k) })),
      ...(ceiling === undefined
        ? {}
        : { reference: { y: ceiling, label: 'source-detector oracle on the test split' } }),
      width: 860,
    }),
  );
  writeFileSync(join(dir, 'table.md'), markdown(r));
}
