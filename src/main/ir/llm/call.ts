/**
 * One JSON-schema-constrained call to the loaded model, shared by the response agent's four roles:
 * the prompt is synced into the one sequence reusing its longest cached prefix (the fixed
 * instructions and the incident context), the answer is generated under the schema's grammar,
 * and every call is cancellable, timed out and counted in tokens.
 */
import type { GbnfJsonSchema, LlamaJsonSchemaGrammar, Token } from 'node-llama-cpp';
import { generateTokens, promptTokens, rewind, syncPrompt } from '../../llm/inference';
import { throwIfAborted, withTimeout } from '../../llm/lock';
import type { LoadedModel, ModelManager } from '../../llm/modelManager';

/** Options of the call layer; each documents its default. */
export interface IrLlmOptions {
  /** Per-call time limit in ms, after which the call is cancelled (default 30 000). */
  timeoutMs?: number;
  /** Most tokens one answer may take when the request does not say (default 160). */
  maxAnswerTokens?: number;
}

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
  ms: number;
}

/** The model's answer: its text, the parsed value (null when it is not schema-valid JSON) and stats. */
export interface LlmAnswer {
  text: string;
  value: unknown;
  stats: CallStats;
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

/** The agent's access to the model: schema-constrained calls, counted. */
export class IrLlm {
  private readonly timeoutMs: number;
  private readonly maxAnswerTokens: number;
  private readonly grammars = new Map<string, LlamaJsonSchemaGrammar<GbnfJsonSchema>>();
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
  }

  /** A copy of the running totals. */
  get totals(): CallTotals {
    return { ...this.sums };
  }

  /** Ask once; rejects with AbortError on cancel or timeout, NoModelError with no model loaded. */
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
    const { user, tokens } = fit(m, req, maxTokens);
    const last = tokens[tokens.length - 1];
    if (last === undefined) throw new Error('empty prompt');
    const reusedTokens = await syncPrompt(
      m.sequence,
      tokens,
      signal,
      Math.max(1, m.context.batchSize),
    );
    const grammar = await this.grammar(m, req.schema);
    let out: Token[];
    try {
      out = await generateTokens(m, grammar, last, signal, maxTokens, {
        temperature: req.temperature ?? 0,
        seed: req.seed ?? 1,
      });
    } finally {
      await rewind(m.sequence, tokens.length - 1);
    }
    const text = m.model.detokenize(out);
    let value: unknown = null;
    try {
      value = grammar.parse(text);
    } catch {
      value = null; // cut off at maxTokens, or not valid under the schema: the role counts it invalid
    }
    const stats: CallStats = {
      role: req.role,
      promptTokens: tokens.length,
      reusedTokens,
      completionTokens: out.length,
      ms: performance.now() - t0,
    };
    this.onCall?.(user, stats, text);
    return { text, value, stats };
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
): { user: string; tokens: Token[] } {
  const room = m.context.contextSize - maxTokens;
  for (const user of req.users) {
    const tokens = promptTokens(m, { system: req.system, user, candidates: [], recordsUsed: 0 });
    if (tokens.length <= room) return { user, tokens };
  }
  throw new PromptTooLongError(m.context.contextSize);
}
