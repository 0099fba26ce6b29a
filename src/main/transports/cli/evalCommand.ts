/** `rampart eval` and `rampart train`: the paper's study and single-method training from the CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import type { Advisor } from '../../domain/catalogue/types';
import { lineChart } from '../../domain/eval/svgChart';
import { DEFAULT_STUDY, runStudy, type StudyReport } from '../../domain/eval/study';
import type { KnowledgeGraph } from '../../domain/kg';
import { LlmAdvisor, ModelManager, type PromptStyle } from '../../domain/llm';
import { METHODS, type BackendPreference, type Method } from '../../domain/rl';
import {
  optFlag,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { table } from './format';
import { provenance, type Provenance } from './provenance';

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** `rampart eval`: the paper's study. */
export const evalStudy: CliCommand = {
  name: 'eval',
  synopsis: [
    [
      '--data <csv…> [--methods ppo,ppo-kg,ppo-kg-pt,llm-kg,dl] [--split 0.7] [--seed N]',
      '[--advisor kg|llm] [--model FILE.gguf] [--prompt default|paper] [--passes 5]',
      '[--backend auto|wasm|cpu] [--json] [--out DIR]',
    ],
  ],
  summary: ["the paper's study: every method on a seeded split, against the per-signature oracle"],
  options: {
    data: 'list',
    methods: 'string',
    split: 'string',
    seed: 'string',
    advisor: 'string',
    model: 'string',
    prompt: 'string',
    json: 'boolean',
    out: 'string',
    passes: 'string',
    backend: 'string',
  },
  positionals: false,
  run: evalCommand,
};

async function evalCommand(p: ParsedArgs): Promise<number> {
  const data = p.options.get('data') ?? [];
  if (data.length === 0) throw new UsageError('eval needs --data <csv…>');
  const methods = (optString(p, 'methods') ?? DEFAULT_STUDY.methods.join(','))
    .split(',')
    .map((m) => m.trim());
  const bad = methods.filter((m) => !(METHODS as readonly string[]).includes(m));
  if (bad.length)
    throw new UsageError(`unknown method ${bad.join(', ')} (methods: ${METHODS.join(', ')})`);
  const backend = optString(p, 'backend', 'auto') as BackendPreference;
  if (!BACKENDS.includes(backend))
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}`);
  const json = optFlag(p, 'json');
  const llm = await llmFactory(p);
  try {
    const report = await runStudy(
      {
        data,
        methods: methods as Method[],
        split: optNumber(p, 'split', DEFAULT_STUDY.split, 0.05, 0.95),
        seed: optNumber(p, 'seed', DEFAULT_STUDY.seed, 0, 2 ** 31 - 1),
        passes: optNumber(p, 'passes', DEFAULT_STUDY.passes, 0.01, 100),
        backend,
        ...(llm ? { makeAdvisor: llm.make } : {}),
      },
      json ? () => {} : (line) => console.log(line),
    );
    const out = optString(p, 'out');
    const stored = { ...report, provenance: await provenance(p.argv ?? ['eval'], llm?.modelPath) };
    if (out) writeOutputs(out, stored);
    if (json) console.log(JSON.stringify(stored, null, 2));
    else printReport(report, out);
    return 0;
  } finally {
    await llm?.manager.dispose();
  }
}

/**
 * With --advisor llm: load the GGUF and build the LLM advisor over the study's KG, filling the
 * prompt --prompt names ('default', or 'paper': the paper's Table III).
 */
export async function llmFactory(p: ParsedArgs): Promise<{
  manager: ModelManager;
  modelPath: string;
  make: (kg: KnowledgeGraph, cat: Catalogue) => Promise<Advisor>;
} | null> {
  const kind = optString(p, 'advisor', 'kg');
  if (kind !== 'kg' && kind !== 'llm') throw new UsageError('--advisor must be kg or llm');
  const prompt = optString(p, 'prompt', 'default');
  if (prompt !== 'default' && prompt !== 'paper')
    throw new UsageError('--prompt must be default or paper');
  if (kind === 'kg') {
    if (prompt !== 'default') throw new UsageError('--prompt needs --advisor llm');
    return null;
  }
  const model = optString(p, 'model');
  if (!model) throw new UsageError('--advisor llm needs --model FILE.gguf');
  const manager = new ModelManager();
  const state = await manager.load({ modelPath: model });
  if (state.status !== 'loaded')
    throw new Error(
      `cannot load ${model}: ${state.status === 'error' ? state.message : state.status}`,
    );
  const style: PromptStyle = prompt;
  return {
    manager,
    modelPath: model,
    make: async (kg, cat) => new LlmAdvisor(manager, cat, kg, { prompt: style }),
  };
}

/** report.json, curves.svg and table.md under DIR. */
function writeOutputs(dir: string, r: StudyReport & { provenance: Provenance }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(r, null, 2) + '\n');
  const series = Object.entries(r.methods)
    .filter(([, m]) => m && m.curve.length > 0)
    .map(([name, m]) => ({
      name,
      points: m!.curve.map((c) => [c.episodes, c.meanReward] as [number, number]),
    }));
  writeFileSync(
    join(dir, 'curves.svg'),
    lineChart(series, {
      title: `Training reward (${r.advisor.toUpperCase()} advisor)`,
      xLabel: 'training episodes',
      yLabel: 'mean rollout reward',
      reference: { y: r.oracle.trainOnTrainFlows, label: 'oracle (train)' },
    }),
  );
  writeFileSync(join(dir, 'table.md'), markdownTable(r));
}

function rows(r: StudyReport): { header: string[]; body: string[][] } {
  const names = Object.keys(r.methods) as Method[];
  const classes = Object.keys(r.oracle.train.perClass);
  const f = (x: number | null | undefined, d = 2) =>
    x === null || x === undefined ? '—' : x.toFixed(d);
  const col = (get: (m: NonNullable<StudyReport['methods'][Method]>) => string) =>
    names.map((n) => get(r.methods[n]!));
  return {
    header: ['', ...names, 'oracle (train)', 'oracle (test)'],
    body: [
      ...classes.map((c) => [
        c,
        ...col((m) => f(m.perClass[c])),
        f(r.oracle.train.perClass[c]),
        f(r.oracle.test.perClass[c]),
      ]),
      [
        'average (class-balanced)',
        ...col((m) => f(m.avgReward, 3)),
        f(r.oracle.train.avgReward, 3),
        f(r.oracle.test.avgReward, 3),
      ],
      [
        'average (prevalence-weighted)',
        ...col((m) => f(m.avgRewardWeighted, 3)),
        f(r.oracle.train.avgRewardWeighted, 3),
        f(r.oracle.test.avgRewardWeighted, 3),
      ],
      [
        '% correct, detector right',
        ...col((m) => f(100 * m.correctWhenRight, 1)),
        f(100 * r.oracle.train.correctWhenRight, 1),
        f(100 * r.oracle.test.correctWhenRight, 1),
      ],
      [
        '% correct, detector wrong',
        ...col((m) => f(100 * m.correctWhenWrong, 1)),
        f(100 * r.oracle.train.correctWhenWrong, 1),
        f(100 * r.oracle.test.correctWhenWrong, 1),
      ],
      [
        '% positive reward, detector wrong',
        ...col((m) => f(100 * m.positiveWhenWrong, 1)),
        f(100 * r.oracle.train.positiveWhenWrong, 1),
        f(100 * r.oracle.test.positiveWhenWrong, 1),
      ],
      [
        'episodes to within 0.1 of oracle',
        ...col((m) =>
          m.episodesToNearOracle === null ? 'never/n.a.' : String(m.episodesToNearOracle),
        ),
        '',
        '',
      ],
      ['latency per decision (ms)', ...col((m) => f(m.latencyMs, 4)), '', ''],
      ['training time (s)', ...col((m) => f(m.trainSeconds, 1)), '', ''],
    ],
  };
}

function markdownTable(r: StudyReport): string {
  const { header, body } = rows(r);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `Average test reward per true class (${r.advisor.toUpperCase()} advisor, backend ${r.backend.name}; ${r.detector.trainRows} train / ${r.detector.testRows} test flows)`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...body.map(line),
    '',
  ].join('\n');
}

function printReport(r: StudyReport, out: string | undefined): void {
  const { header, body } = rows(r);
  console.log(`\n${table(header, body)}\n`);
  console.log(
    `advisor: ${r.advisor === 'kg' ? 'KG advisor (no LLM)' : 'LLM advisor'}; KG ${r.kg.nodes} nodes / ${r.kg.edges} edges; ${r.seconds.toFixed(1)} s in all`,
  );
  if (out) console.log(`written ${join(out, 'report.json')}, curves.svg, table.md`);
}
