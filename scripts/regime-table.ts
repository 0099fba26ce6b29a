/**
 * The README's regime tables, read from the stored `rampart eval` reports (nothing is typed in by
 * hand): `node --import tsx scripts/regime-table.ts [bench-results/regime-*]`. Each report must
 * come from `rampart eval --seeds N` (N > 1) so every number has its 95% interval.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StudyReport } from '../src/main/domain/eval/study';
import type { Method } from '../src/main/domain/rl';

type Stored = StudyReport & { provenance?: { command?: string } };

const root = join(import.meta.dirname, '..', 'bench-results');
const dirs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(root)
      .filter((d) => d.startsWith('regime-'))
      .sort()
      .map((d) => join(root, d));
const reports = dirs
  .filter((d) => existsSync(join(d, 'report.json')))
  .map((d) => ({
    dir: d,
    r: JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as Stored,
  }));
if (reports.length === 0) {
  console.error('regime-table: no bench-results/regime-*/report.json');
  process.exit(1);
}

const METHODS: Method[] = ['ppo', 'ppo-kg', 'ppo-kg-pt', 'llm-kg', 'dl'];
const name = (m: Method, r: StudyReport) =>
  m === 'llm-kg' ? (r.advisor === 'kg' ? 'KG advisor' : 'LLM-KG') : m.toUpperCase();
const half = (ci: [number, number] | undefined) => (ci ? (ci[1] - ci[0]) / 2 : NaN);
const pm = (x: number, ci?: [number, number], d = 2) =>
  ci ? `${x.toFixed(d)} ± ${half(ci).toFixed(d)}` : x.toFixed(d);
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const regimeName = (r: StudyReport, dir: string) => {
  const g = r.regime;
  const base = dir
    .split('/')
    .pop()!
    .replace(/^regime-/, '');
  const tree = g.maxDepth !== null ? `, depth ≤ ${g.maxDepth}, leaf ≥ ${g.minLeaf ?? '—'}` : '';
  const sigs = Math.round(r.detector.signatures);
  return `${base}${tree} (F1 ${r.detector.macroF1.toFixed(2)}, ${sigs} sigs)`;
};

/** A command with the shared data folder as $D and whole folders of CSVs as folder/*.csv. */
function shortCommand(cmd: string): string {
  const shared = '../shared/data/cicids2017/';
  const words = cmd.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith(shared) || !w.endsWith('.csv')) {
      out.push(w);
      continue;
    }
    const folder = w.slice(0, w.lastIndexOf('/'));
    let j = i;
    while (j < words.length && words[j]!.startsWith(folder + '/') && words[j]!.endsWith('.csv'))
      j++;
    const all = readdirSync(folder).filter((f) => f.endsWith('.csv')).length;
    if (j - i === all) out.push(`${folder.replace(shared, '$D/')}/*.csv`);
    else out.push(...words.slice(i, j).map((x) => x.replace(shared, '$D/')));
    i = j - 1;
  }
  return out.join(' ');
}

function rewardTable(
  title: string,
  get: (x: StudyReport['methods'][Method]) => string,
  o: (r: StudyReport) => string[],
): void {
  const r0 = reports[0]!.r;
  console.log(`\n${title}\n`);
  const header = ['regime', ...METHODS.map((m) => name(m, r0)), 'oracle (train)', 'oracle (test)'];
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const { dir, r } of reports)
    console.log(line([regimeName(r, dir), ...METHODS.map((m) => get(r.methods[m])), ...o(r)]));
}

rewardTable(
  'Class-balanced test reward (mean of the per-class means), mean ± 95% t half-width over seeds:',
  (m) => (m ? pm(m.avgReward, m.ci95?.avgReward) : '—'),
  (r) => [
    pm(r.oracle.train.avgReward, r.oracle.ci95?.train.avgReward),
    pm(r.oracle.test.avgReward, r.oracle.ci95?.test.avgReward),
  ],
);
rewardTable(
  "Weighted by the paper's Table I class mix (per-class means weighted, no resampling; mean over seeds):",
  (m) => (m ? m.avgRewardByMix.paper.toFixed(2) : '—'),
  (r) => [
    r.oracle.train.avgRewardByMix.paper.toFixed(2),
    r.oracle.test.avgRewardByMix.paper.toFixed(2),
  ],
);

rewardTable(
  '`--online`: the same policies acting as each labelled test flow updates its signature’s N, C, B (class-balanced, mean ± 95% half-width):',
  (m) => (m?.online ? pm(m.online.avgReward, m.online.ci95?.avgReward) : '—'),
  () => ['', ''],
);

console.log('\nPPO-KG-PT − PPO, class-balanced, paired over seeds (mean [95% CI], p):\n');
console.log(line(['regime', 'PPO-KG-PT − PPO', 'PPO-KG − PPO', 'seeds']));
console.log(line(['---', '---', '---', '---']));
for (const { dir, r } of reports) {
  const v = (m: Method) => {
    const t = r.methods[m]?.vsPpo?.avgReward;
    return t
      ? `${t.meanDiff.toFixed(3)} [${t.ci95[0].toFixed(3)}, ${t.ci95[1].toFixed(3)}], p ${t.p.toFixed(3)}`
      : '—';
  };
  console.log(line([regimeName(r, dir), v('ppo-kg-pt'), v('ppo-kg'), String(r.regime.seeds)]));
}

console.log(
  "\n'Needs review' as selective prediction — AURC (lower is better) ranking each method's test decisions by the review score / by B alone / by π alone, mean over seeds; wrong = share of decisions whose action is not the true class's best; caught = share of those flagged:\n",
);
console.log(
  line([
    'regime',
    'method',
    'wrong',
    'flagged',
    'caught',
    'AURC review',
    'AURC B',
    'AURC π',
    'optimal',
    'paired p, review vs B / vs π',
  ]),
);
console.log(line(Array(10).fill('---')));
for (const { dir, r } of reports)
  for (const m of METHODS) {
    const v = r.methods[m]?.review;
    if (!v) continue;
    const best = Math.min(v.aurc, v.aurcByB, v.aurcByPi);
    const cell = (x: number) => (x === best ? `**${x.toFixed(4)}**` : x.toFixed(4));
    console.log(
      line([
        regimeName(r, dir),
        name(m, r),
        `${(100 * v.wrongActionShare).toFixed(1)}%`,
        `${(100 * v.flaggedShare).toFixed(1)}%`,
        v.wrongCaughtShare === null ? '—' : `${(100 * v.wrongCaughtShare).toFixed(1)}%`,
        cell(v.aurc),
        cell(v.aurcByB),
        cell(v.aurcByPi),
        v.aurcOptimal.toFixed(4),
        v.vsB && v.vsPi ? `${v.vsB.p.toFixed(3)} / ${v.vsPi.p.toFixed(3)}` : '—',
      ]),
    );
  }

console.log(
  '\nCalibration of B on the test flows (B counted on the held-out calibration split):\n',
);
console.log(line(['regime', 'ECE', 'detector right on']));
console.log(line(['---', '---', '---']));
for (const { dir, r } of reports) {
  const c = r.calibration as unknown as {
    ece: number;
    eceCi95?: [number, number];
    accuracy?: number;
  };
  console.log(
    line([
      regimeName(r, dir),
      pm(c.ece, c.eceCi95, 3),
      `${(100 * (r.detector.accuracy ?? NaN)).toFixed(1)}%`,
    ]),
  );
}

console.log('\nCommands (D=../shared/data/cicids2017):\n');
for (const { r } of reports)
  console.log(
    `    ${r.provenance?.command ? shortCommand(r.provenance.command) : '(no provenance)'}`,
  );

/** The paper's Table IV (SPEC.md), per class, for the comparison beside the same-distribution run. */
const PAPER: Record<string, Record<string, number>> = {
  PPO: {
    PortScan: 5,
    DoS: 5,
    Benign: -5,
    DDoS: 5,
    'SSH-Patator': 1.99,
    'FTP-Patator': 1.99,
    Web: -5,
    Infiltration: 5,
  },
  'PPO-KG': {
    PortScan: 5,
    DoS: 4.98,
    Benign: -0.11,
    DDoS: 4.99,
    'SSH-Patator': -3.87,
    'FTP-Patator': -4.99,
    Web: -4.88,
    Infiltration: 2.2,
  },
  'PPO-KG-PT': {
    PortScan: 5,
    DoS: 4.99,
    Benign: 4.99,
    DDoS: 4.99,
    'SSH-Patator': 1.97,
    'FTP-Patator': 1.98,
    Web: -4.94,
    Infiltration: 2.35,
  },
};
const same = reports.find(({ dir }) => dir.endsWith('regime-same'));
if (same) {
  const r = same.r;
  const classes = Object.keys(PAPER.PPO!);
  console.log(
    `\nPer class, same distribution (${r.regime.seeds} seeds, mean) beside the paper's Table IV (full original CIC-IDS2017, one run):\n`,
  );
  const header = [
    'class',
    ...METHODS.map((m) => name(m, r)),
    'oracle (train)',
    ...Object.keys(PAPER).map((p) => `paper ${p}`),
  ];
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const c of classes)
    console.log(
      line([
        c,
        ...METHODS.map((m) => r.methods[m]?.perClass[c]?.toFixed(2) ?? '—'),
        r.oracle.train.perClass[c]?.toFixed(2) ?? '—',
        ...Object.values(PAPER).map((p) => p[c]!.toFixed(2)),
      ]),
    );
  const paperMean = (p: Record<string, number>) =>
    classes.reduce((a, c) => a + p[c]!, 0) / classes.length;
  const prev = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'resources', 'prevalence.json'), 'utf8'),
  ) as {
    sets: Record<string, Record<string, number>>;
  };
  const mix = prev.sets['cicids2017-paper']!;
  const paperMix = (p: Record<string, number>) => {
    let s = 0;
    let w = 0;
    for (const c of classes) {
      s += (mix[c] ?? 0) * p[c]!;
      w += mix[c] ?? 0;
    }
    return s / w;
  };
  console.log(
    line([
      '**class-balanced** (mean of the rows above)',
      ...METHODS.map((m) => r.methods[m]?.avgReward.toFixed(3) ?? '—'),
      r.oracle.train.avgReward.toFixed(3),
      ...Object.values(PAPER).map((p) => paperMean(p).toFixed(3)),
    ]),
  );
  console.log(
    line([
      "**weighted by Table I's mix** (≈ per flow)",
      ...METHODS.map((m) => r.methods[m]?.avgRewardByMix.paper.toFixed(3) ?? '—'),
      r.oracle.train.avgRewardByMix.paper.toFixed(3),
      ...Object.values(PAPER).map((p) => paperMix(p).toFixed(3)),
    ]),
  );
  console.log(
    line(["paper's own 'Average' row", ...METHODS.map(() => ''), '', '1.13', '2.88', '4.91']),
  );
}
