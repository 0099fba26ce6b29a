/**
 * The incident-response table in one command, timed: every agent (the six deterministic ones and
 * the three LLM agents on the tiny IR model through real node-llama-cpp) on every twin scenario,
 * one seed, as `rampart ir-eval` prints it. The goal: under 10 minutes on this machine.
 *
 *   node --import tsx scripts/bench/ir-table.ts [--out DIR]
 *
 * Prints the command, then one JSON line: wall seconds, the goal, per-agent summaries.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AGENTS } from '../../src/main/domain/ir/agents';
import { LLM_AGENTS } from '../../src/main/domain/ir/agents/llmAgents';
import type { IrEvalReport } from '../../src/main/domain/ir/eval';
import { writeTinyIrGguf } from '../../tests/helpers/tinyIrModel';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-ir-'));
const out = values.out ?? join(dir, 'ir-eval');
try {
  const model = join(dir, 'tiny-ir.gguf');
  await writeTinyIrGguf(model);
  const agents = [...AGENTS, ...LLM_AGENTS].join(',');
  const args = [
    'ir-eval',
    '--agents',
    agents,
    '--seeds',
    '1',
    '--model',
    model,
    '--llm-candidates',
    '2',
    '--llm-rollouts',
    '1',
    '--llm-depth',
    '3',
    '--out',
    out,
  ];
  console.error(`rampart ${args.join(' ')}`);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/main/transports/cli/index.ts', ...args],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as IrEvalReport;
  const agentsOut = Object.fromEntries(
    Object.entries(report.agents).map(([name, a]) => [
      name,
      {
        meanSteps: a.meanSteps,
        stepsOverOptimal: a.stepsOverOptimal,
        successRate: a.successRate,
        invalidActions: a.invalidActions,
        llmCallsPerStep: a.llmCallsPerStep,
        tokensPerStep: a.tokensPerStep,
        wallMsPerRun: a.wallMsPerRun,
      },
    ]),
  );
  console.log(
    JSON.stringify({
      bench: 'ir-table',
      command: `rampart ${args.join(' ')}`,
      exitCode: r.status,
      scenarios: Object.keys(report.scenarios).length,
      wallSeconds,
      goalSeconds: '< 600',
      agents: agentsOut,
    }),
  );
} finally {
  if (!values.out) rmSync(dir, { recursive: true, force: true });
}
