/**
 * Does the LLM advisor follow the knowledge graph, or the wording of its prompt? On a study's
 * warm-up KG (the same data, split, seed and detector as `rampart eval`), every distinct
 * (predicted type, signature) question of both splits is asked three times with the real model:
 *   as-is                — the prompt the advisor builds;
 *   records-shuffled     — the same KG records in a seeded random order;
 *   candidates-reordered — the same candidates listed in reverse order.
 * For each condition: how often the model picks a candidate with the best KG reward (over the
 * questions whose candidates have a recorded reward), how often it picks the first-listed
 * candidate, and how often its answer differs from the as-is answer (the share pushed by the
 * wording alone); per question and weighted by the question's flows.
 *
 *   node --import tsx scripts/llm-ablation.ts --model FILE.gguf [--data CSV…] [--seed 1]
 *        [--split 0.7] [--prompt default|paper] [--threads N] [--limit N] [--out DIR]
 *
 * --limit N asks a seeded sample of N questions (default: all). With --out, report.json holds
 * every answer and the command, the machine and the model file with its SHA-256.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdvisorQuery, KgAnswer, KgView } from '../src/main/domain/catalogue/types';
import { readSources, studyFromSources, warmUpKg } from '../src/main/domain/eval/prepare';
import { betaSummary } from '../src/main/domain/detector';
import { LlmAdvisor, ModelManager, type PromptStyle } from '../src/main/domain/llm';
import { mulberry32, shuffle } from '../src/main/domain/random';
import { provenance } from '../src/main/transports/cli/provenance';

const CONDITIONS = ['as-is', 'records-shuffled', 'candidates-reordered'] as const;
type Condition = (typeof CONDITIONS)[number];

const { values: o } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string', multiple: true },
    seed: { type: 'string', default: '1' },
    split: { type: 'string', default: '0.7' },
    prompt: { type: 'string', default: 'default' },
    threads: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!o.model) {
  console.error(
    'llm-ablation: --model FILE.gguf is required (npm run --silent fetch-model prints one)',
  );
  process.exit(2);
}
const style = o.prompt as PromptStyle;
if (style !== 'default' && style !== 'paper') throw new Error('--prompt is default or paper');
const seed = Number(o.seed);
const dir = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'cicids2017',
  'improved-rnd5000',
);
const data =
  o.data ??
  readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dir, f));

/** A seeded shuffle of a copy of `xs`, through the project's Fisher–Yates on an index array. */
function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const order = Uint32Array.from(xs, (_, i) => i);
  shuffle(order, rand);
  return Array.from(order, (i) => xs[i]!);
}

/** The graph as one condition shows it: same facts, another order. */
function view(kg: KgView, c: Condition, s: number): KgView {
  return {
    query(predictedClass: string, signature: number): KgAnswer {
      const a = kg.query(predictedClass, signature);
      if (c === 'records-shuffled')
        return { ...a, records: shuffled(a.records, mulberry32(s * 7919 + signature)) };
      if (c === 'candidates-reordered') return { ...a, candidates: [...a.candidates].reverse() };
      return a;
    },
  };
}

const t0 = performance.now();
const d = studyFromSources(await readSources(data), Number(o.split), seed);
const kg = warmUpKg(d, seed);
const prior = d.detector.options.prior;

// Every distinct question of both splits, with its flows and one row's confidence.
const questions = new Map<
  string,
  { p: number; sig: number; flows: number; n: number; c: number }
>();
for (const rows of [d.train, d.test])
  for (let i = 0; i < rows.size; i++) {
    const p = rows.predicted[i] ?? 0;
    const sig = rows.signature[i] ?? 0;
    const key = `${p}:${sig}`;
    const q = questions.get(key);
    if (q) q.flows++;
    else questions.set(key, { p, sig, flows: 1, n: rows.n[i] ?? 0, c: rows.c[i] ?? 0 });
  }
let asked = [...questions.values()].sort((a, b) => a.p - b.p || a.sig - b.sig);
if (o.limit) asked = shuffled(asked, mulberry32(seed)).slice(0, Number(o.limit));

const manager = new ModelManager();
const state = await manager.load({
  modelPath: o.model,
  ...(o.threads ? { threads: Number(o.threads) } : {}),
});
if (state.status !== 'loaded') throw new Error(`cannot load ${o.model}: ${JSON.stringify(state)}`);

interface Answer {
  predicted: string;
  signature: number;
  flows: number;
  candidates: number;
  /** Catalogue indices of the candidates with the best recorded KG reward ([] if none recorded). */
  best: number[];
  first: Record<Condition, number>;
  action: Record<Condition, number>;
  unusable: Record<Condition, boolean>;
  piOnBest: Record<Condition, number | null>;
}
const answers: Answer[] = [];
const views = Object.fromEntries(CONDITIONS.map((c) => [c, view(kg, c, seed)])) as Record<
  Condition,
  KgView
>;
const advisors = Object.fromEntries(
  CONDITIONS.map((c) => [
    c,
    new LlmAdvisor(manager, d.catalogue, views[c], { prompt: style, timeoutMs: 120_000 }),
  ]),
) as Record<Condition, LlmAdvisor>;
try {
  for (const [k, q] of asked.entries()) {
    const predicted = d.detector.classNames[q.p] ?? '?';
    const query: AdvisorQuery = {
      predictedClass: predicted,
      signature: q.sig,
      signatureText: d.detector.signatures.find((s) => s.leaf === q.sig)?.text ?? '',
      confidence: betaSummary(q.c, q.n, prior),
    };
    const ans = kg.query(predicted, q.sig);
    const rewarded = ans.candidates.filter((c) => c.historicalReward !== null);
    const top = Math.max(...rewarded.map((c) => c.historicalReward!));
    const best = rewarded.filter((c) => c.historicalReward === top).map((c) => c.action);
    const a: Answer = {
      predicted,
      signature: q.sig,
      flows: q.flows,
      candidates: ans.candidates.length,
      best,
      first: {} as Answer['first'],
      action: {} as Answer['action'],
      unusable: {} as Answer['unusable'],
      piOnBest: {} as Answer['piOnBest'],
    };
    for (const c of CONDITIONS) {
      const shown = views[c].query(predicted, q.sig);
      a.first[c] = shown.candidates[0]?.action ?? -1;
      const r = await advisors[c].advise(query);
      a.action[c] = r.action;
      a.unusable[c] = r.fallback !== null;
      a.piOnBest[c] = best.length ? best.reduce((s, b) => s + (r.distribution[b] ?? 0), 0) : null;
    }
    answers.push(a);
    if ((k + 1) % 20 === 0)
      console.error(
        `${k + 1}/${asked.length} questions, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
  }
} finally {
  await manager.dispose();
}

/** Share (plain and flow-weighted) of answers for which `hit` holds, among those `among` keeps. */
function share(hit: (a: Answer) => boolean, among: (a: Answer) => boolean = () => true) {
  const xs = answers.filter(among);
  const flows = xs.reduce((s, a) => s + a.flows, 0);
  return {
    n: xs.length,
    questions: xs.length ? xs.filter(hit).length / xs.length : null,
    flows: flows ? xs.filter(hit).reduce((s, a) => s + a.flows, 0) / flows : null,
  };
}
const multi = (a: Answer) => a.candidates > 1;
const hasBest = (a: Answer) => a.best.length > 0 && a.best.length < a.candidates;
const summary = Object.fromEntries(
  CONDITIONS.map((c) => [
    c,
    {
      picksBestKg: share((a) => a.best.includes(a.action[c]), hasBest),
      picksFirstListed: share((a) => a.action[c] === a.first[c], multi),
      differsFromAsIs: share((a) => a.action[c] !== a.action['as-is'], multi),
      unusable: share((a) => a.unusable[c]),
      meanPiOnBest:
        answers.filter(hasBest).reduce((s, a) => s + (a.piOnBest[c] ?? 0), 0) /
        Math.max(1, answers.filter(hasBest).length),
    },
  ]),
);
const report = {
  what: 'LLM advisor ablation: records shuffled, candidates reordered (scripts/llm-ablation.ts)',
  seed,
  split: Number(o.split),
  prompt: style,
  questions: answers.length,
  questionsInData: questions.size,
  seconds: (performance.now() - t0) / 1000,
  summary,
  answers,
  provenance: await provenance(
    ['node', '--import', 'tsx', 'scripts/llm-ablation.ts', ...process.argv.slice(2)],
    o.model,
  ),
};
// provenance() prefixes 'rampart'; this is a script, so say exactly what ran.
report.provenance.command = report.provenance.command.replace(/^rampart /, '');
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
console.log(
  `${answers.length} questions (${questions.size} in the data), prompt ${style}, ${report.seconds.toFixed(0)} s`,
);
console.log(
  'condition | picks best-KG (questions / flows) | picks first listed | differs from as-is | unusable | mean π on best',
);
for (const c of CONDITIONS) {
  const s = summary[c]!;
  console.log(
    `${c} | ${pct(s.picksBestKg.questions)} / ${pct(s.picksBestKg.flows)} (n ${s.picksBestKg.n}) | ${pct(s.picksFirstListed.questions)} (n ${s.picksFirstListed.n}) | ${pct(s.differsFromAsIs.questions)} / ${pct(s.differsFromAsIs.flows)} | ${pct(s.unusable.questions)} | ${s.meanPiOnBest.toFixed(3)}`,
  );
}
if (o.out) {
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`written ${join(o.out, 'report.json')}`);
}
