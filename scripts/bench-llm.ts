/**
 * LLM advisor latency through the real node-llama-cpp path: the first call (nothing cached),
 * later calls that reuse the instructions' KV cache, and advice-cache hits. Also prompt and
 * generation speed (tokens/s), from which a larger model's latency can be extrapolated:
 *   t_call ≈ (promptTokens − reusedTokens) / promptTokensPerSec + answerTokens / genTokensPerSec + t_score
 * Usage: npx tsx scripts/bench-llm.ts [--threads N] [--prompt default|paper] [--format auto|chat|plain]
 *        [MODEL.gguf …]   (default: a generated tiny GGUF; `npm run fetch-model` prints a real one)
 * Prints one JSON line per model.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadCatalogue } from '../src/main/domain/catalogue/catalogue';
import type { Experience } from '../src/main/domain/catalogue/types';
import { KnowledgeGraph } from '../src/main/domain/kg';
import {
  LlmAdvisor,
  ModelManager,
  type LlmAdvice,
  type ModelSettings,
  type PromptStyle,
} from '../src/main/domain/llm';
import { writeTinyGguf } from '../tests/helpers/tinyGguf';

const cat = loadCatalogue();
const classes = Object.keys(cat.ranked);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** A KG with some history for 40 signatures, so prompts carry realistic records. */
function kgWithHistory(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  const exps: Experience[] = [];
  for (let i = 0; i < 4000; i++) {
    const sig = i % 40;
    const predicted = classes[sig % classes.length] ?? 'Benign';
    const truth = i % 7 === 0 ? 'DDoS' : predicted;
    const action = (i * 7) % cat.actions.length;
    exps.push({
      predictedClass: predicted,
      trueClass: truth,
      signature: sig,
      confidence: 0.9,
      action,
      reward: i % 3 === 0 ? 5 : -5,
    });
  }
  kg.update(exps);
  return kg;
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threads: { type: 'string', default: '1' },
    prompt: { type: 'string', default: 'default' },
    format: { type: 'string', default: 'auto' },
  },
});
const threads = Number(flags.threads);
const prompt = flags.prompt as PromptStyle;
const promptFormat = flags.format as NonNullable<ModelSettings['promptFormat']>;

async function bench(model: string) {
  const manager = new ModelManager({ gpu: false });
  const state = await manager.load({ modelPath: model, threads, contextSize: 2048, promptFormat });
  if (state.status !== 'loaded') throw new Error(`cannot load ${model}: ${JSON.stringify(state)}`);
  const advisor = new LlmAdvisor(manager, cat, kgWithHistory(), { prompt });
  const ask = (sig: number) =>
    advisor.advise({
      predictedClass: classes[sig % classes.length] ?? 'Benign',
      signature: sig,
      signatureText: `rule ${sig}`,
      confidence: { mean: 0.9, lo: 0.8, hi: 0.95 },
    }) as Promise<LlmAdvice>;
  const timed = async (sig: number) => {
    const t = performance.now();
    const a = await ask(sig);
    return { ms: performance.now() - t, a };
  };
  const first = await timed(0);
  const reused: { ms: number; a: LlmAdvice }[] = [];
  for (let s = 1; s < 16; s++) reused.push(await timed(s));
  const hits: number[] = [];
  for (let s = 1; s < 16; s++) hits.push((await timed(s)).ms);
  const st = reused.map((r) => r.a.stats);
  const evaluated = st.map((s) => s.promptTokens - s.reusedTokens);
  const result = {
    bench: 'llm',
    model: basename(model),
    sizeBytes: statSync(model).size,
    name: state.name,
    parameters: state.parameters,
    quantization: state.quantization,
    instructionTuned: state.instructionTuned,
    backend: state.backend,
    threads,
    prompt,
    promptFormat,
    fallbacks: [first, ...reused].filter((r) => r.a.fallback !== null).length,
    uncachedMs: first.ms,
    uncachedPromptTokens: first.a.stats.promptTokens,
    reusedPrefixMedianMs: median(reused.map((r) => r.ms)),
    reusedTokensMedian: median(st.map((s) => s.reusedTokens)),
    adviceCacheHitMedianMs: median(hits),
    promptTokensPerSec: median(
      st.map((s, i) => ((evaluated[i] ?? 0) / Math.max(1e-6, s.promptMs)) * 1000),
    ),
    scoreMsMedian: median(st.map((s) => s.scoreMs)),
    generateMsMedian: median(st.map((s) => s.generateMs)),
    formula:
      't_call ≈ (promptTokens − reusedTokens)/promptTokensPerSec + answer tokens × (generateMs/answer tokens) + scoreMs',
  };
  await manager.dispose();
  return result;
}

let models = positionals;
if (models.length === 0) {
  const p = join(mkdtempSync(join(tmpdir(), 'rampart-llm-bench-')), 'tiny.gguf');
  await writeTinyGguf(p);
  models = [p];
}
for (const m of models) console.log(JSON.stringify(await bench(m)));
