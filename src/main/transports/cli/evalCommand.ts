import { availableParallelism } from 'node:os';
/** `rampart eval` and `rampart train`: the paper's study and single-method training from the CLI. */
import type { Catalogue } from '../../domain/catalogue/catalogue';
import type { Advisor } from '../../domain/catalogue/types';
import { PREVALENCE_MIXES, type PrevalenceMix } from '../../domain/eval/regime';
import { DEFAULT_STUDY, runStudy, type StudyOptions } from '../../domain/eval/study';
import { DEFAULT_LAMBDA_SWEEP, lambdaSchedule, SWEPT_METHODS } from '../../domain/eval/sweep';
import { KgAdvisor, type KnowledgeGraph } from '../../domain/kg';
import type { ModelManager } from '../../domain/llm';
import {
  FallbackAdvisor,
  LlmAdvisor,
  sumCounts,
  type FallbackCounts,
  type PromptStyle,
} from '../../domain/llm';
import { METHODS, type Method } from '../../domain/rl';
import {
  optBackend,
  optFlag,
  loadCliModel,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { printReport, writeOutputs } from './evalReport';
import { provenance } from './provenance';

/** `rampart eval`: the paper's study. */
export const evalStudy: CliCommand = {
  name: 'eval',
  synopsis: [
    [
      '--data <csv…> [--split 0.7] | --train <csv…> --test <csv…>',
      '[--methods ppo,ppo-kg,ppo-kg-pt,llm-kg,dl] [--seed N] [--seeds N]',
      '[--prevalence release|paper|data] [--max-depth N] [--min-leaf N]',
      '[--lambda X] [--lambda-sweep default|λ,λ,…] [--advisor kg|llm] [--model FILE.gguf]',
      '[--prompt default|paper] [--llm-threads N] [--passes 5] [--online]',
      '[--backend auto|fast|wasm|cpu] [--jobs N] [--json] [--out DIR]',
    ],
  ],
  summary: [
    "the paper's study: every method on a seeded split (or a training and a separate test source),",
    'against the per-signature oracle; with --seeds N, means with 95% t intervals and paired',
    "t-tests against PPO; --prevalence weights per-class rewards by the full release's mix",
    "(default), the paper's Table I mix or the test data's own; --lambda-sweep: the paper's Fig. 3",
  ],
  options: {
    data: 'list',
    train: 'list',
    test: 'list',
    methods: 'string',
    split: 'string',
    seed: 'string',
    seeds: 'string',
    prevalence: 'string',
    'max-depth': 'string',
    'min-leaf': 'string',
    lambda: 'string',
    'lambda-sweep': 'string',
    advisor: 'string',
    model: 'string',
    prompt: 'string',
    'llm-threads': 'string',
    json: 'boolean',
    out: 'string',
    passes: 'string',
    backend: 'string',
    jobs: 'string',
    online: 'boolean',
  },
  positionals: false,
  run: evalCommand,
};

/** The study's options from the command line; a bad line is a UsageError before any data is read. */
export function studyOptions(p: ParsedArgs): Omit<StudyOptions, 'makeAdvisor'> {
  const data = p.options.get('data') ?? [];
  const trainFiles = p.options.get('train') ?? [];
  const test = p.options.get('test') ?? [];
  if (data.length && trainFiles.length)
    throw new UsageError('give the flows either as --data (split) or as --train with --test');
  if (trainFiles.length && !test.length)
    throw new UsageError('--train needs --test <csv…> (or use --data with --split)');
  if (test.length && !trainFiles.length && !data.length)
    throw new UsageError('--test needs --train <csv…>');
  if (!data.length && !trainFiles.length)
    throw new UsageError('eval needs --data <csv…> or --train <csv…> --test <csv…>');
  if (test.length && p.options.has('split'))
    throw new UsageError(
      '--split does not apply with --test: the detector trains on all of --train',
    );
  const methods = (optString(p, 'methods') ?? DEFAULT_STUDY.methods.join(','))
    .split(',')
    .map((m) => m.trim());
  const bad = methods.filter((m) => !(METHODS as readonly string[]).includes(m));
  if (bad.length)
    throw new UsageError(`unknown method ${bad.join(', ')} (methods: ${METHODS.join(', ')})`);
  const backend = optBackend(p);
  const prevalence = optString(p, 'prevalence', DEFAULT_STUDY.prevalence) as PrevalenceMix;
  if (!PREVALENCE_MIXES.includes(prevalence))
    throw new UsageError(`--prevalence must be one of ${PREVALENCE_MIXES.join(', ')}`);
  const seeds = optNumber(p, 'seeds', DEFAULT_STUDY.seeds, 1, 100);
  if (!Number.isInteger(seeds))
    throw new UsageError(`--seeds must be a whole number, got ${seeds}`);
  const tree: StudyOptions['tree'] = {};
  if (p.options.has('max-depth')) tree.maxDepth = optInt(p, 'max-depth', 1, 256);
  if (p.options.has('min-leaf')) tree.minSamplesLeaf = optInt(p, 'min-leaf', 1, 1e6);
  const rl: StudyOptions['rl'] = p.options.has('lambda')
    ? lambdaSchedule(optNumber(p, 'lambda', 0, 0, 100))
    : {};
  const sweep = optString(p, 'lambda-sweep');
  const sweepMethods = methods.filter((m) => (SWEPT_METHODS as readonly string[]).includes(m));
  if (sweep !== undefined && sweepMethods.length === 0)
    throw new UsageError(`--lambda-sweep needs one of ${SWEPT_METHODS.join(', ')} in --methods`);
  return {
    data: trainFiles.length ? trainFiles : data,
    test: test.length ? test : null,
    methods: methods as Method[],
    split: optNumber(p, 'split', DEFAULT_STUDY.split, 0.05, 0.95),
    seed: optNumber(p, 'seed', DEFAULT_STUDY.seed, 0, 2 ** 31 - 1),
    seeds,
    passes: optNumber(p, 'passes', DEFAULT_STUDY.passes, 0.01, 100),
    rl,
    tree,
    prevalence,
    lambdaSweep: sweep === undefined ? null : lambdaList(sweep),
    backend,
    // Methods train in parallel worker threads, one per core by default (results are the same).
    jobs: optInt(p, 'jobs', 1, 64, Math.min(64, availableParallelism())),
    nearTolerance: DEFAULT_STUDY.nearTolerance,
    online: optFlag(p, 'online'),
  };
}

/** `default` (DEFAULT_LAMBDA_SWEEP) or a comma-separated list of λ ≥ 0. */
function lambdaList(s: string): number[] {
  if (s === 'default') return [...DEFAULT_LAMBDA_SWEEP];
  const xs = s.split(',').map((x) => x.trim());
  const out = xs.map(Number);
  if (xs.some((x) => x === '') || out.some((x) => !Number.isFinite(x) || x < 0 || x > 100))
    throw new UsageError(
      `--lambda-sweep takes "default" or a list of λ from 0 to 100 such as 0,0.5,1, got "${s}"`,
    );
  return [...new Set(out)].sort((a, b) => a - b);
}

function optInt(p: ParsedArgs, name: string, min: number, max: number, fallback = min): number {
  const n = optNumber(p, name, fallback, min, max);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got ${n}`);
  return n;
}

async function evalCommand(p: ParsedArgs): Promise<number> {
  const opts = studyOptions(p);
  const json = optFlag(p, 'json');
  const llm = await llmFactory(p);
  try {
    const report = await runStudy(
      { ...opts, ...(llm ? { makeAdvisor: llm.make } : {}) },
      json ? () => {} : (line) => console.log(line),
    );
    const out = optString(p, 'out');
    const stored = {
      ...report,
      ...(llm ? { llmAnswers: llm.counts() } : {}),
      provenance: await provenance(p.argv ?? ['eval'], llm?.modelPath),
    };
    if (llm && !json) console.log(llmCountsLine(llm.counts()));
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
  /** What happened to every LLM question the study asked (timeouts, retries, fallbacks). */
  counts: () => FallbackCounts;
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
  const manager = await loadCliModel(p, model);
  const style: PromptStyle = prompt;
  const made: FallbackAdvisor[] = [];
  return {
    manager,
    modelPath: model,
    // A timed-out call is retried once with twice the time, then answered by the KG advisor over
    // the same graph; the counts go into the report, so a slow call cannot end an hour's study.
    make: async (kg, cat) => {
      const a = new FallbackAdvisor(
        new LlmAdvisor(manager, cat, kg, { prompt: style }),
        new KgAdvisor(kg),
      );
      made.push(a);
      return a;
    },
    counts: () => sumCounts(made.map((a) => a.counts)),
  };
}

/** One line on where the LLM study's advice came from. */
export function llmCountsLine(c: FallbackCounts): string {
  return (
    `LLM advice: ${c.asked} questions; ${c.byModel} answered by the model (${c.cached} from its cache, ` +
    `${c.unusable} unusable answers replaced by the best-reward candidate); ${c.timeouts} timed out, ` +
    `${c.retried} answered on retry, ${c.fellBack} answered by the KG advisor instead`
  );
}
