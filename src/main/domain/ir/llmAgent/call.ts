/**
 * One JSON-schema-constrained call to the loaded model, shared by the response agent's four roles:
 * the prompt is synced into the one sequence reusing its longest cached prefix (the fixed
 * instructions and the incident context), the answer is generated under the schema's grammar,
 * and every call is cancellable, timed out and counted in tokens.
 */
import type { GbnfJsonSchema, LlamaJsonSchemaGrammar, Token } from 'node-llama-cpp';
import { generateTokens, promptTokens, rewind, syncPrompt } from '../../llm/inference';
import { AbortError, throwIfAborted, withTimeout } from '../../llm/lock';
import type { LoadedModel, ModelManager } from '../../llm/modelManager';
import { compileSchema, decodeChoices, type AnswerNode } from './choices';

/** Options of the call layer; each documents its default. */
export interface IrLlmOptions {
  /** Per-call time limit in ms, after which the call is cancelled (default 30 000). */
  timeoutMs?: number;
  /** Most tokens one answer may take when the request does not say (default 160). */
  maxAnswerTokens?: number;
  /**
   * 'jump-forward' (default): canonical JSON, the model evaluated only where it chooses (choices.ts);
   * 'grammar': node-llama-cpp's JSON-schema grammar, one evaluation per answer token. Schemas the
   * jump-forward decoder does not know always use the grammar.
   */
  decoder?: 'jump-forward' | 'grammar';
  /**
   * Jumping forward, pad each evaluation of 4 or more tokens to this many (see ChoiceSampling);
   * default 64 for models under 50 MB, where small batches are the cost, and 1 (no padding) else.
   */
  minBatch?: number;
}

const SMALL_MODEL_BYTES = 50 * 1024 * 1024;
const SMALL_MODEL_BATCH = 64;

/** One request: fixed instructions, the user text (fullest first), the answer's schema. */
export interface AskRequest {
  /** Which role asks (recorded with the stats). */
  role: string;
  /** The fixed instructions: identical for every call, so their KV cache is evaluated once. */
  system: string;
  /** User texts, fullest first; the first one that fits the context with room for the answer is sent. */
  users: readonly string[];
  schema: GbnfJsonSchema;
  /** 0 (default) decodes greedily; above 0 samples with `seed`. */
  temperature?: number;
  /** Sampling seed (default 1), so sampled calls are reproducible. */
  seed?: number;
  /** Most answer tokens (default: the call layer's maxAnswerTokens, or what `longest` needs). */
  maxTokens?: number;
  /**
   * The longest valid answer (e.g. every enum at its longest value): the token budget is at least
   * what it takes in this model's tokenizer plus room for the whitespace the grammar allows, so a
   * model with a small vocabulary is not cut off mid-answer.
   */
  longest?: unknown;
}

/** Tokens and time of one call. */
export interface CallStats {
  role: string;
  promptTokens: number;
  /** Prompt tokens already in the KV cache (the shared prefix of the previous call). */
  reusedTokens: number;
  completionTokens: number;
  /** Model evaluations the answer took (one per token under the grammar, fewer jumping forward). */
  decodes: number;
  ms: number;
  /** Of `ms`: building and tokenising the prompt (fitting it to the context). */
  fitMs: number;
  /** Of `ms`: evaluating the prompt tokens not already cached. */
  promptMs: number;
  /** Of `ms`: generating the answer (jumping forward, with the prompt's last new tokens). */
  generateMs: number;
}

/** The model's answer: its text, the parsed value (null when it is not schema-valid JSON) and stats. */
export interface LlmAnswer {
  text: string;
  value: unknown;
  stats: CallStats;
  /** Index in `users` of the user text that was sent. */
  userIndex: number;
}

/** Running totals over every call made through one IrLlm. */
export interface CallTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  reusedTokens: number;
}

/** Thrown when not even the shortest user text fits the model's context. */
export class PromptTooLongError extends Error {
  constructor(contextSize: number) {
    super(
      `the incident prompt does not fit the model's context of ${contextSize} tokens: ` +
        'raise the context size in Model settings',
    );
    this.name = 'PromptTooLongError';
  }
}

/** A call that ran past its time limit (an AbortError, so cancel handlers still see it as one). */
export class CallTimeoutError extends AbortError {
  constructor(message: string) {
    super(message);
    this.name = 'CallTimeoutError';
  }
}

/** The agent's access to the model: schema-constrained calls, counted. */
export class IrLlm {
  private readonly timeoutMs: number;
  private readonly maxAnswerTokens: number;
  private readonly decoder: 'jump-forward' | 'grammar';
  private readonly minBatch: number | undefined;
  private readonly grammars = new Map<string, LlamaJsonSchemaGrammar<GbnfJsonSchema>>();
  private readonly languages = new Map<string, AnswerNode[] | null>();
  private generation = -1;
  private readonly sums: CallTotals = {
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    reusedTokens: 0,
  };
  /** Called after every completed call with the user text sent and the answer (for logs and tests). */
  onCall: ((user: string, stats: CallStats, answer: string) => void) | null = null;

  constructor(
    private readonly manager: ModelManager,
    opts: IrLlmOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxAnswerTokens = opts.maxAnswerTokens ?? 160;
    this.decoder = opts.decoder ?? 'jump-forward';
    this.minBatch = opts.minBatch;
  }

  /** A copy of the running totals. */
  get totals(): CallTotals {
    return { ...this.sums };
  }

  /**
   * Ask once; rejects with AbortError on cancel, CallTimeoutError (an AbortError) on timeout,
   * PromptTooLongError when the prompt cannot fit, NoModelError with no model loaded.
   */
  async ask(req: AskRequest, signal?: AbortSignal, timeoutMs = this.timeoutMs): Promise<LlmAnswer> {
    const { signal: both, clear } = withTimeout(signal, timeoutMs);
    try {
      throwIfAborted(both);
      const answer = await this.manager.use((m, used) => this.run(m, req, used), both);
      this.sums.calls++;
      this.sums.promptTokens += answer.stats.promptTokens;
      this.sums.completionTokens += answer.stats.completionTokens;
      this.sums.reusedTokens += answer.stats.reusedTokens;
      return answer;
    } catch (err) {
      // Only the timer can abort `both` while the caller's signal is quiet.
      if (err instanceof AbortError && both.aborted && !signal?.aborted)
        throw new CallTimeoutError(err.message);
      throw err;
    } finally {
      clear();
    }
  }

  /**
   * Evaluate the fixed instructions `system` into the sequence now, so the first call pays only
   * for its own context; returns the number of prefix tokens cached.
   */
  async warmUp(system: string, signal?: AbortSignal): Promise<number> {
    return this.manager.use(async (m, used) => {
      const prompt = (user: string) =>
        promptTokens(m, { system, user, candidates: [], recordsUsed: 0 });
      const a = prompt('a');
      const b = prompt('b');
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      await syncPrompt(m.sequence, a.slice(0, n + 1), used, Math.max(1, m.context.batchSize));
      return n;
    }, signal);
  }

  private async run(m: LoadedModel, req: AskRequest, signal: AbortSignal): Promise<LlmAnswer> {
    if (m.generation !== this.generation) {
      this.grammars.clear(); // grammars belong to the llama binding of the model they were made for
      this.generation = m.generation;
    }
    const t0 = performance.now();
    const maxTokens = answerBudget(m, req, this.maxAnswerTokens);
    const { user, tokens, index } = fit(m, req, maxTokens);
    const last = tokens[tokens.length - 1];
    if (last === undefined) throw new Error('empty prompt');
    const t1 = performance.now();
    const lang = this.decoder === 'jump-forward' ? this.language(req.schema) : null;
    const chunk = Math.max(1, m.context.batchSize);
    // Jumping forward, the prompt's last new tokens (up to a batch) go in one batch with the
    // answer's opening: small batches cost far more per token than large ones on the CPU.
    const tail = lang ? Math.min(chunk, tokens.length - cachedPrefix(m, tokens)) : 1;
    const reusedTokens = await syncPrompt(
      m.sequence,
      tokens.slice(0, tokens.length - Math.max(1, tail) + 1),
      signal,
      chunk,
    );
    const t2 = performance.now();
    const sampling = { temperature: req.temperature ?? 0, seed: req.seed ?? 1 };
    const minBatch = this.minBatch ?? (m.model.size < SMALL_MODEL_BYTES ? SMALL_MODEL_BATCH : 1);
    let answer: { tokens: Token[]; decodes: number; parse: (text: string) => unknown };
    try {
      if (lang) {
        const pending = tokens.slice(tokens.length - Math.max(1, tail));
        const a = await decodeChoices(m.model, m.sequence, lang, pending, signal, maxTokens, {
          ...sampling,
          minBatch,
        });
        answer = { ...a, parse: (t) => (a.complete ? JSON.parse(t) : null) };
      } else {
        const grammar = await this.grammar(m, req.schema);
        const out = await generateTokens(m, grammar, last, signal, maxTokens, sampling);
        answer = { tokens: out, decodes: out.length, parse: (t) => grammar.parse(t) };
      }
    } finally {
      await rewind(m.sequence, tokens.length - 1);
    }
    const out = answer.tokens;
    const text = m.model.detokenize(out);
    let value: unknown = null;
    try {
      value = answer.parse(text);
    } catch {
      value = null; // cut off at maxTokens, or not valid under the schema: the role counts it invalid
    }
    const stats: CallStats = {
      role: req.role,
      promptTokens: tokens.length,
      reusedTokens,
      completionTokens: out.length,
      decodes: answer.decodes,
      ms: performance.now() - t0,
      fitMs: t1 - t0,
      promptMs: t2 - t1,
      generateMs: performance.now() - t2,
    };
    this.onCall?.(user, stats, text);
    return { text, value, stats, userIndex: index };
  }

  /** The schema's canonical answer language (null: the decoder does not know it; use the grammar). */
  private language(schema: GbnfJsonSchema): AnswerNode[] | null {
    const key = JSON.stringify(schema);
    if (!this.languages.has(key)) this.languages.set(key, compileSchema(schema));
    return this.languages.get(key) ?? null;
  }

  private async grammar(
    m: LoadedModel,
    schema: GbnfJsonSchema,
  ): Promise<LlamaJsonSchemaGrammar<GbnfJsonSchema>> {
    const key = JSON.stringify(schema);
    let g = this.grammars.get(key);
    if (!g) {
      g = await m.llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema);
      this.grammars.set(key, g);
    }
    return g;
  }
}

/** How many of the prompt's tokens (all but its last) the sequence already holds. */
function cachedPrefix(m: LoadedModel, tokens: readonly Token[]): number {
  const upTo = tokens.slice(0, -1);
  return Math.min(m.sequence.compareContextTokens(upTo).firstDifferentIndex, upTo.length);
}

/** Tokens an answer may take: the stated budget, raised to what the longest answer needs. */
function answerBudget(m: LoadedModel, req: AskRequest, fallback: number): number {
  const stated = req.maxTokens ?? fallback;
  if (req.longest === undefined) return stated;
  const text = JSON.stringify(req.longest);
  const need = m.model.tokenize(text, false, 'trimLeadingSpace').length;
  // The grammar lets a model put a space after every ':' and ',' (and newlines at times).
  const seps = (text.match(/[:,]/g) ?? []).length;
  return Math.max(stated, need + seps + 16);
}

/** The fullest user text whose prompt leaves room for the answer in the context. */
function fit(
  m: LoadedModel,
  req: AskRequest,
  maxTokens: number,
): { user: string; tokens: Token[]; index: number } {
  const room = m.context.contextSize - maxTokens;
  for (const [index, user] of req.users.entries()) {
    const tokens = promptTokens(m, { system: req.system, user, candidates: [], recordsUsed: 0 });
    if (tokens.length <= room) return { user, tokens, index };
  }
  throw new PromptTooLongError(m.context.contextSize);
}
