/**
 * The README's real-LLM tables, read from the stored reports (nothing typed in by hand):
 *
 *   node --import tsx scripts/llm-table.ts
 *
 * reads bench-results/llm-study-kg-advisor (the rule-based KG advisor), llm-study-gemma270m-a
 * (LLM-KG, PPO-KG with the LLM), -b (PPO-KG-PT with the LLM), -paper-prompt (LLM-KG with the
 * paper's prompt), llm-ablation-gemma270m and ir-llm-gemma270m/…; a missing one is said and
 * left out.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IrEvalReport } from '../src/main/domain/ir/eval';
import type { MethodReport, StudyReport } from '../src/main/domain/eval/study';
import type { FallbackCounts } from '../src/main/domain/llm';

type Stored = StudyReport & {
  llmAnswers?: FallbackCounts;
  provenance?: { command?: string; model?: { file: string; sha256: string } | null };
};
const root = join(import.meta.dirname, '..', 'bench-results');
function read<T>(dir: string): T | null {
  const f = join(root, dir, 'report.json');
  if (existsSync(f)) return JSON.parse(readFileSync(f, 'utf8')) as T;
  console.error(`llm-table: ${f} is missing; left out`);
  return null;
}
/** A stored command with each run of CSVs from one folder written back as that folder's glob. */
function short(command: string | undefined): string {
  return (command ?? '?').replace(/(?:(\S+)\/[^\s/]+\.csv)(?: \1\/[^\s/]+\.csv)*/g, '$1/*.csv');
}
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => line(Array.from({ length: n }, () => '---'));
const f2 = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d);
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`;

// --- the advisor and the learners -------------------------------------------------------------
const kg = read<Stored>('llm-study-kg-advisor');
const a = read<Stored>('llm-study-gemma270m-a');
const b = read<Stored>('llm-study-gemma270m-b');
const paper = read<Stored>('llm-study-gemma270m-paper-prompt');
const cols: { name: string; m: MethodReport | undefined; r: Stored | null }[] = [
  { name: 'LLM-KG (Gemma)', m: a?.methods['llm-kg'], r: a },
  { name: 'LLM-KG (Gemma, paper prompt)', m: paper?.methods['llm-kg'], r: paper },
  { name: 'PPO-KG (Gemma)', m: a?.methods['ppo-kg'], r: a },
  { name: 'PPO-KG-PT (Gemma)', m: b?.methods['ppo-kg-pt'], r: b },
  { name: 'KG advisor (no LLM)', m: kg?.methods['llm-kg'], r: kg },
  { name: 'PPO-KG (KG advisor)', m: kg?.methods['ppo-kg'], r: kg },
  { name: 'PPO-KG-PT (KG advisor)', m: kg?.methods['ppo-kg-pt'], r: kg },
  { name: 'PPO', m: kg?.methods.ppo, r: kg },
];
const shown = cols.filter((c) => c.m);
if (shown.length && kg) {
  const classes = Object.keys(kg.methods['llm-kg']?.perClass ?? {});
  console.log(line(['test reward per true class', ...shown.map((c) => c.name), 'oracle (train)']));
  console.log(rule(shown.length + 2));
  for (const cls of classes)
    console.log(
      line([cls, ...shown.map((c) => f2(c.m!.perClass[cls])), f2(kg.oracle.train.perClass[cls])]),
    );
  const row = (label: string, get: (m: MethodReport | StudyReport['oracle']['train']) => string) =>
    console.log(line([label, ...shown.map((c) => get(c.m!)), get(kg.oracle.train)]));
  row('average (class-balanced)', (m) => f2(m.avgReward, 3));
  row('average (prevalence-weighted)', (m) => f2(m.avgRewardWeighted, 3));
  row('% correct, detector right', (m) => f2(100 * m.correctWhenRight, 1));
  row('% correct, detector wrong', (m) => f2(100 * m.correctWhenWrong, 1));
  const extra = (label: string, get: (c: (typeof shown)[number]) => string) =>
    console.log(line([label, ...shown.map(get), '']));
  extra('advisor calls while training (rounds)', (c) =>
    c.m!.trainingAdvice ? `${c.m!.trainingAdvice.calls} (${c.m!.trainingAdvice.rounds})` : '—',
  );
  extra('s per advisor call while training', (c) =>
    c.m!.trainingAdvice && c.m!.trainingAdvice.calls
      ? f2(c.m!.trainingAdvice.ms / c.m!.trainingAdvice.calls / 1000)
      : '—',
  );
  extra('test-split advisor calls', (c) => (c.m!.advice ? String(c.m!.advice.calls) : '—'));
  extra('training time, learner only (s)', (c) => f2(c.m!.trainSeconds, 1));
  extra('whole run (s)', (c) => f2(c.r?.seconds, 0));
  console.log('');
  for (const [label, r] of [
    ['a', a],
    ['b', b],
    ['paper', paper],
  ] as const)
    if (r?.llmAnswers) {
      const n = r.llmAnswers;
      console.log(
        `- run ${label}: ${n.asked} LLM questions, ${n.byModel} answered by the model (${n.cached} from its cache, ${n.unusable} unusable), ${n.timeouts} timed out, ${n.retried} answered on retry, ${n.fellBack} by the KG advisor instead`,
      );
    }
  for (const [label, r] of [
    ['kg', kg],
    ['a', a],
    ['b', b],
    ['paper', paper],
  ] as const)
    if (r?.provenance) console.log(`- ${label}: \`${short(r.provenance.command)}\``);
  console.log('');
}

// --- the ablation -------------------------------------------------------------------------------
interface Share {
  n: number;
  questions: number | null;
  flows: number | null;
}
const abl = read<{
  questions: number;
  seconds: number;
  summary: Record<
    string,
    {
      picksBestKg: Share;
      picksFirstListed: Share;
      differsFromAsIs: Share;
      unusable: Share;
      meanPiOnBest: number;
    }
  >;
  provenance: { command: string };
}>('llm-ablation-gemma270m');
if (abl) {
  console.log(
    line([
      'prompt as',
      'picks a best-KG-reward action (questions / flows)',
      'picks the first-listed candidate',
      'answer differs from as-is (questions / flows)',
      'mean π_LLM on the best-KG actions',
    ]),
  );
  console.log(rule(5));
  for (const [c, s] of Object.entries(abl.summary))
    console.log(
      line([
        c,
        `${pct(s.picksBestKg.questions)} / ${pct(s.picksBestKg.flows)}`,
        pct(s.picksFirstListed.questions),
        c === 'as-is'
          ? '—'
          : `${pct(s.differsFromAsIs.questions)} / ${pct(s.differsFromAsIs.flows)}`,
        f2(s.meanPiOnBest, 3),
      ]),
    );
  const first = Object.values(abl.summary)[0]!;
  console.log(
    `\n${abl.questions} questions; ${first.picksBestKg.n} have a best-KG action that not every candidate shares, ${first.picksFirstListed.n} offer more than one candidate; ${abl.seconds.toFixed(0)} s. \`${abl.provenance.command}\`\n`,
  );
}

// --- the incident agents ----------------------------------------------------------------------
const irDir = join(root, 'ir-llm-gemma270m');
const irReports: IrEvalReport[] = [];
if (existsSync(irDir)) {
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'report.json')
        irReports.push(JSON.parse(readFileSync(join(d, e.name), 'utf8')) as IrEvalReport);
  };
  walk(irDir);
}
if (irReports.length) {
  // Merge per scenario (each report: some agents on some scenarios, one seed).
  const per = new Map<string, Map<string, IrEvalReport['scenarios'][string]['agents'][string]>>();
  const tStar = new Map<string, number>();
  for (const r of irReports)
    for (const [id, s] of Object.entries(r.scenarios)) {
      tStar.set(id, s.optimalSteps);
      for (const [agent, sum] of Object.entries(s.agents)) {
        if (!per.has(agent)) per.set(agent, new Map());
        per.get(agent)!.set(id, sum);
      }
    }
  console.log(
    line([
      'agent',
      'scenarios',
      'steps / T*',
      'success',
      'invalid actions executed / run',
      'outputs dropped / run',
      'ineffective / run',
      'LLM calls / step',
      'tokens / step',
      's / step',
      'errors',
    ]),
  );
  console.log(rule(11));
  for (const [agent, byId] of per) {
    const xs = [...byId.entries()];
    const mean = (g: (x: (typeof xs)[number][1], id: string) => number) =>
      xs.reduce((s, [id, x]) => s + g(x, id), 0) / xs.length;
    const steps = xs.reduce((s, [, x]) => s + x.meanSteps * x.runs, 0);
    const stepW = (g: (x: (typeof xs)[number][1]) => number) =>
      xs.reduce((s, [, x]) => s + g(x) * x.meanSteps * x.runs, 0) / Math.max(1, steps);
    console.log(
      line([
        agent,
        String(xs.length),
        f2(mean((x) => x.stepsOverOptimal)),
        pct(mean((x) => x.successRate)),
        f2(
          mean((x) => x.invalidActions),
          1,
        ),
        xs.every(([, x]) => x.droppedOutputs !== undefined)
          ? f2(
              mean((x) => x.droppedOutputs),
              1,
            )
          : '—',
        f2(
          mean((x) => x.ineffectiveActions),
          1,
        ),
        f2(
          stepW((x) => x.llmCallsPerStep),
          1,
        ),
        f2(
          stepW((x) => x.tokensPerStep),
          0,
        ),
        f2(
          stepW((x) => x.wallMsPerStep / 1000),
          2,
        ),
        String(xs.reduce((s, [, x]) => s + x.errors, 0)),
      ]),
    );
  }
  const agents = [...per.keys()];
  console.log('\n' + line(['scenario', 'T*', ...agents]));
  console.log(rule(agents.length + 2));
  for (const [id, t] of [...tStar].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])))
    console.log(
      line([
        id,
        String(t),
        ...agents.map((ag) => {
          const x = per.get(ag)!.get(id);
          return x ? `${x.meanSteps.toFixed(0)} ${pct(x.successRate)}` : '—';
        }),
      ]),
    );
  console.log(`\nstep cap: ${irReports[0]!.config.stepCap}`);
}
