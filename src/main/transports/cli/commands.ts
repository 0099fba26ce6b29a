/** The `rampart` commands: ingest, detect, demo, serve. Each returns the process exit code. */
import { resolve } from 'node:path';
import { writeDemoCsv, type ClassMix } from '../../domain/demo';
import { collectFlows } from '../../domain/classify/collect';
import { trainDetector } from '../../domain/classify/detect';
import { ingestToStore } from '../../app/loads/ingestToStore';
import { checkTrainingSet, checkWarning, rowsByClass } from '../../app/loads/trainingCheck';
import { osUserName } from '../../runtime/osUser';
import { Store } from '../../store/store';
import {
  optFlag,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { defaultDbPath } from './defaults';
import { int, ratio, table } from './format';

/** `rampart ingest`: load flow CSVs into the store. */
export const ingest: CliCommand = {
  name: 'ingest',
  synopsis: [['<csv…> [--db FILE] [--json] [--extra-classes Bot,Heartbleed]']],
  summary: ['load CICFlowMeter CSVs into the store; report rows read/stored/skipped by reason'],
  options: { db: 'string', json: 'boolean', 'extra-classes': 'string' },
  positionals: true,
  run: ingestCommand,
};

async function ingestCommand(p: ParsedArgs): Promise<number> {
  if (p.positionals.length === 0) throw new UsageError('ingest needs at least one CSV file');
  const store = Store.open(optString(p, 'db', defaultDbPath()) ?? defaultDbPath());
  try {
    // Reading the database's own files in this process would release its locks on them.
    for (const f of p.positionals) {
      const problem = store.ownFileProblem(f);
      if (problem !== null) throw new Error(problem);
    }
    const { report, datasetId } = await ingestToStore(store, p.positionals, {
      collect: false,
      extraClasses: extraClasses(p),
    });
    // The CLI's analyst is the OS user running it.
    store.appendAudit({
      actor: osUserName(),
      action: 'data.load',
      subject: `dataset:${datasetId}`,
      detail: { paths: p.positionals.map((f) => resolve(f)), rowsStored: report.rowsStored },
    });
    const out = {
      datasetId,
      rowsRead: report.rowsRead,
      rowsStored: report.rowsStored,
      rowsSkipped: report.rowsSkipped,
      skippedByReason: report.skippedByReason,
      nonFinite: report.nonFinite,
      examples: report.examples,
      labels: report.labels,
      classes: report.classes,
      mibPerSec: report.mibPerSec,
      files: report.files,
      db: store.path,
    };
    if (optFlag(p, 'json')) console.log(JSON.stringify(out, null, 2));
    else printIngest(out);
    if (report.rowsStored === 0) {
      const why = report.files.find((f) => f.error)?.error ?? 'no usable rows';
      console.error(`rampart ingest: nothing usable could be read: ${why}`);
      return 1;
    }
    return 0;
  } finally {
    store.close();
  }
}

function printIngest(o: {
  rowsRead: number;
  rowsStored: number;
  rowsSkipped: number;
  skippedByReason: Record<string, number | undefined>;
  nonFinite: Record<string, number>;
  examples: { file: string; line: number; reason: string; detail: string }[];
  labels: Record<string, number>;
  classes: Record<string, number>;
  mibPerSec: number;
  files: { file: string; format: string; error: string | null }[];
  db: string;
}): void {
  console.log(
    `read ${int(o.rowsRead)} rows, stored ${int(o.rowsStored)}, skipped ${int(o.rowsSkipped)} (${o.mibPerSec.toFixed(1)} MiB/s) into ${o.db}`,
  );
  for (const f of o.files) console.log(`  ${f.file}: ${f.format}${f.error ? ` — ${f.error}` : ''}`);
  const nonFinite = Object.entries(o.nonFinite);
  if (nonFinite.length)
    console.log(
      '\nkept with Infinity / NaN values (zero-duration flows; stored as read, not skipped):\n' +
        table(
          ['column', 'cells'],
          nonFinite.map(([c, n]) => [c, int(n)]),
        ),
    );
  const reasons = Object.entries(o.skippedByReason);
  if (reasons.length)
    console.log(
      '\n' +
        table(
          ['skipped because', 'rows'],
          reasons.map(([r, n]) => [r, int(n ?? 0)]),
        ),
    );
  for (const e of o.examples.slice(0, 10))
    console.log(`  ${e.file}:${e.line}: ${e.reason}: ${e.detail}`);
  console.log(
    '\n' +
      table(
        ['label', 'rows'],
        Object.entries(o.labels).map(([l, n]) => [l, int(n)]),
      ),
  );
  console.log(
    '\n' +
      table(
        ['class', 'rows stored'],
        Object.entries(o.classes).map(([c, n]) => [c, int(n)]),
      ),
  );
}

/** `rampart detect`: train the decision-tree detector and score it. */
export const detect: CliCommand = {
  name: 'detect',
  synopsis: [
    [
      '--train <csv…> [--test <csv…>] [--split 0.7] [--seed N] [--json]',
      '[--max-depth N] [--min-leaf N] [--extra-classes Bot,Heartbleed]',
    ],
  ],
  summary: ['train the decision-tree detector and report per-class precision/recall/F1, macro-F1'],
  options: {
    train: 'list',
    test: 'list',
    split: 'string',
    seed: 'string',
    json: 'boolean',
    'max-depth': 'string',
    'min-leaf': 'string',
    'extra-classes': 'string',
  },
  positionals: false,
  run: detectCommand,
};

async function detectCommand(p: ParsedArgs): Promise<number> {
  const trainFiles = p.options.get('train') ?? [];
  if (trainFiles.length === 0) throw new UsageError('detect needs --train <csv…>');
  const testFiles = p.options.get('test') ?? [];
  const split = optNumber(p, 'split', 0.7, 0.05, 0.95);
  const seed = optNumber(p, 'seed', 1, 0, 2 ** 31 - 1);
  const tree: Record<string, number> = {};
  if (p.options.has('max-depth')) tree.maxDepth = optNumber(p, 'max-depth', 0, 1, 256);
  if (p.options.has('min-leaf')) tree.minSamplesLeaf = optNumber(p, 'min-leaf', 0, 1, 1e6);
  const extra = extraClasses(p);
  const train = await collectFlows(trainFiles, { extraClasses: extra });
  if (train.report.rowsStored === 0) {
    console.error(
      `rampart detect: nothing usable could be read from the training files: ${train.report.files.find((f) => f.error)?.error ?? 'no usable rows'}`,
    );
    return 1;
  }
  const test = testFiles.length
    ? await collectFlows(testFiles, { extraClasses: extra })
    : undefined;
  const d = trainDetector(
    train.matrix,
    train.report.classNames,
    { split, seed, tree },
    test?.matrix,
  );
  // The console's training-set check, stated here too (no Benign, or a class below the minimum).
  const check = checkTrainingSet(
    rowsByClass(train.matrix.classes, train.matrix.rows, train.report.classNames),
  );
  const warning = checkWarning(check, null);
  const t0 = performance.now();
  const leaves = new Int32Array(train.matrix.rows);
  const pred = new Int16Array(train.matrix.rows);
  d.tree.predictBatch(train.matrix.featureView, train.matrix.rows, leaves, pred);
  const flowsPerSec = train.matrix.rows / ((performance.now() - t0) / 1000);
  const classes = Object.fromEntries(
    Object.entries(d.report.perClass).filter(([, m]) => m.support > 0),
  );
  const out = {
    signatures: d.signatures.length,
    depth: d.tree.depth,
    classes,
    macroF1: d.report.macroF1,
    accuracy: d.report.accuracy,
    confusion: d.report.confusion,
    classNames: d.report.classes,
    trainRows: d.train.length,
    testRows: d.test.length,
    split: test ? null : split,
    seed,
    trainSeconds: d.trainMs / 1000,
    classifyFlowsPerSec: flowsPerSec,
    skippedRows: train.report.rowsSkipped + (test?.report.rowsSkipped ?? 0),
    trainingCheck: check,
    warning,
  };
  if (warning !== null) console.error(`rampart detect: WARNING: ${warning}`);
  if (optFlag(p, 'json')) {
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  console.log(
    `${int(out.signatures)} signatures (depth ${out.depth}), trained on ${int(out.trainRows)} flows in ${out.trainSeconds.toFixed(2)} s; evaluated on ${int(out.testRows)} ${test ? 'test-file' : 'held-out'} flows`,
  );
  console.log(
    '\n' +
      table(
        ['class', 'precision', 'recall', 'F1', 'support'],
        Object.entries(classes).map(([c, m]) => [
          c,
          ratio(m.precision),
          ratio(m.recall),
          ratio(m.f1),
          int(m.support),
        ]),
      ),
  );
  console.log(
    `\nmacro-F1 ${ratio(out.macroF1)}   accuracy ${ratio(out.accuracy)}\n\nconfusion matrix (rows: true class, columns: predicted)`,
  );
  const names = out.classNames;
  console.log(
    table(
      ['true \\ pred', ...names.map((n) => n.slice(0, 8))],
      out.confusion.map((row, i) => [names[i] ?? '', ...row.map(int)]),
    ),
  );
  return 0;
}

/** `rampart demo`: write synthetic flows. */
export const demo: CliCommand = {
  name: 'demo',
  synopsis: [['--out FILE.csv [--rows N] [--seed S] [--mix paper|balanced]']],
  summary: [
    'write synthetic CICFlowMeter flows (clearly labelled synthetic) for demos and benchmarks',
  ],
  options: { rows: 'string', seed: 'string', mix: 'string', out: 'string' },
  positionals: false,
  run: demoCommand,
};

async function demoCommand(p: ParsedArgs): Promise<number> {
  const out = optString(p, 'out');
  if (!out) throw new UsageError('demo needs --out FILE.csv');
  const mix = optString(p, 'mix', 'paper');
  if (mix !== 'paper' && mix !== 'balanced')
    throw new UsageError('--mix must be paper or balanced');
  const rows = optNumber(p, 'rows', 100_000, 1, 50_000_000);
  const seed = optNumber(p, 'seed', 1, 0, 2 ** 31 - 1);
  const t0 = performance.now();
  const r = await writeDemoCsv(out, { rows, seed, mix: mix as ClassMix });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `wrote ${int(r.rows)} synthetic flows (${(r.bytes / 2 ** 20).toFixed(1)} MiB) to ${out} in ${s.toFixed(1)} s`,
  );
  return 0;
}

/** `--extra-classes Bot,Heartbleed`: excluded labels or groups to keep as extra classes. */
function extraClasses(p: ParsedArgs): string[] {
  const v = optString(p, 'extra-classes');
  return v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}
