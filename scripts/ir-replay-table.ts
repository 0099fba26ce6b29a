/**
 * The README's replay-evaluation tables, read from the stored report (nothing typed by hand):
 *
 *   node --import tsx scripts/ir-replay-table.ts [bench-results/ir-replay-improved]
 *
 * Per attack and agent: exposure (attack flows through after the first alert, mean over seeds
 * with the min–max range), replay seconds to containment (median over seeds; "—" when an attack
 * was never contained), then per agent the totals: collateral, analyst answers, steps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayRow } from '../src/main/transports/cli/irReplayCommand';

const dir =
  process.argv[2] ?? join(import.meta.dirname, '..', 'bench-results', 'ir-replay-improved');
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
  config: { agents: string[]; seeds: number[]; stepDelayS: number; trainShare: number };
  rows: ReplayRow[];
  llm: { calls: number; dropped: number; ms: number } | null;
  detectors: { run: string; seed: number; macroF1: number; flows: number }[];
  provenance: {
    command: string;
    machine: { cpu: string; cores: number };
    model: { file: string; sha256: string } | null;
  };
};
const { agents, seeds } = report.config;
const rows = report.rows;
const attacks = [...new Set(rows.map((r) => r.attack))].sort();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const range = (xs: number[]) =>
  Math.min(...xs) === Math.max(...xs) ? '' : ` (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;

console.log(
  `Command: \`${report.provenance.command.replace(/\S+\/improved-rnd5000\/(?!BENIGN)[^\s]+\.csv( |$)/g, '').trim()} <the 15 attack files>\``,
);
console.log(
  `Machine: ${report.provenance.machine.cpu}, ${report.provenance.machine.cores} cores; seeds ${seeds.join(', ')}; analyst step ${report.config.stepDelayS} s; detector trained on ${report.config.trainShare * 100}% (macro-F1 ${mean(report.detectors.map((d) => d.macroF1)).toFixed(3)} on the replayed half, mean over runs)` +
    (report.provenance.model
      ? `; LLM ${report.provenance.model.file} (SHA-256 ${report.provenance.model.sha256.slice(0, 12)}…), ${report.llm?.calls} calls, ${report.llm?.dropped} answers naming no candidate`
      : ''),
);
console.log('');
console.log(`| attack | after first alert | ${agents.join(' | ')} |`);
console.log(`|---|---|${agents.map(() => '---').join('|')}|`);
for (const at of attacks) {
  const cells = agents.map((ag) => {
    const rs = rows.filter((r) => r.agent === ag && r.attack === at);
    const e = rs.map((r) => r.exposure);
    const t = rs.filter((r) => r.timeToContainmentS !== null).map((r) => r.timeToContainmentS!);
    return `${fmt(mean(e))}${range(e)} · ${t.length === rs.length && t.length ? `${fmt(median(t))} s` : t.length ? `${fmt(median(t))} s (${t.length}/${rs.length})` : '—'}`;
  });
  const after = mean(
    rows.filter((r) => r.attack === at && r.agent === agents[0]).map((r) => r.afterFirstAlert),
  );
  console.log(`| ${at} | ${fmt(after)} | ${cells.join(' | ')} |`);
}
console.log('');
console.log(
  'Cells: exposure (attack flows through after the first alert; mean over seeds, min–max) · median replay seconds to containment.',
);
console.log('');
console.log(
  '| agent | exposure (sum over attacks) | attacks contained | collateral (benign flows blocked) | analyst answers | steps |',
);
console.log('|---|---|---|---|---|---|');
for (const ag of agents) {
  const mine = rows.filter((r) => r.agent === ag);
  const perRun = new Map<string, ReplayRow>();
  for (const r of mine) perRun.set(`${r.run}|${r.seed}`, r);
  const runs = [...perRun.values()];
  const bySeed = (f: (r: ReplayRow) => number, rs: ReplayRow[]) =>
    seeds.map((s) => rs.filter((r) => r.seed === s).reduce((n, r) => n + f(r), 0));
  const exp = bySeed((r) => r.exposure, mine);
  const col = bySeed((r) => r.collateral, runs);
  const contained = mine.filter((r) => r.timeToContainmentS !== null).length;
  const alerted = mine.filter((r) => r.firstAlert !== null).length;
  console.log(
    `| ${ag} | ${fmt(mean(exp))}${range(exp)} | ${contained}/${alerted} | ${fmt(mean(col))}${range(col)} | ${fmt(mean(bySeed((r) => r.analystAnswers, runs)))} | ${fmt(mean(bySeed((r) => r.steps, runs)))} |`,
  );
}
