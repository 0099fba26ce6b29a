/**
 * Jump-forward decoding of the roles' answers. Every answer schema the roles use (objects whose
 * keys are all required, enums, booleans, bounded arrays, oneOf) describes a language of
 * canonical JSON texts (`{"key": value, ...}`, `[a, b]`) with finitely many options at each point.
 * The decoder walks it as a trie of the options' tokens (each option tokenised as the model's
 * tokenizer writes it): where only one token can follow it is appended without asking the model,
 * and the model is evaluated (all pending tokens in one batch) only where it has to choose, from
 * the logits of the allowed tokens (argmax, or a seeded softmax at the temperature). Tokens after
 * the last choice are never evaluated. Greedy answers are the model's under a grammar of the same
 * texts and tokenisations, with a few evaluations per answer instead of one per token.
 */
import type { GbnfJsonSchema, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { mulberry32 } from '../../random';
import { throwIfAborted } from '../../llm/lock';

/** A node of an answer language: literal text, a choice of sequences, or a bounded list. */
export type AnswerNode =
  | { k: 'lit'; text: string }
  | { k: 'alt'; options: AnswerNode[][] }
  | { k: 'list'; item: AnswerNode[]; min: number; max: number; n: number };

/** The canonical answer language of `schema`, or null when it uses what the decoder does not know. */
export function compileSchema(schema: GbnfJsonSchema): AnswerNode[] | null {
  const s = schema as Record<string, unknown>;
  const lit = (text: string): AnswerNode => ({ k: 'lit', text });
  if (Array.isArray(s.enum)) {
    const values = s.enum as unknown[];
    if (values.length === 0) return null;
    return [{ k: 'alt', options: values.map((v) => [lit(JSON.stringify(v))]) }];
  }
  if ('const' in s) return [lit(JSON.stringify(s.const))];
  const union = (s.oneOf ?? s.anyOf) as GbnfJsonSchema[] | undefined;
  if (Array.isArray(union)) {
    const options = union.map(compileSchema);
    if (options.length === 0 || options.some((o) => o === null)) return null;
    return [{ k: 'alt', options: options as AnswerNode[][] }];
  }
  if (s.type === 'boolean') return [{ k: 'alt', options: [[lit('true')], [lit('false')]] }];
  if (s.type === 'null') return [lit('null')];
  if (s.type === 'object') {
    const props = (s.properties ?? {}) as Record<string, GbnfJsonSchema>;
    const keys = Object.keys(props);
    const required = new Set((s.required ?? []) as string[]);
    if (keys.some((k) => !required.has(k))) return null; // optional keys: leave it to the grammar
    const out: AnswerNode[] = [];
    for (const [i, key] of keys.entries()) {
      const value = compileSchema(props[key]!);
      if (!value) return null;
      out.push(lit(`${i === 0 ? '{' : ', '}${JSON.stringify(key)}: `), ...value);
    }
    out.push(lit(keys.length ? '}' : '{}'));
    return out;
  }
  if (s.type === 'array' && s.items && !Array.isArray(s.items)) {
    const item = compileSchema(s.items as GbnfJsonSchema);
    if (!item) return null;
    const min = typeof s.minItems === 'number' ? s.minItems : 0;
    const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
    return [lit('['), { k: 'list', item, min, max, n: 0 }];
  }
  return null;
}

/** The ways a list can go on: close it (enough items), or one more item (room left). */
function listOptions(l: Extract<AnswerNode, { k: 'list' }>): AnswerNode[][] {
  const out: AnswerNode[][] = [];
  if (l.n >= l.min) out.push([{ k: 'lit', text: ']' }]);
  if (l.n < l.max) {
    const sep: AnswerNode[] = l.n > 0 ? [{ k: 'lit', text: ', ' }] : [];
    out.push([...sep, ...l.item, { ...l, n: l.n + 1 }]);
  }
  return out;
}

/** One option at a decision point: its text up to the next decision, and what follows it. */
export interface Option {
  text: string;
  rest: AnswerNode[];
}

/**
 * The options at the start of `cont`: literal text is carried along, the first choice branches,
 * and each branch runs to the next choice that follows some text of its own.
 */
function expand(cont: readonly AnswerNode[], branched = false): Option[] {
  let text = '';
  for (let i = 0; i < cont.length; i++) {
    const n = cont[i]!;
    if (n.k === 'lit') {
      text += n.text;
      continue;
    }
    if (branched && text !== '') return [{ text, rest: cont.slice(i) }];
    const rest = cont.slice(i + 1);
    const opts = n.k === 'alt' ? n.options : listOptions(n);
    return opts.flatMap((o) =>
      expand([...o, ...rest], true).map((x) => ({ text: text + x.text, rest: x.rest })),
    );
  }
  return [{ text, rest: [] }];
}

/**
 * The options at the start of `cont`, with distinct texts: options that share a text are
 * expanded further until they differ.
 */
export function distinctOptions(cont: readonly AnswerNode[]): Option[] {
  let opts = expand(cont);
  for (let round = 0; round < 8; round++) {
    const byText = new Map<string, Option[]>();
    for (const o of opts) byText.set(o.text, [...(byText.get(o.text) ?? []), o]);
    const clash = [...byText.values()].some((g) => g.length > 1 && g.some((o) => o.rest.length));
    if (!clash) return [...byText.values()].map((g) => g[0]!);
    opts = [...byText.values()].flatMap((g) =>
      g.length === 1 || g.every((o) => o.rest.length === 0)
        ? [g[0]!]
        : g.flatMap((o) => expand(o.rest).map((x) => ({ text: o.text + x.text, rest: x.rest }))),
    );
  }
  return opts;
}

interface Trie {
  children: Map<Token, Trie>;
  /** The option whose tokens end here. */
  end: Option | null;
}

function trieOf(model: LlamaModel, opts: readonly Option[]): Trie {
  const root: Trie = { children: new Map(), end: null };
  for (const o of opts) {
    let node = root;
    for (const t of model.tokenize(o.text, false, 'trimLeadingSpace')) {
      let next = node.children.get(t);
      if (!next) node.children.set(t, (next = { children: new Map(), end: null }));
      node = next;
    }
    node.end ??= o;
  }
  return root;
}

/** How the decoder samples at a decision: greedy at temperature 0, else seeded. */
export interface ChoiceSampling {
  temperature: number;
  seed: number;
  /**
   * Batches of PAD_FROM or more tokens are padded to this many (1: never). For the tiny test
   * models llama.cpp's CPU kernels are ~15× cheaper per token from 64-token batches on (measured
   * at 3,500 tokens of context: 63 tokens 97 ms, 64 tokens 6.5 ms, 1 token 2 ms).
   */
  minBatch: number;
}

/** Smaller batches are not padded: a single token is cheaper alone than in a padded batch. */
const PAD_FROM = 4;

/** The answer's tokens and how many times the model was evaluated for them. */
export interface ChoiceAnswer {
  tokens: Token[];
  /** Model evaluations (batches); every token of the answer is one of the model's choices or forced. */
  decodes: number;
  /** False when `maxTokens` cut the answer off. */
  complete: boolean;
}

/**
 * Decode one answer of the language `lang` after the prompt, whose tokens `promptTail` (at least
 * its last one) are not yet evaluated (the rest is in `seq`); they are evaluated with the answer's
 * first forced tokens. Leaves the sequence past the prompt; the caller rewinds it.
 */
export async function decodeChoices(
  model: LlamaModel,
  seq: LlamaContextSequence,
  lang: readonly AnswerNode[],
  promptTail: readonly Token[],
  signal: AbortSignal,
  maxTokens: number,
  sampling: ChoiceSampling,
): Promise<ChoiceAnswer> {
  const rand = mulberry32(sampling.seed);
  const out: Token[] = [];
  let pending: Token[] = [...promptTail];
  let decodes = 0;
  let cont: readonly AnswerNode[] = lang;
  while (cont.length > 0) {
    let node = trieOf(model, distinctOptions(cont));
    while (node.children.size > 0) {
      let next: Token;
      if (node.children.size === 1 && !node.end) next = node.children.keys().next().value!;
      else {
        throwIfAborted(signal);
        if (pending.length === 0) {
          // Right after a stop, its logits are gone: evaluate the last token again.
          await seq.eraseContextTokenRanges([
            { start: seq.nextTokenIndex - 1, end: seq.nextTokenIndex },
          ]);
          pending = [out[out.length - 1] ?? promptTail[promptTail.length - 1]!];
        }
        const allowed = [...node.children.keys()];
        next = await choose(seq, pending, allowed, node.end !== null, rand, sampling);
        decodes++;
        pending = [];
        if (next === STOP) break;
      }
      out.push(next);
      pending.push(next);
      if (out.length >= maxTokens) return { tokens: out, decodes, complete: false };
      node = node.children.get(next)!;
    }
    if (!node.end) throw new Error('the answer language has an option with no tokens');
    cont = node.end.rest;
  }
  return { tokens: out, decodes, complete: true };
}

/** Stands for "the option ends here" when a shorter option is a prefix of longer ones. */
const STOP = -1 as Token;

/**
 * Evaluate `pending` in one batch and pick the next token among `allowed` from the model's logits
 * (argmax at temperature 0, else softmax at the temperature). `canStop`: ending the option here is
 * also allowed; it is taken when the model's best token overall is none of `allowed`.
 */
async function choose(
  seq: LlamaContextSequence,
  pending: readonly Token[],
  allowed: readonly Token[],
  canStop: boolean,
  rand: () => number,
  sampling: ChoiceSampling,
): Promise<Token> {
  const options = { generateNext: { logits: { filter: { tokens: allowed, includeTop: 1 } } } };
  const input: unknown[] = pending.map((t, i) =>
    i === pending.length - 1 ? ([t, options] as const) : t,
  );
  // Padding after the last real token cannot change its logits (attention is causal); it is
  // erased before anything else is evaluated.
  const pad = pending.length >= PAD_FROM ? Math.max(0, sampling.minBatch - pending.length) : 0;
  for (let i = 0; i < pad; i++) input.push(pending[pending.length - 1]);
  const res = await seq.controlledEvaluate(input as Parameters<typeof seq.controlledEvaluate>[0]);
  if (pad > 0)
    await seq.eraseContextTokenRanges([
      { start: seq.nextTokenIndex - pad, end: seq.nextTokenIndex },
    ]);
  const logits = res[pending.length - 1]?.next.logits;
  if (!logits) throw new Error('the model returned no logits');
  if (canStop) {
    const top = logits.keys().next().value;
    if (top !== undefined && !allowed.includes(top)) return STOP;
  }
  const scored = allowed.map((t) => ({ t, l: logits.get(t) ?? -Infinity }));
  if (sampling.temperature <= 0) return scored.reduce((a, b) => (b.l > a.l ? b : a)).t;
  const max = Math.max(...scored.map((x) => x.l));
  const w = scored.map((x) => Math.exp((x.l - max) / sampling.temperature));
  let r = rand() * w.reduce((a, b) => a + b, 0);
  for (const [i, x] of scored.entries()) if ((r -= w[i]!) <= 0) return x.t;
  return scored[scored.length - 1]!.t;
}
