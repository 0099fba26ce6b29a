/**
 * `rampart train`: train one method (in a worker thread, with progress) and save a checkpoint.
 * PPO-KG and PPO-KG-PT run the same KG cycles as `rampart eval` (trainWithKgCycles: the KG and the
 * advice refreshed after every pass from the pass's own episodes, λ falling once over the run,
 * N/C/B growing online); the checkpoint keeps the graph and the counts, so --resume continues them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import type { Advisor } from '../../domain/catalogue/types';
import { trainWithKgCycles, type CycleRunner } from '../../domain/eval/kgCycles';
import { loadPrevalence, scoreDecisions } from '../../domain/eval/metrics';
import {
  adviseRows,
  prepareStudy,
  toAlertSet,
  warmUpKg,
  type StudyData,
} from '../../domain/eval/prepare';
import { DEFAULT_STUDY } from '../../domain/eval/study';
import { fromKgJson, KgAdvisor, toKgJson, type KgJson, type KnowledgeGraph } from '../../domain/kg';
import {
  METHODS,
  methodTraits,
  save,
  selectBackend,
  SignatureCounts,
  trainInWorker,
  type Method,
  type Policy,
  type PolicyCheckpoint,
  type RlConfig,
  type TrainProgress,
} from '../../domain/rl';
import { optNumber, optString, UsageError, type CliCommand, type ParsedArgs } from './args';
import { llmFactory } from './evalCommand';

/** `rampart train`: one method, one checkpoint. */
export const train: CliCommand = {
  name: 'train',
  synopsis: [
    [
      '--data <csv…> --method ppo|ppo-kg|ppo-kg-pt|llm-kg|dl [--out FILE] [--resume FILE]',
      '[--split 0.7] [--seed N] [--passes 5] [--lambda X] [--advisor kg|llm] [--model FILE.gguf]',
      '[--prompt default|paper] [--llm-threads N]',
    ],
  ],
  summary: [
    'train one method (KG or LLM advisor; PPO-KG methods through the KG cycles of eval) in a worker thread and save a checkpoint',
  ],
  options: {
    data: 'list',
    method: 'string',
    out: 'string',
    resume: 'string',
    split: 'string',
    seed: 'string',
    passes: 'string',
    lambda: 'string',
    advisor: 'string',
    model: 'string',
    prompt: 'string',
    'llm-threads': 'string',
  },
  positionals: false,
  run: trainCommand,
};

/** The checkpoint file `train` writes and `--resume` reads. */
interface CheckpointFile {
  policy: PolicyCheckpoint;
  /** The run's KG after its last cycle (PPO-KG methods). */
  kg?: KgJson;
  /** Each signature's N, C after the run (PPO methods). */
  counts?: { signature: number[]; n: number[]; c: number[] };
}

interface TrainOptions {
  data: string[];
  method: Method;
  seed: number;
  out: string;
  resume: CheckpointFile | undefined;
  passes: number;
  /** --lambda: a fixed λ (lambdaStart = lambdaEnd = X) instead of the annealed default. */
  lambda: number | undefined;
  llm: Awaited<ReturnType<typeof llmFactory>>;
}

async function trainCommand(p: ParsedArgs): Promise<number> {
  const data = p.options.get('data') ?? [];
  if (data.length === 0) throw new UsageError('train needs --data <csv…>');
  const method = optString(p, 'method') as Method | undefined;
  if (!method || !METHODS.includes(method))
    throw new UsageError(`--method must be one of ${METHODS.join(', ')}`);
  const seed = optNumber(p, 'seed', DEFAULT_STUDY.seed, 0, 2 ** 31 - 1);
  const out = optString(p, 'out', `rampart-${method}.ckpt.json`) ?? `rampart-${method}.ckpt.json`;
  const resumePath = optString(p, 'resume');
  const resume = resumePath
    ? (JSON.parse(readFileSync(resumePath, 'utf8')) as CheckpointFile)
    : undefined;
  const passes = optNumber(p, 'passes', DEFAULT_STUDY.passes, 0.01, 100);
  const lambda = p.options.has('lambda') ? optNumber(p, 'lambda', 0, 0, 100) : undefined;
  if (lambda !== undefined && !methodTraits(method).kl)
    throw new UsageError(`--lambda weights the KL term of ppo-kg and ppo-kg-pt, not ${method}`);
  const llm = await llmFactory(p);
  try {
    return await trainWith(p, { data, method, seed, out, resume, passes, lambda, llm });
  } finally {
    await llm?.manager.dispose();
  }
}

/** A progress line at most once a second (and at the end of each phase). */
function progressPrinter(): (e: TrainProgress, cycle?: string) => void {
  let last = 0;
  return (e, cycle = '') => {
    if (Date.now() - last < 1000 && e.fraction < 1) return;
    last = Date.now();
    const reward = e.meanReward === null ? '' : ` reward ${e.meanReward.toFixed(3)}`;
    const kl = e.metrics
      ? ` KL(π‖π_LLM) ${e.metrics.kl_llm.toFixed(3)} λ ${e.lambda.toFixed(2)}`
      : '';
    console.log(
      `${cycle}${e.phase} ${(100 * e.fraction).toFixed(0)}% episodes ${e.episodes}/${e.totalEpisodes}${reward}${kl} ${Math.round(e.sps)} eps/s`,
    );
  };
}

/** What a training run handed back, whichever path ran it. */
interface Trained {
  policy: Policy;
  status: 'completed' | 'cancelled';
  episodes: number;
  seconds: number;
  testAdvice: Awaited<ReturnType<typeof adviseRows>>;
  kg: KgJson | undefined;
  counts: SignatureCounts | null;
}

async function trainWith(p: ParsedArgs, o: TrainOptions): Promise<number> {
  const { data, method, seed, out, passes, llm } = o;
  const backend = await selectBackend('auto');
  console.log(`backend: ${backend.name} (${backend.reason})`);
  const d = await prepareStudy(data, optNumber(p, 'split', DEFAULT_STUDY.split, 0.05, 0.95), seed);
  const which = llm
    ? `LLM advisor (${optString(p, 'model')}, prompt ${optString(p, 'prompt', 'default')})`
    : 'KG advisor (no LLM)';
  console.log(
    `advisor: ${which}; ${d.train.size} training flows, ${d.detector.signatures.length} signatures`,
  );
  const rl: Partial<RlConfig> & { seed: number } = {
    seed,
    ...(o.lambda !== undefined ? { lambdaStart: o.lambda, lambdaEnd: o.lambda } : {}),
  };
  const r = methodTraits(method).kl
    ? await cycled(d, o, rl, llm?.make)
    : await single(d, o, rl, llm?.make);
  const acts = r.policy.act(toAlertSet(d.test, d, r.testAdvice), true);
  const s = scoreDecisions(
    d.test,
    acts,
    d.rewards,
    d.catalogue.actions.length,
    d.best,
    loadPrevalence(),
  );
  const counts = r.counts?.snapshot();
  writeFileSync(
    out,
    JSON.stringify({
      format: 'rampart-checkpoint',
      version: 1,
      method,
      seed,
      data,
      passes,
      ...(o.lambda !== undefined ? { lambda: o.lambda } : {}),
      classNames: d.detector.classNames,
      testScores: s,
      policy: save(r.policy),
      ...(r.kg ? { kg: r.kg } : {}),
      ...(counts
        ? { counts: { signature: [...counts.signature], n: [...counts.n], c: [...counts.c] } }
        : {}),
    }) + '\n',
  );
  console.log(
    `${method}: ${r.status}, ${r.episodes} episodes in ${r.seconds.toFixed(1)} s; test reward ${s.avgReward.toFixed(3)} (weighted ${s.avgRewardWeighted.toFixed(3)}); checkpoint ${out}`,
  );
  r.policy.dispose();
  return 0;
}

/** The counts a resumed run continues, or the detector's. */
function startCounts(d: StudyData, resume: CheckpointFile | undefined): SignatureCounts {
  const prior = d.detector.options.prior;
  const c = resume?.counts;
  return c
    ? SignatureCounts.fromSnapshot(
        {
          signature: Int32Array.from(c.signature),
          n: Float64Array.from(c.n),
          c: Float64Array.from(c.c),
        },
        prior,
      )
    : SignatureCounts.fromRows(d.train, prior);
}

/** Builds the LLM advisor over a graph (--advisor llm); undefined: the KG advisor. */
type MakeAdvisor = ((kg: KnowledgeGraph, cat: Catalogue) => Promise<Advisor>) | undefined;

/** PPO-KG, PPO-KG-PT: the KG cycles of `eval`, each cycle in a worker. */
async function cycled(
  d: StudyData,
  o: TrainOptions,
  rl: Partial<RlConfig> & { seed: number },
  makeAdvisor: MakeAdvisor,
): Promise<Trained> {
  const kg = o.resume?.kg ? fromKgJson(o.resume.kg, d.catalogue, 'the checkpoint’s KG') : undefined;
  const counts = startCounts(d, o.resume);
  const print = progressPrinter();
  const run: CycleRunner = (set, method, cfg, resume, onProgress, signal) =>
    trainInWorker(set, method, cfg, { onProgress, signal, resume });
  const r = await trainWithKgCycles(d, o.method, rl, o.passes, makeAdvisor, undefined, {
    run,
    counts,
    ...(kg ? { kg } : {}),
    ...(o.resume ? { resume: o.resume.policy } : {}),
    onProgress: (e, c, cycles) => print(e, `cycle ${c}/${cycles} `),
  });
  const g = r.kg.counts();
  console.log(
    `KG after ${Math.ceil(o.passes)} cycle(s): version ${r.kg.version}, ${g.nodes} nodes / ${g.edges} edges`,
  );
  return {
    policy: r.result.policy,
    status: r.result.status,
    episodes: r.result.episodes,
    seconds: r.result.seconds,
    testAdvice: r.testAdvice,
    kg: toKgJson(r.kg),
    counts: r.counts,
  };
}

/** PPO, DL, LLM-KG: one call to the trainer, advice from the warm-up KG. */
async function single(
  d: StudyData,
  o: TrainOptions,
  rl: Partial<RlConfig> & { seed: number },
  makeAdvisor: MakeAdvisor,
): Promise<Trained> {
  const kg = warmUpKg(d, o.seed);
  const advisor = makeAdvisor ? await makeAdvisor(kg, d.catalogue) : new KgAdvisor(kg);
  const counts = methodTraits(o.method).rl ? startCounts(d, o.resume) : null;
  const rows = counts ? counts.apply(d.train) : d.train;
  const trainAdvice = await adviseRows(rows, d, advisor);
  const testAdvice = await adviseRows(d.test, d, advisor);
  const print = progressPrinter();
  const set = { ...toAlertSet(rows, d, trainAdvice), betaPrior: d.detector.options.prior };
  const r = await trainInWorker(
    set,
    o.method,
    { ...rl, episodes: Math.round(o.passes * d.train.size) },
    { resume: o.resume?.policy, onProgress: (e) => print(e) },
  );
  if (counts && r.counts) counts.assign(r.counts);
  return {
    policy: r.policy,
    status: r.status,
    episodes: r.episodes,
    seconds: r.seconds,
    testAdvice,
    kg: undefined,
    counts,
  };
}
