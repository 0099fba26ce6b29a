/** The LLM advisor through the real node-llama-cpp path, on a tiny GGUF the test writes itself. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import type { AdvisorQuery, KgAnswer, KgView } from '../../src/main/domain/catalogue/types';
import {
  AbortError,
  LlmAdvisor,
  ModelManager,
  NON_CANDIDATE_FLOOR,
  NoModelError,
} from '../../src/main/domain/llm';
import { writeTinyGguf } from '../helpers/tinyGguf';
import type { LlmAdvice } from '../../src/main/domain/llm';
import { promptTokens, scoreCandidates, syncPrompt } from '../../src/main/domain/llm/inference';
import { ANSWER_PREFIX, buildPrompt } from '../../src/main/domain/llm/prompt';
import type { LlamaModel, Token } from 'node-llama-cpp';

const cat = loadCatalogue();
const dir = mkdtempSync(join(tmpdir(), 'rampart-llm-'));
const tiny = join(dir, 'tiny.gguf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An in-memory KG view (a stand-in for the real KG, which is not under test here). */
class FakeKg implements KgView {
  version = 1;
  records = 6;
  calls = 0;
  onQuery: (() => void) | null = null;
  query(cls: string, sig: number): KgAnswer {
    this.calls++;
    this.onQuery?.();
    return {
      version: this.version,
      records: Array.from({ length: this.records }, (_, i) => ({
        kind: 'action-reward' as const,
        text: `action ${cat.actions[(i % 14) + 1]?.id} ${cat.actions[(i % 14) + 1]?.name}: avg reward ${5 - (i % 10)} over ${10 * i + 3} flows of ${cls}, signature ${sig}`,
      })),
      candidates: [1, 2, 3, 5, 0].map((action, i) => ({
        action,
        historicalReward: i === 1 ? 5 : i - 2,
      })),
    };
  }
}

const query = (signature: number): AdvisorQuery => ({
  predictedClass: 'DDoS',
  signature,
  signatureText: 'Flow Duration <= 12.5 and Total Fwd Packets > 3',
  confidence: { mean: 0.93, lo: 0.9, hi: 0.95 },
});

function checkAdvice(a: LlmAdvice, candidates: number[]): void {
  expect(candidates).toContain(a.action);
  expect(a.source).toBe('llm');
  expect(a.distribution).toHaveLength(cat.actions.length);
  const total = a.distribution.reduce((x, y) => x + y, 0);
  expect(total).toBeCloseTo(1, 5);
  let onCandidates = 0;
  a.distribution.forEach((p, i) => {
    if (candidates.includes(i)) onCandidates += p;
    else expect(p).toBeCloseTo(NON_CANDIDATE_FLOOR, 8);
  });
  expect(onCandidates).toBeGreaterThan(0.99);
}

describe('tiny GGUF writer', () => {
  it('writes a valid llama GGUF v3 of a few hundred KB', async () => {
    const size = await writeTinyGguf(tiny, { seed: 7 });
    expect(size).toBeGreaterThan(100_000);
    expect(size).toBeLessThan(1_000_000);
    const info = await readGgufFileInfo(tiny);
    expect(info.version).toBe(3);
    expect(info.metadata.general.architecture).toBe('llama');
    const tokens = info.metadata.tokenizer.ggml.tokens;
    expect(tokens).toContain('<0x0A>');
    expect(tokens).toContain('"');
    expect(tokens).toContain('{');
  });
});

describe('LlmAdvisor on the tiny GGUF (real node-llama-cpp)', () => {
  const kg = new FakeKg();
  const manager = new ModelManager({ gpu: false });
  const advisor = new LlmAdvisor(manager, cat, kg);
  const candidates = [1, 2, 3, 5, 0];

  beforeAll(async () => {
    await writeTinyGguf(tiny, { seed: 7 });
    const t0 = performance.now();
    const s = await manager.load({ modelPath: tiny, threads: 1, contextSize: 2048 });
    console.log(
      `tiny GGUF load: ${(performance.now() - t0).toFixed(0)} ms (first load includes the llama binding)`,
    );
    expect(s).toMatchObject({
      status: 'loaded',
      name: 'rampart-tiny-random',
      contextSize: 2048,
      threads: 1,
      backend: 'cpu',
    });
  });
  afterAll(() => manager.dispose());

  it('advises one of the candidates with a distribution over them', async () => {
    const a = await advisor.advise(query(1));
    checkAdvice(a, candidates);
    expect(a.fallback).toBeNull();
    expect(JSON.parse(a.answerText)).toEqual({ action: cat.actions[a.action]?.id });
    expect(a.cached).toBe(false);
    expect(a.evidence).toHaveLength(6);
  });

  it('caches by (type, signature, KG version)', async () => {
    const first = await advisor.advise(query(2));
    const again = await advisor.advise(query(2));
    expect(again.cached).toBe(true);
    expect(again.action).toBe(first.action);
    kg.version++;
    expect((await advisor.advise(query(2))).cached).toBe(false);
  });

  it('reuses the KV cache of the fixed instructions', async () => {
    // A fresh sequence history: the first call evaluates everything, later ones only their suffix.
    await manager.use((m) => m.sequence.clearHistory());
    const times: { sig: number; ms: number; reused: number; prompt: number }[] = [];
    for (const sig of [100, 101, 102, 103]) {
      const t0 = performance.now();
      const a = await advisor.advise(query(sig));
      checkAdvice(a, candidates);
      times.push({
        sig,
        ms: performance.now() - t0,
        reused: a.stats.reusedTokens,
        prompt: a.stats.promptTokens,
      });
    }
    console.log(
      'tiny GGUF per-call latency (uncached first, then instruction prefix cached):',
      JSON.stringify(times),
    );
    expect(times[0]?.reused).toBe(0);
    for (const t of times.slice(1)) expect(t.reused).toBeGreaterThan(100);
  });

  it('warmUp evaluates the instructions ahead of the first alert', async () => {
    await manager.use((m) => m.sequence.clearHistory());
    const cached = await advisor.warmUp();
    expect(cached).toBeGreaterThan(100);
    const a = await advisor.advise(query(150));
    expect(a.stats.reusedTokens).toBeGreaterThanOrEqual(cached);
  });

  it('cancels through an AbortSignal, and the next call still works', async () => {
    const pre = new AbortController();
    pre.abort();
    await expect(advisor.advise(query(200), pre.signal)).rejects.toBeInstanceOf(AbortError);
    const ac = new AbortController();
    kg.records = 30;
    kg.onQuery = () => setImmediate(() => ac.abort()); // fires while the native evaluation runs
    await manager.use((m) => m.sequence.clearHistory());
    await expect(advisor.advise(query(201), ac.signal)).rejects.toBeInstanceOf(AbortError);
    kg.onQuery = null;
    checkAdvice(await advisor.advise(query(201)), candidates);
  });

  it('cancels on timeout', async () => {
    kg.records = 30;
    await manager.use((m) => m.sequence.clearHistory());
    await expect(advisor.advise(query(300), undefined, 1)).rejects.toThrow(/timed out after 1 ms/);
    checkAdvice(await advisor.advise(query(300)), candidates);
    kg.records = 6;
  });

  it('drops KG records that do not fit the context', async () => {
    kg.records = 200;
    const a = await advisor.advise(query(400));
    checkAdvice(a, candidates);
    expect(a.evidence.length).toBeLessThan(200);
    expect(a.evidence.length).toBeGreaterThan(5);
    expect(a.stats.promptTokens).toBeLessThan(2048);
    kg.records = 6;
  });

  it('scores candidates exactly as the full probability map does (differential)', async () => {
    const ids = candidates.map((a) => ({ action: a, id: cat.actions[a]?.id ?? '' }));
    await manager.use(async (m, signal) => {
      const prompt = promptTokens(m, buildPrompt(query(600), kg.query('DDoS', 600), cat));
      const answers = ids.map((c) => ({ action: c.action, text: c.id + '"' }));
      const fast = await scoreCandidates(m, prompt, answers, signal, ANSWER_PREFIX);
      // Plain loop: evaluate prompt + answer prefix + each candidate token, reading the full map.
      const slow: number[] = [];
      for (const c of ids) {
        await m.sequence.clearHistory();
        await syncPrompt(m.sequence, prompt, signal, 256); // same KV state as the fast path
        const toks = [
          ...prompt,
          ...m.model.tokenize(ANSWER_PREFIX, false, 'trimLeadingSpace'),
          ...m.model.tokenize(c.id + '"', false, 'trimLeadingSpace'),
        ];
        const answerStart =
          toks.length - m.model.tokenize(c.id + '"', false, 'trimLeadingSpace').length;
        const opts = {
          generateNext: {
            probabilities: true,
            options: { temperature: 1, topK: 0, topP: 1, minP: 0 },
          },
        };
        const from = prompt.length - 1;
        const input = toks
          .slice(from, -1)
          .map((t, i) => (i + from >= answerStart - 1 ? ([t, opts] as const) : t));
        const out = await m.sequence.controlledEvaluate(
          input as Parameters<typeof m.sequence.controlledEvaluate>[0],
        );
        let lp = 0;
        for (let i = answerStart; i < toks.length; i++)
          lp += Math.log(out[i - 1 - from]?.next.probabilities?.get(toks[i] as Token) ?? 0);
        slow.push(lp);
      }
      await m.sequence.clearHistory();
      fast.forEach((f, i) => expect(f.logProb).toBeCloseTo(slow[i] ?? NaN, 4));
    });
  });

  it('serialises concurrent calls', async () => {
    const all = await Promise.all([700, 701, 702].map((s) => advisor.advise(query(s))));
    for (const a of all) checkAdvice(a, candidates);
  });

  it('unload during a call cancels the call, then frees the model', async () => {
    kg.records = 30;
    await manager.use((m) => m.sequence.clearHistory());
    let model: LlamaModel | null = null;
    await manager.use(async (m) => void (model = m.model));
    let unloading: Promise<void> | null = null;
    kg.onQuery = () => setImmediate(() => (unloading = manager.unload())); // while the model runs
    const err = await advisor.advise(query(800)).catch((e: unknown) => e);
    kg.onQuery = null;
    expect(err).toBeInstanceOf(AbortError);
    await unloading;
    expect(manager.state.status).toBe('none');
    expect((model as LlamaModel | null)?.disposed).toBe(true);
    kg.records = 6;
    const s = await manager.load({ modelPath: tiny, threads: 1, contextSize: 2048 });
    expect(s.status).toBe('loaded');
  });

  it('unload frees the model and the advisor says so clearly', async () => {
    await manager.unload();
    expect(manager.state).toEqual({ status: 'none' });
    await expect(advisor.advise(query(500))).rejects.toThrow(
      'no LLM loaded: choose a GGUF in Model settings; the KG advisor is used',
    );
    const s = await manager.load({ modelPath: tiny, threads: 1, contextSize: 1024 });
    expect(s.status).toBe('loaded');
    checkAdvice(await advisor.advise(query(1)), candidates); // a new model: the old cache is dropped
  });
});

describe('ModelManager errors', () => {
  it('reports a missing file as an error state', async () => {
    const m = new ModelManager({ gpu: false });
    const s = await m.load({ modelPath: join(dir, 'missing.gguf') });
    expect(s).toMatchObject({
      status: 'error',
      message: expect.stringContaining('model file not found'),
    });
    await m.dispose();
  });
  it('refuses use with no model', async () => {
    const m = new ModelManager({ gpu: false });
    const a = new LlmAdvisor(m, cat, new FakeKg());
    await expect(a.advise(query(1))).rejects.toBeInstanceOf(NoModelError);
    await m.dispose();
  });
  it('honours a cancelled load', async () => {
    const file = join(dir, 'cancelled.gguf');
    await writeTinyGguf(file);
    const m = new ModelManager({ gpu: false });
    const ac = new AbortController();
    ac.abort();
    await expect(m.load({ modelPath: file, threads: 1 }, ac.signal)).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(m.state.status).toBe('none');
    await m.dispose();
  });
});
