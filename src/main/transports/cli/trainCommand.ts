/** `rampart train`: train one method (in a worker thread, with progress) and save a checkpoint. */
import { readFileSync, writeFileSync } from 'node:fs';
import { KgAdvisor } from '../../domain/kg';
import { loadPrevalence, scoreDecisions } from '../../domain/eval/metrics';
import { adviseRows, prepareStudy, toAlertSet, warmUpKg } from '../../domain/eval/prepare';
import { DEFAULT_STUDY } from '../../domain/eval/study';
import {
  METHODS,
  save,
  selectBackend,
  trainInWorker,
  type Method,
  type PolicyCheckpoint,
} from '../../domain/rl';
import { optNumber, optString, UsageError, type CliCommand, type ParsedArgs } from './args';
import { llmFactory } from './evalCommand';

/** `rampart train`: one method, one checkpoint. */
export const train: CliCommand = {
  name: 'train',
  synopsis: [
    [
      '--data <csv…> --method ppo|ppo-kg|ppo-kg-pt|llm-kg|dl [--out FILE] [--resume FILE]',
      '[--split 0.7] [--seed N] [--passes 5] [--advisor kg|llm] [--model FILE.gguf] [--prompt default|paper]',
    ],
  ],
  summary: ['train one method (KG or LLM advisor) in a worker thread and save a checkpoint'],
  options: {
    data: 'list',
    method: 'string',
    out: 'string',
    resume: 'string',
    split: 'string',
    seed: 'string',
    passes: 'string',
    advisor: 'string',
    model: 'string',
    prompt: 'string',
  },
  positionals: false,
  run: trainCommand,
};

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
    ? (JSON.parse(readFileSync(resumePath, 'utf8')) as { policy: PolicyCheckpoint }).policy
    : undefined;
  const passes = optNumber(p, 'passes', DEFAULT_STUDY.passes, 0.01, 100);
  const llm = await llmFactory(p);
  try {
    return await trainWith(p, { data, method, seed, out, resume, passes, llm });
  } finally {
    await llm?.manager.dispose();
  }
}

async function trainWith(
  p: ParsedArgs,
  o: {
    data: string[];
    method: Method;
    seed: number;
    out: string;
    resume: PolicyCheckpoint | undefined;
    passes: number;
    llm: Awaited<ReturnType<typeof llmFactory>>;
  },
): Promise<number> {
  const { data, method, seed, out, resume, passes, llm } = o;
  const backend = await selectBackend('auto');
  console.log(`backend: ${backend.name} (${backend.reason})`);
  const d = await prepareStudy(data, optNumber(p, 'split', DEFAULT_STUDY.split, 0.05, 0.95), seed);
  const kg = warmUpKg(d, seed);
  const advisor = llm ? await llm.make(kg, d.catalogue) : new KgAdvisor(kg);
  const [trainAdvice, testAdvice] = [
    await adviseRows(d.train, d, advisor),
    await adviseRows(d.test, d, advisor),
  ];
  const which = llm
    ? `LLM advisor (${optString(p, 'model')}, prompt ${optString(p, 'prompt', 'default')})`
    : 'KG advisor (no LLM)';
  console.log(
    `advisor: ${which}; ${d.train.size} training flows, ${d.detector.signatures.length} signatures`,
  );
  let last = 0;
  const r = await trainInWorker(
    toAlertSet(d.train, d, trainAdvice),
    method,
    { seed, episodes: Math.round(passes * d.train.size) },
    {
      resume,
      onProgress: (e) => {
        if (Date.now() - last < 1000 && e.fraction < 1) return;
        last = Date.now();
        const reward = e.meanReward === null ? '' : ` reward ${e.meanReward.toFixed(3)}`;
        const kl = e.metrics
          ? ` KL(π‖π_LLM) ${e.metrics.kl_llm.toFixed(3)} λ ${e.lambda.toFixed(2)}`
          : '';
        console.log(
          `${e.phase} ${(100 * e.fraction).toFixed(0)}% episodes ${e.episodes}/${e.totalEpisodes}${reward}${kl} ${Math.round(e.sps)} eps/s`,
        );
      },
    },
  );
  const acts = r.policy.act(toAlertSet(d.test, d, testAdvice), true);
  const s = scoreDecisions(
    d.test,
    acts,
    d.rewards,
    d.catalogue.actions.length,
    d.best,
    loadPrevalence(),
  );
  writeFileSync(
    out,
    JSON.stringify({
      format: 'rampart-checkpoint',
      version: 1,
      method,
      seed,
      data,
      classNames: d.detector.classNames,
      testScores: s,
      policy: save(r.policy),
    }) + '\n',
  );
  console.log(
    `${method}: ${r.status}, ${r.episodes} episodes in ${r.seconds.toFixed(1)} s; test reward ${s.avgReward.toFixed(3)} (weighted ${s.avgRewardWeighted.toFixed(3)}); checkpoint ${out}`,
  );
  r.policy.dispose();
  return 0;
}
