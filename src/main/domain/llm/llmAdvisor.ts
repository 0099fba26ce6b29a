/**
 * The LLM advisor (the paper's LLM-KG step): asks the loaded model which candidate action to take
 * for an alert, given the KG's records, and returns its choice with π_LLM over the catalogue.
 */
import type { LlamaGrammar, Token } from 'node-llama-cpp';
import type { Catalogue } from '../catalogue/catalogue';
import type { Advice, Advisor, AdvisorQuery, KgAnswer, KgView } from '../catalogue/types';
import { LruCache, adviceCacheKey } from './cache';
import { bestRewardCandidate, candidateDistribution, pointDistribution } from './distribution';
import type { CandidateScore } from './distribution';
import {
  answerTokenBudget,
  generateAnswer,
  promptTokens,
  rewind,
  scoreCandidates,
  syncPrompt,
} from './inference';
import type { InferenceStats } from './inference';
import { throwIfAborted, withTimeout } from './lock';
import type { LoadedModel, ModelManager } from './modelManager';
import {
  answerGrammar,
  answerPrefix,
  buildPrompt,
  candidateAnswer,
  instructionsFor,
} from './prompt';
import type { AdvisorPrompt, PromptCandidate, PromptStyle } from './prompt';

/** Options of the advisor; each documents its default. */
export interface LlmAdvisorOptions {
  /** Per-call time limit in ms, after which the generation is cancelled (default 30 000). */
  timeoutMs?: number;
  /** Cached answers kept (default 1024). */
  cacheSize?: number;
  /** Most tokens the constrained answer may take (default 32; more when a candidate needs more). */
  maxAnswerTokens?: number;
  /** The prompt: 'default' (Rampart's, a JSON answer) or 'paper' (Table III); default 'default'. */
  prompt?: PromptStyle;
}

/** Why the advice is not the model's own valid answer (null when it is). */
export type LlmFallback = 'unparseable' | 'unknown-action';

/** LLM advice: Advice plus how it was obtained. */
export interface LlmAdvice extends Advice {
  source: 'llm';
  /** Set when the model's answer was unusable and the best-reward candidate was taken instead. */
  fallback: LlmFallback | null;
  /** The model's raw answer text. */
  answerText: string;
  /** Whether this came from the advice cache (no model call). */
  cached: boolean;
  /** Tokens and timings of the model call that produced it. */
  stats: InferenceStats;
}

/** Asks the loaded LLM; see NoModelError for what happens when none is loaded. */
export class LlmAdvisor implements Advisor {
  readonly kind = 'llm' as const;
  private readonly cache: LruCache<LlmAdvice>;
  private cacheGeneration = -1;
  private readonly grammars = new Map<string, LlamaGrammar>();
  private readonly timeoutMs: number;
  private readonly maxAnswerTokens: number;
  private style: PromptStyle;

  constructor(
    private readonly manager: ModelManager,
    private readonly catalogue: Catalogue,
    private readonly kg: KgView,
    opts: LlmAdvisorOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxAnswerTokens = opts.maxAnswerTokens ?? 32;
    this.cache = new LruCache(opts.cacheSize ?? 1024);
    this.style = opts.prompt ?? 'default';
  }

  /** The prompt style in use. */
  get promptStyle(): PromptStyle {
    return this.style;
  }

  /** Switch the prompt style; cached answers (given under the other prompt) are dropped. */
  set promptStyle(style: PromptStyle) {
    if (style === this.style) return;
    this.style = style;
    this.cache.clear();
  }

  /** Drop every cached answer (e.g. after the analyst edits the catalogue). */
  clearCache(): void {
    this.cache.clear();
  }

  /** Advise on one alert; rejects with NoModelError (no model), AbortError (cancel or timeout). */
  async advise(
    q: AdvisorQuery,
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
  ): Promise<LlmAdvice> {
    const answer = this.kg.query(q.predictedClass, q.signature);
    const key = adviceCacheKey(q.predictedClass, q.signature, answer.version, this.style);
    // A hit must not queue behind another alert's model call.
    const early =
      this.manager.loadedGeneration === this.cacheGeneration ? this.cache.get(key) : undefined;
    if (early) return cachedCopy(early);
    const { signal: both, clear } = withTimeout(signal, timeoutMs);
    try {
      throwIfAborted(both);
      return await this.manager.use(async (m, used) => {
        if (m.generation !== this.cacheGeneration) {
          this.cache.clear(); // a different model answers differently
          this.grammars.clear();
          this.cacheGeneration = m.generation;
        }
        const hit = this.cache.get(key);
        if (hit) return cachedCopy(hit);
        const advice = await this.ask(m, q, answer, used);
        this.cache.set(key, advice);
        return advice;
      }, both);
    } finally {
      clear();
    }
  }

  /** Evaluate the fixed instructions into the sequence now, so the first alert pays only its own tokens. */
  async warmUp(signal?: AbortSignal): Promise<number> {
    return this.manager.use(async (m, used) => {
      const system = instructionsFor(this.style);
      const a = promptTokens(m, { system, user: 'a' });
      const b = promptTokens(m, { system, user: 'b' });
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      await syncPrompt(m.sequence, a.slice(0, n + 1), used, 256);
      return n;
    }, signal);
  }

  private async ask(
    m: LoadedModel,
    q: AdvisorQuery,
    answer: KgAnswer,
    signal: AbortSignal,
  ): Promise<LlmAdvice> {
    const { prompt, tokens } = this.fit(m, q, answer);
    const seq = m.sequence;
    const last = tokens[tokens.length - 1];
    if (last === undefined) throw new Error('empty prompt');
    let t0 = performance.now();
    const reusedTokens = await syncPrompt(seq, tokens, signal, Math.max(1, m.context.batchSize));
    const promptMs = performance.now() - t0;

    t0 = performance.now();
    const grammar = await this.grammar(m, prompt);
    let answerText: string;
    try {
      answerText = await generateAnswer(m, grammar, last, signal, this.answerTokens(m, prompt));
    } finally {
      await rewind(seq, tokens.length - 1);
    }
    const generateMs = performance.now() - t0;

    t0 = performance.now();
    const scores: CandidateScore[] = await scoreCandidates(
      m,
      tokens,
      prompt.candidates.map((c) => ({ action: c.action, text: candidateAnswer(prompt.style, c) })),
      signal,
      answerPrefix(prompt.style),
    );
    const scoreMs = performance.now() - t0;

    const { chosen, fallback } = validate(answerText, prompt.candidates, prompt.style);
    const n = this.catalogue.actions.length;
    const distribution = scores.length
      ? candidateDistribution(scores, n)
      : pointDistribution(
          chosen.action,
          prompt.candidates.map((c) => c.action),
          n,
        );
    return {
      action: chosen.action,
      reward: chosen.historicalReward ?? 0,
      distribution,
      source: 'llm',
      evidence: answer.records.slice(0, prompt.recordsUsed),
      fallback,
      answerText,
      cached: false,
      stats: { promptTokens: tokens.length, reusedTokens, promptMs, generateMs, scoreMs },
    };
  }

  /** Build the prompt, dropping KG records from the end (binary search) until it fits the context. */
  private fit(
    m: LoadedModel,
    q: AdvisorQuery,
    answer: KgAnswer,
  ): { prompt: AdvisorPrompt; tokens: Token[] } {
    const room = m.context.contextSize;
    const bare = buildPrompt(q, answer, this.catalogue, 0, this.style);
    const answers = bare.candidates.map((c) => candidateAnswer(this.style, c));
    const need =
      answerTokenBudget(m.model, answers, answerPrefix(this.style)) + this.answerTokens(m, bare);
    const attempt = (keep: number) => {
      const prompt = buildPrompt(q, answer, this.catalogue, keep, this.style);
      const tokens = promptTokens(m, prompt);
      return tokens.length + need <= room ? { prompt, tokens } : null;
    };
    const all = attempt(answer.records.length);
    if (all) return all;
    let best = attempt(0);
    if (!best)
      throw new Error(
        `the advisor prompt does not fit the model's context of ${room} tokens even without KG records: ` +
          'raise the context size in Model settings',
      );
    let lo = 0; // fits
    let hi = answer.records.length; // does not fit
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const r = attempt(mid);
      if (r) [lo, best] = [mid, r];
      else hi = mid;
    }
    return best;
  }

  /** The answer's token limit: maxAnswerTokens, or what the longest candidate answer takes. */
  private answerTokens(m: LoadedModel, p: AdvisorPrompt): number {
    const prefix = answerPrefix(p.style);
    const longest = Math.max(
      ...p.candidates.map(
        (c) => m.model.tokenize(prefix + candidateAnswer(p.style, c) + '}', false).length,
      ),
    );
    return Math.max(this.maxAnswerTokens, longest + 4);
  }

  private async grammar(m: LoadedModel, p: AdvisorPrompt): Promise<LlamaGrammar> {
    const key = `${p.style}:${p.candidates.map((c) => c.id).join(',')}`;
    let g = this.grammars.get(key);
    if (!g) {
      g = await m.llama.createGrammar({ grammar: answerGrammar(p.style, p.candidates) });
      this.grammars.set(key, g);
    }
    return g;
  }
}

/** A cache hit for the caller: its own copy of the distribution, so the cached one stays intact. */
function cachedCopy(a: LlmAdvice): LlmAdvice {
  return { ...a, distribution: a.distribution.slice(), evidence: [...a.evidence], cached: true };
}

/**
 * Check the model's answer against the candidates: a JSON object whose `action` is a candidate ID
 * (default style), or a candidate's name alone (paper style; its ID is accepted too). Anything
 * else falls back to the best-reward candidate, and says why.
 */
export function validate(
  answerText: string,
  candidates: readonly PromptCandidate[],
  style: PromptStyle = 'default',
): { chosen: PromptCandidate; fallback: LlmFallback | null } {
  if (style === 'paper') {
    const said = answerText
      .trim()
      .replace(/[.\s]+$/, '')
      .toLowerCase();
    const named = candidates.find(
      (c) => c.name.toLowerCase() === said || c.id.toLowerCase() === said,
    );
    if (named) return { chosen: named, fallback: null };
    return {
      chosen: bestRewardCandidate(candidates),
      fallback: said ? 'unknown-action' : 'unparseable',
    };
  }
  let id: unknown;
  try {
    const parsed: unknown = JSON.parse(answerText);
    id =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as { action?: unknown }).action
        : undefined;
  } catch {
    id = undefined;
  }
  const hit = candidates.find((c) => c.id === id);
  if (hit) return { chosen: hit, fallback: null };
  return {
    chosen: bestRewardCandidate(candidates),
    fallback: typeof id === 'string' ? 'unknown-action' : 'unparseable',
  };
}
