/**
 * The advisor's work on the one context sequence: sync the prompt into the KV cache reusing the
 * longest cached prefix (the fixed instructions), generate a grammar-constrained answer, and score
 * every candidate's answer tokens.
 */
import { LlamaGrammarEvaluationState, resolveChatWrapper } from 'node-llama-cpp';
import type { LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp';
import type { CandidateScore } from './distribution';
import { throwIfAborted } from './lock';
import type { LoadedModel } from './modelManager';
import type { AdvisorPrompt } from './prompt';

/** Token counts and timings of one call, to show the prefix cache at work. */
export interface InferenceStats {
  promptTokens: number;
  /** Prompt tokens already in the KV cache (the fixed instructions, at least, after the first call). */
  reusedTokens: number;
  promptMs: number;
  generateMs: number;
  scoreMs: number;
}

/**
 * Tokens of the full prompt: laid out by the model's chat wrapper (its template's turns and special
 * tokens) for instruction-tuned models, plain text otherwise (ModelSettings.promptFormat). The
 * prompt's own text never becomes special tokens: a `<start_of_turn>` inside it stays text.
 */
export function promptTokens(
  m: LoadedModel,
  p: Pick<AdvisorPrompt, 'system' | 'user'> & Partial<AdvisorPrompt>,
): Token[] {
  if (m.promptFormat === 'chat') {
    const wrapper = resolveChatWrapper(m.model);
    if (!wrapper)
      throw new Error('node-llama-cpp knows no chat format for this model: load it as plain text');
    const { contextText } = wrapper.generateContextState({
      chatHistory: [
        { type: 'system', text: p.system },
        { type: 'user', text: p.user },
        { type: 'model', response: [] },
      ],
    });
    return contextText.tokenize(m.model.tokenizer);
  }
  const bos =
    m.model.tokens.shouldPrependBosToken && m.model.tokens.bos !== null ? [m.model.tokens.bos] : [];
  return [...bos, ...m.model.tokenize(`${p.system}\n\n${p.user}\n`, false)];
}

/** Tokens of a continuation (no BOS, no SPM leading space). */
function continuation(model: LlamaModel, text: string): Token[] {
  return model.tokenize(text, false, 'trimLeadingSpace');
}

/** Tokens the answer prefix and the longest candidate answer (plus its closing `}`) take. */
export function answerTokenBudget(
  model: LlamaModel,
  answers: readonly string[],
  prefix: string,
): number {
  const longest = Math.max(...answers.map((a) => continuation(model, a + '}').length));
  return (prefix ? continuation(model, prefix).length : 0) + longest + 4;
}

/**
 * Make the sequence hold exactly `tokens[0..n-1)`, evaluating only what differs from its current
 * history, in chunks so a cancel is honoured between them. Returns how many were reused.
 */
export async function syncPrompt(
  seq: LlamaContextSequence,
  tokens: readonly Token[],
  signal: AbortSignal,
  chunk: number,
): Promise<number> {
  const upTo = tokens.slice(0, -1);
  const reused = Math.min(seq.compareContextTokens(upTo).firstDifferentIndex, upTo.length);
  if (reused < seq.nextTokenIndex)
    await seq.eraseContextTokenRanges([{ start: reused, end: seq.nextTokenIndex }]);
  for (let i = reused; i < upTo.length; i += chunk) {
    throwIfAborted(signal);
    await seq.evaluateWithoutGeneratingNewTokens(upTo.slice(i, i + chunk));
  }
  return reused;
}

/** Rewind the sequence to its first `n` tokens. */
export async function rewind(seq: LlamaContextSequence, n: number): Promise<void> {
  if (seq.nextTokenIndex > n)
    await seq.eraseContextTokenRanges([{ start: n, end: seq.nextTokenIndex }]);
}

/**
 * Greedy grammar-constrained generation from the prompt's last token (the rest is already in the
 * sequence); stops at end of generation, a complete JSON object, or `maxTokens`.
 */
export async function generateAnswer(
  m: LoadedModel,
  grammar: LlamaGrammar,
  lastPromptToken: Token,
  signal: AbortSignal,
  maxTokens: number,
): Promise<string> {
  return m.model.detokenize(await generateTokens(m, grammar, lastPromptToken, signal, maxTokens));
}

/**
 * The tokens of a grammar-constrained answer: greedy, or sampled at `temperature` with `seed`;
 * stops at end of generation, a complete JSON value, or `maxTokens`.
 */
export async function generateTokens(
  m: LoadedModel,
  grammar: LlamaGrammar,
  lastPromptToken: Token,
  signal: AbortSignal,
  maxTokens: number,
  sampling: { temperature: number; seed?: number } = { temperature: 0 },
): Promise<Token[]> {
  const state = new LlamaGrammarEvaluationState({ model: m.model, grammar });
  const out: Token[] = [];
  const options = sampling.temperature > 0 ? sampling : { temperature: 0 };
  for await (const t of m.sequence.evaluate([lastPromptToken], {
    grammarEvaluationState: state,
    ...options,
  })) {
    throwIfAborted(signal);
    if (m.model.isEogToken(t)) break;
    out.push(t);
    if (out.length >= maxTokens) break;
    const text = m.model.detokenize(out);
    if (text.trimEnd().endsWith('}') && isJson(text)) break;
  }
  return out;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** log p(token) for each wanted token at one position, from filtered logits and the softmax normaliser. */
function logProbs(
  out: { next: { logits?: Map<Token, number>; totalLogitWeight?: number } } | undefined,
  wanted: readonly Token[],
): Map<Token, number> {
  const logits = out?.next.logits;
  const total = out?.next.totalLogitWeight;
  if (!logits || total === undefined)
    throw new Error('the model returned no logits to score the candidates');
  // totalLogitWeight = Σ exp(logit − maxLogit); includeTop puts the max logit in the map.
  const max = Math.max(...logits.values());
  const res = new Map<Token, number>();
  for (const t of wanted) {
    const l = logits.get(t);
    res.set(t, l === undefined ? -Infinity : l - max - Math.log(total));
  }
  return res;
}

/**
 * Ask for the wanted tokens' raw logits, the top logit and Σ exp(logit − max) over the whole
 * vocabulary: cheaper than the full probability map on 150k-token vocabularies. The sampler
 * options are neutral (no top-k/top-p/min-p truncation), otherwise the sum covers only survivors;
 * `includeTop: 1` because `includeMax` alone does not add the max token in node-llama-cpp 3.22.
 */
function scoreOptions(wanted: readonly Token[]) {
  return {
    generateNext: {
      logits: { filter: { tokens: wanted, includeMax: true, includeTop: 1 } },
      totalLogitWeight: true,
      options: { temperature: 1, topK: 0, topP: 1, minP: 0 },
    },
  };
}

/** A trie of candidate answer tokens, so shared prefixes (e.g. `M10`) are evaluated once. */
interface TrieNode {
  children: Map<Token, TrieNode>;
  /** Candidates whose answer tokens end at this node. */
  actions: number[];
}

function buildTrie(cands: readonly { action: number; toks: readonly Token[] }[]): TrieNode {
  const root: TrieNode = { children: new Map(), actions: [] };
  for (const c of cands) {
    let node = root;
    for (const t of c.toks) {
      let next = node.children.get(t);
      if (!next) node.children.set(t, (next = { children: new Map(), actions: [] }));
      node = next;
    }
    node.actions.push(c.action);
  }
  return root;
}

/**
 * Score each candidate: Σ log p(answer token) of its answer text (`ID"` after the fixed prefix
 * `{"action": "`, or the action's name with no prefix in the paper's style) after the prompt,
 * walking the trie of candidate tokens depth-first so each shared prefix is evaluated once. The
 * sequence must hold the prompt; it is rewound to it afterwards.
 */
export async function scoreCandidates(
  m: LoadedModel,
  prompt: readonly Token[],
  candidates: readonly { action: number; text: string }[],
  signal: AbortSignal,
  answerPrefix: string,
): Promise<CandidateScore[]> {
  const seq = m.sequence;
  const base = prompt.length;
  await syncPrompt(seq, prompt, signal, 256);
  const last = prompt[prompt.length - 1];
  if (last === undefined) throw new Error('empty prompt');
  const prefix = [last, ...(answerPrefix ? continuation(m.model, answerPrefix) : [])];
  const root = buildTrie(
    candidates.map((c) => ({ action: c.action, toks: continuation(m.model, c.text) })),
  );
  const scores = new Map<number, number>(candidates.map((c) => [c.action, -Infinity]));
  root.actions.forEach((a) => scores.set(a, 0)); // an empty answer: cannot happen with real IDs

  // Evaluate `toks` (the last one asks for its children's log-probs), then descend.
  const visit = async (toks: readonly Token[], node: TrieNode, lp: number): Promise<void> => {
    throwIfAborted(signal);
    const wanted = [...node.children.keys()];
    const at = seq.nextTokenIndex;
    const input = toks.map((t, i) =>
      i === toks.length - 1 ? ([t, scoreOptions(wanted)] as const) : t,
    );
    const out = await seq.controlledEvaluate(input as Parameters<typeof seq.controlledEvaluate>[0]);
    const next = logProbs(out[toks.length - 1], wanted);
    for (const [t, child] of node.children) {
      const childLp = lp + (next.get(t) ?? -Infinity);
      for (const a of child.actions) scores.set(a, childLp);
      if (child.children.size > 0 && Number.isFinite(childLp)) await visit([t], child, childLp);
    }
    await rewind(seq, at);
  };
  try {
    await visit(prefix, root, 0);
    return candidates.map((c) => ({
      action: c.action,
      logProb: scores.get(c.action) ?? -Infinity,
    }));
  } finally {
    await rewind(seq, base - 1);
  }
}
