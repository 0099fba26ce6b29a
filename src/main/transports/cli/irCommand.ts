/**
 * `rampart respond` and `rampart ir-eval`: the incident-response agents on the twin scenarios.
 * Both exit 3 (after printing everything) when an LLM agent's episode ended with an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENTS } from '../../domain/ir/agents';
import { isLlmAgent, LLM_AGENTS, type LlmEvalSettings } from '../../domain/ir/agents/llmAgents';
import {
  runEpisode,
  runIrEval,
  type EvalAgentName,
  type IrEvalReport,
  type RunResult,
} from '../../domain/ir/eval';
import { loadScenarioFile, scenarioModel, SCENARIOS } from '../../domain/ir/twin';
import type { ModelManager } from '../../domain/llm/modelManager';
import {
  optFlag,
  loadCliModel,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type OptionKind,
  type ParsedArgs,
} from './args';
import { table } from './format';
import { provenance } from './provenance';

const ALL_AGENTS: readonly string[] = [...AGENTS, ...LLM_AGENTS];
/** Exit code when the results are complete but some LLM episode ended with an error. */
export const EXIT_RUN_ERRORS = 3;
/** Options of the LLM agents, shared by respond and ir-eval. */
const LLM_OPTIONS: Record<string, OptionKind> = {
  model: 'string',
  'llm-candidates': 'string',
  'llm-rollouts': 'string',
  'llm-depth': 'string',
  'llm-decoder': 'string',
  'llm-threads': 'string',
};

function agentName(name: string): EvalAgentName {
  if (!ALL_AGENTS.includes(name))
    throw new UsageError(`unknown agent "${name}" (agents: ${ALL_AGENTS.join(', ')})`);
  return name as EvalAgentName;
}

/** The LLM agents' settings from the command line (defaults: the agent's own). */
function llmSettings(p: ParsedArgs): Partial<LlmEvalSettings> {
  const n = (name: string, fallback: number) => optNumber(p, name, fallback, 1, 100);
  const decoder = optString(p, 'llm-decoder', 'jump-forward');
  if (decoder !== 'jump-forward' && decoder !== 'grammar')
    throw new UsageError(`--llm-decoder is jump-forward or grammar, not "${decoder}"`);
  return {
    model: optString(p, 'model') ?? '',
    candidates: n('llm-candidates', 3),
    rollouts: n('llm-rollouts', 3),
    depthCap: n('llm-depth', 10),
    decoder,
  };
}

/**
 * Load the model once when an LLM agent is asked for (a usage error without --model); null
 * when none is. The caller disposes it.
 */
async function loadModel(p: ParsedArgs, agents: readonly string[]): Promise<ModelManager | null> {
  const llm = agents.filter(isLlmAgent);
  if (llm.length === 0) return null;
  const model = optString(p, 'model');
  if (!model) throw new UsageError(`agent ${llm.join(', ')} needs --model FILE.gguf`);
  return loadCliModel(p, model);
}

/** A scenario id, or a JSON scenario file (a path or *.json), loaded and registered. */
function scenarioId(id: string): string {
  if (/\.json$/i.test(id) || /[\\/]/.test(id)) return loadScenarioFile(id).spec.id;
  if (!SCENARIOS.some((s) => s.spec.id === id))
    throw new UsageError(
      `unknown scenario "${id}" (scenarios: ${SCENARIOS.map((s) => s.spec.id).join(', ')}, ` +
        'or a scenario file such as resources/scenarios/example-ransomware.json)',
    );
  return id;
}

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `rampart respond`: one agent on one scenario, step by step. */
export const respond: CliCommand = {
  name: 'respond',
  synopsis: [
    ['--scenario <id|file.json> [--agent twin-planner] [--seed N] [--json] [--model FILE.gguf]'],
  ],
  summary: ['run one incident-response agent on a twin scenario and print each step'],
  options: {
    scenario: 'string',
    agent: 'string',
    seed: 'string',
    json: 'boolean',
    ...LLM_OPTIONS,
  },
  positionals: false,
  run: respondCommand,
};

async function respondCommand(p: ParsedArgs): Promise<number> {
  const id = optString(p, 'scenario');
  if (!id) throw new UsageError('respond needs --scenario <id|file.json>');
  const spec = scenarioModel(scenarioId(id)).spec;
  const agent = agentName(optString(p, 'agent', 'twin-planner')!);
  const seed = optNumber(p, 'seed', 1, 0, 2 ** 31 - 1);
  const settings = llmSettings(p);
  const manager = await loadModel(p, [agent]);
  let r: RunResult;
  try {
    r = await runEpisode(spec, agent, seed, {}, manager ? { manager, settings } : undefined);
  } finally {
    await manager?.dispose();
  }
  if (optFlag(p, 'json')) {
    console.log(JSON.stringify(r, null, 2));
    return r.error === null ? 0 : EXIT_RUN_ERRORS;
  }
  console.log(`${spec.title} — agent ${agent}, seed ${seed}, T* = ${r.optimalSteps}\n`);
  for (const line of r.trace) console.log(line);
  console.log(
    `\n${r.success ? 'recovered' : 'NOT recovered'} in ${r.success ? r.steps : `${r.actions.length} (${r.error === null ? 'cap' : `stopped by an error; counts as the cap, ${r.steps}`})`} steps; ` +
      `weighted cost ${r.weightedCost}; ineffective ${r.ineffectiveActions}; invalid ${r.invalidActions}` +
      (r.conjectureCorrect === null
        ? ''
        : `; final conjecture ${r.conjectureCorrect ? 'right' : 'wrong'}`) +
      (r.llmCalls ? `; ${r.llmCalls} LLM calls, ${r.tokens} tokens` : ''),
  );
  if (r.error !== null) console.log(`ended with an error: ${r.error}`);
  return r.error === null ? 0 : EXIT_RUN_ERRORS;
}

/** `rampart ir-eval`: every agent on every scenario, against the optimum. */
export const irEval: CliCommand = {
  name: 'ir-eval',
  synopsis: [
    [
      '[--agents a,b] [--scenarios x,y] [--seeds 5] [--all-variants] [--json] [--out DIR]',
      '[--step-budget X] [--model FILE.gguf] [--llm-threads N] [--llm-candidates 3]',
      '[--llm-rollouts 3] [--llm-depth 10] [--llm-decoder jump-forward|grammar]',
    ],
  ],
  summary: [
    'every response agent on every twin scenario (or the scenario ids / JSON files given):',
    'steps vs the optimum T*, success, costs',
    '(--all-variants: each decoy variant is also run as the truth; the LLM agents',
    'llm-agent, llm-one-shot and llm-greedy need --model; exit 3 when an LLM episode',
    'ended with an error, after the full report)',
  ],
  options: {
    agents: 'string',
    scenarios: 'string',
    seeds: 'string',
    json: 'boolean',
    out: 'string',
    'all-variants': 'boolean',
    'step-budget': 'string',
    ...LLM_OPTIONS,
  },
  positionals: false,
  run: irEvalCommand,
};

async function irEvalCommand(p: ParsedArgs): Promise<number> {
  const agents = list(optString(p, 'agents', AGENTS.join(','))).map(agentName);
  const scenarios = list(optString(p, 'scenarios')).map(scenarioId);
  const seeds = optNumber(p, 'seeds', 5, 1, 1000);
  const json = optFlag(p, 'json');
  const llm = llmSettings(p);
  const manager = await loadModel(p, agents);
  let report: IrEvalReport;
  try {
    report = await runIrEval(
      {
        agents,
        scenarios,
        seeds,
        allVariants: optFlag(p, 'all-variants'),
        ...(p.options.has('step-budget')
          ? { stepBudget: optNumber(p, 'step-budget', 3, 1, 100) }
          : {}),
        ...(manager ? { llm } : {}),
      },
      json ? () => {} : (l) => console.log(l),
      manager ?? undefined,
    );
  } finally {
    await manager?.dispose();
  }
  const out = optString(p, 'out');
  if (out) {
    mkdirSync(out, { recursive: true });
    const stored = {
      ...report,
      provenance: await provenance(
        p.argv ?? ['ir-eval'],
        manager ? optString(p, 'model') : undefined,
      ),
    };
    writeFileSync(join(out, 'report.json'), JSON.stringify(stored, null, 2) + '\n');
    writeFileSync(join(out, 'table.md'), markdownTables(report));
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    const t = tables(report);
    console.log(
      `\n${table(t.overall.header, t.overall.body)}\n\n${table(t.steps.header, t.steps.body)}\n`,
    );
    const errors = errorLines(report);
    if (errors.length) console.log(`Runs that ended with an error:\n${errors.join('\n')}\n`);
    console.log(
      `${report.seconds.toFixed(1)} s in all${out ? `; written ${join(out, 'report.json')}, table.md` : ''}`,
    );
  }
  return errorLines(report).length ? EXIT_RUN_ERRORS : 0;
}

/** One line per run that ended with an error: scenario, agent, seed, message. */
export function errorLines(r: IrEvalReport): string[] {
  return Object.entries(r.scenarios).flatMap(([id, s]) =>
    s.errors.map((e) => `- ${id} ${e.agent} seed ${e.seed}: ${e.message}`),
  );
}

const f = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));

/** The overall table (agents × metrics) and the mean-steps table (scenarios × agents). */
export function tables(
  r: IrEvalReport,
): Record<'overall' | 'steps', { header: string[]; body: string[][] }> {
  const names = Object.keys(r.agents);
  return {
    overall: {
      header: [
        'agent',
        'mean steps',
        'steps/T*',
        'success',
        'weighted cost',
        'ineffective/run',
        'unnecessary/run',
        'invalid/run',
        'dropped/run',
        'conjecture acc.',
        'stage acc.',
        'abstentions',
        'LLM calls/step',
        'tokens/step',
        'ms/run',
        's/step',
        'errors',
      ],
      body: names.map((n) => {
        const a = r.agents[n]!;
        return [
          n,
          f(a.meanSteps, 1),
          f(a.stepsOverOptimal),
          `${(100 * a.successRate).toFixed(0)}%`,
          f(a.meanWeightedCost, 0),
          f(a.ineffectiveActions, 1),
          f(a.unnecessaryActions, 1),
          f(a.invalidActions, 1),
          f(a.droppedOutputs, 1),
          f(a.conjectureAccuracy),
          f(a.stageAccuracy),
          f(a.abstentions, 1),
          f(a.llmCallsPerStep, 1),
          f(a.tokensPerStep, 0),
          f(a.wallMsPerRun, 1),
          f(a.wallMsPerStep / 1000, 2),
          String(a.errors),
        ];
      }),
    },
    steps: {
      header: ['scenario (mean steps, success)', 'T*', ...names],
      body: Object.entries(r.scenarios).map(([id, s]) => [
        id.includes(':') ? id : `${id} (${s.trueVariant})`,
        String(s.optimalSteps),
        ...names.map((n) => {
          const a = s.agents[n]!;
          return `${a.meanSteps.toFixed(1)} ${(100 * a.successRate).toFixed(0)}%`;
        }),
      ]),
    },
  };
}

function markdownTables(r: IrEvalReport): string {
  const md = (t: { header: string[]; body: string[][] }) =>
    [t.header, t.header.map(() => '---'), ...t.body].map((c) => `| ${c.join(' | ')} |`).join('\n');
  const t = tables(r);
  return [
    `Incident response on the twin (${r.config.seeds} seeds per scenario; step cap ${r.config.stepCap}; failed runs count the cap)`,
    '',
    md(t.overall),
    '',
    md(t.steps),
    '',
    ...(errorLines(r).length ? ['Runs that ended with an error:', '', ...errorLines(r), ''] : []),
  ].join('\n');
}
