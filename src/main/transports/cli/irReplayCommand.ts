/**
 * `rampart ir-replay`: incident response evaluated on replayed real traffic. Labelled CICFlowMeter
 * rows are split for the detector; the held-out half is replayed in time order as a live feed, and
 * each agent's approved containment takes effect on it. Per agent and attack: exposure (attack
 * flows through after the first alert), replay time to containment, benign flows blocked
 * (collateral), analyst answers needed and steps, over seeds.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IrLlm } from '../../domain/ir/llmAgent/call';
import {
  blockAllAgent,
  groundedAgent,
  llmChooserAgent,
  noneAgent,
  playbookAgent,
  replayAgent,
  replayData,
  type ChooserStats,
  type ReplayAgent,
} from '../../domain/ir/replay';
import type { ModelManager } from '../../domain/llm/modelManager';
import {
  optFlag,
  loadCliModel,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { table } from './format';
import { provenance } from './provenance';

/** Agents `--agents` may name; `llm` needs `--model`. */
export const REPLAY_AGENTS = ['none', 'block-all', 'playbook', 'grounded', 'llm'] as const;
const DEFAULT_AGENTS = ['none', 'block-all', 'playbook', 'grounded'];

/** One row of the result: an agent on one attack of one run. */
export interface ReplayRow {
  run: string;
  seed: number;
  agent: string;
  attack: string;
  flows: number;
  firstAlert: string | null;
  exposure: number;
  afterFirstAlert: number;
  /** Its flows that got through at all, before the first alert too (what the detector missed). */
  through: number;
  timeToContainmentS: number | null;
  collateral: number;
  benignFlows: number;
  analystAnswers: number;
  steps: number;
}

export const irReplay: CliCommand = {
  name: 'ir-replay',
  synopsis: [
    ['<csv…> [--agents none,block-all,playbook,grounded,llm] [--seed N | --seeds N] [--json]'],
    [
      '[--background BENIGN.csv] [--train-share 0.5 | --train CSV…] [--step-delay-s 60] [--gap-min 10]',
    ],
    ['[--out DIR] [--model FILE.gguf] [--llm-threads N]'],
  ],
  summary: ['replay labelled flows as a live feed and score response agents on them'],
  options: {
    agents: 'string',
    seed: 'string',
    seeds: 'string',
    json: 'boolean',
    background: 'string',
    'train-share': 'string',
    train: 'string',
    'step-delay-s': 'string',
    'gap-min': 'string',
    out: 'string',
    model: 'string',
    'llm-threads': 'string',
  },
  positionals: true,
  run: irReplayCommand,
};

function agentList(p: ParsedArgs): string[] {
  const names = (optString(p, 'agents') ?? DEFAULT_AGENTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!(REPLAY_AGENTS as readonly string[]).includes(n))
      throw new UsageError(`unknown agent "${n}" (agents: ${REPLAY_AGENTS.join(', ')})`);
  if (names.includes('llm') && !optString(p, 'model'))
    throw new UsageError('agent llm needs --model FILE.gguf');
  return names;
}

/** Runs: each CSV with the background file, or all CSVs together when there is none. */
function runsOf(p: ParsedArgs): { name: string; files: string[] }[] {
  if (!p.positionals.length)
    throw new UsageError('ir-replay needs labelled CICFlowMeter CSV files');
  const bg = p.options.get('background') ?? [];
  for (const f of [...p.positionals, ...bg])
    if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
  if (!bg.length)
    return [{ name: p.positionals.map((f) => basename(f)).join('+'), files: [...p.positionals] }];
  return p.positionals.map((f) => ({ name: basename(f), files: [f, ...bg] }));
}

async function irReplayCommand(p: ParsedArgs): Promise<number> {
  const agents = agentList(p);
  const runs = runsOf(p);
  const seeds = p.options.has('seeds')
    ? Array.from({ length: optNumber(p, 'seeds', 1, 1, 50) }, (_, i) => i + 1)
    : [optNumber(p, 'seed', 1, 0, 2 ** 31 - 1)];
  const trainShare = optNumber(p, 'train-share', 0.5, 0.05, 0.95);
  const train = p.options.get('train') ?? [];
  for (const f of train) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const stepDelayS = optNumber(p, 'step-delay-s', 60, 1, 86_400);
  const gapMin = optNumber(p, 'gap-min', 10, 0.1, 10_080);
  let manager: ModelManager | null = null;
  const chooser: ChooserStats = { calls: 0, dropped: 0, ms: 0 };
  if (agents.includes('llm')) {
    manager = await loadCliModel(p, optString(p, 'model')!);
  }
  const fixed: Record<string, ReplayAgent> = {
    none: noneAgent,
    'block-all': blockAllAgent,
    playbook: playbookAgent,
    grounded: groundedAgent,
  };
  const byName = (n: string): ReplayAgent =>
    fixed[n] ?? llmChooserAgent(new IrLlm(manager!), chooser);
  const rows: ReplayRow[] = [];
  const detectors: Record<string, unknown>[] = [];
  try {
    for (const run of runs)
      for (const seed of seeds) {
        const data = await replayData(run.files, { seed, trainShare, train });
        detectors.push({
          run: run.name,
          seed,
          flows: data.flows.length,
          unplaceable: data.unplaceable,
          ...data.detector,
          classNames: undefined,
        });
        for (const name of agents) {
          const r = await replayAgent(data.flows, byName(name), { stepDelayS, gapMin });
          for (const a of r.attacks)
            rows.push({
              run: run.name,
              seed,
              agent: name,
              attack: a.attack,
              flows: a.flows,
              firstAlert: a.firstAlert === null ? null : new Date(a.firstAlert).toISOString(),
              exposure: a.exposure,
              afterFirstAlert: a.afterFirstAlert,
              through: a.through,
              timeToContainmentS:
                a.timeToContainmentS === null ? null : Number(a.timeToContainmentS.toFixed(1)),
              collateral: r.collateral,
              benignFlows: r.benignFlows,
              analystAnswers: r.analystAnswers,
              steps: r.steps,
            });
        }
      }
  } finally {
    await manager?.dispose();
  }
  const report = {
    config: {
      agents,
      seeds,
      trainShare: train.length ? null : trainShare,
      train,
      stepDelayS,
      gapMin,
      runs,
    },
    detectors,
    llm: manager ? chooser : null,
    rows,
    totals: totals(rows, agents),
  };
  const out = optString(p, 'out');
  if (out) {
    mkdirSync(out, { recursive: true });
    const prov = await provenance(
      p.argv ?? ['ir-replay'],
      manager ? optString(p, 'model') : undefined,
    );
    writeFileSync(
      join(out, 'report.json'),
      JSON.stringify({ ...report, provenance: prov }, null, 2) + '\n',
    );
  }
  if (optFlag(p, 'json')) console.log(JSON.stringify(report, null, 2));
  else printReplay(report.totals, rows, agents);
  return 0;
}

/** Per agent, summed over runs and averaged over seeds. */
export function totals(rows: readonly ReplayRow[], agents: readonly string[]) {
  const seeds = new Set(rows.map((r) => r.seed)).size || 1;
  return agents.map((agent) => {
    const mine = rows.filter((r) => r.agent === agent);
    const perRun = new Map<string, ReplayRow>();
    for (const r of mine) perRun.set(`${r.run}|${r.seed}`, r);
    const runs = [...perRun.values()];
    const ttc = mine.filter((r) => r.timeToContainmentS !== null).map((r) => r.timeToContainmentS!);
    return {
      agent,
      exposure: mine.reduce((n, r) => n + r.exposure, 0) / seeds,
      afterFirstAlert: mine.reduce((n, r) => n + r.afterFirstAlert, 0) / seeds,
      contained: `${ttc.length}/${mine.filter((r) => r.firstAlert !== null).length}`,
      medianTimeToContainmentS: ttc.length
        ? [...ttc].sort((a, b) => a - b)[Math.floor(ttc.length / 2)]!
        : null,
      collateral: runs.reduce((n, r) => n + r.collateral, 0) / seeds,
      analystAnswers: runs.reduce((n, r) => n + r.analystAnswers, 0) / seeds,
      steps: runs.reduce((n, r) => n + r.steps, 0) / seeds,
    };
  });
}

function printReplay(
  t: ReturnType<typeof totals>,
  rows: readonly ReplayRow[],
  agents: readonly string[],
): void {
  const attacks = [...new Set(rows.map((r) => r.attack))].sort();
  const seeds = new Set(rows.map((r) => r.seed)).size || 1;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  console.log(
    table(
      ['attack', ...agents.map((a) => `${a} exposure`)],
      attacks.map((at) => [
        at,
        ...agents.map((ag) => {
          const rs = rows.filter((r) => r.agent === ag && r.attack === at);
          if (rs.every((r) => r.firstAlert === null))
            return `never alerted (${mean(rs.map((r) => r.through)).toFixed(0)} through)`;
          return `${mean(rs.map((r) => r.exposure)).toFixed(1)}/${mean(rs.map((r) => r.afterFirstAlert)).toFixed(0)}`;
        }),
      ]),
    ),
  );
  console.log(
    `\n(${seeds} seed${seeds > 1 ? 's' : ''}; exposure = attack flows through after the first alert / all after it)\n`,
  );
  console.log(
    table(
      [
        'agent',
        'exposure',
        'contained',
        'median s to containment',
        'collateral',
        'analyst answers',
        'steps',
      ],
      t.map((x) => [
        x.agent,
        x.exposure.toFixed(1),
        x.contained,
        x.medianTimeToContainmentS === null ? '-' : x.medianTimeToContainmentS.toFixed(0),
        x.collateral.toFixed(1),
        x.analystAnswers.toFixed(1),
        x.steps.toFixed(1),
      ]),
    ),
  );
}
