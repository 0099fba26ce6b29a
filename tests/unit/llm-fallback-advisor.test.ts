/** The study's advisor wrapper: a timed-out LLM call is retried once, then the KG advisor answers. */
import { describe, expect, it } from 'vitest';
import type { Advice, Advisor, AdvisorQuery } from '../../src/main/domain/catalogue/types';
import {
  AbortError,
  FallbackAdvisor,
  sumCounts,
  type TimedAdvisor,
} from '../../src/main/domain/llm';

const q: AdvisorQuery = {
  predictedClass: 'DDoS',
  signature: 3,
  signatureText: 'x > 1',
  confidence: { mean: 0.9, lo: 0.8, hi: 0.95 },
};
const advice = (action: number): Advice => ({
  action,
  reward: 5,
  distribution: new Float32Array(4),
  source: 'kg',
  evidence: [],
});

/** An LLM side that times out its first `failures` calls and records each call's limit. */
function flaky(failures: number, extra: { cached?: boolean; fallback?: string | null } = {}) {
  const limits: (number | undefined)[] = [];
  const llm: TimedAdvisor = {
    kind: 'llm',
    advise: async (_q, _s, timeoutMs) => {
      limits.push(timeoutMs);
      if (limits.length <= failures)
        throw new AbortError(`the LLM call timed out after ${timeoutMs} ms`);
      return { ...advice(1), ...extra };
    },
  };
  return { llm, limits };
}
const kg: Advisor = { kind: 'kg', advise: async () => advice(2) };

describe('FallbackAdvisor', () => {
  it('passes the model answer through and counts it', async () => {
    const { llm, limits } = flaky(0, { cached: true, fallback: 'unparseable' });
    const a = new FallbackAdvisor(llm, kg, { timeoutMs: 100 });
    expect((await a.advise(q)).action).toBe(1);
    expect(limits).toEqual([100]);
    expect(a.counts).toMatchObject({
      asked: 1,
      byModel: 1,
      cached: 1,
      unusable: 1,
      timeouts: 0,
      fellBack: 0,
    });
  });

  it('retries a timed-out call once with twice the time', async () => {
    const { llm, limits } = flaky(1);
    const a = new FallbackAdvisor(llm, kg, { timeoutMs: 100 });
    expect((await a.advise(q)).action).toBe(1);
    expect(limits).toEqual([100, 200]);
    expect(a.counts).toMatchObject({ asked: 1, byModel: 1, timeouts: 1, retried: 1, fellBack: 0 });
  });

  it('answers with the fallback advisor when the retry also times out', async () => {
    const { llm } = flaky(2);
    const a = new FallbackAdvisor(llm, kg, { timeoutMs: 100 });
    expect((await a.advise(q)).action).toBe(2);
    expect(a.counts).toMatchObject({ asked: 1, byModel: 0, timeouts: 1, retried: 0, fellBack: 1 });
  });

  it("does not hide the caller's cancel or any other failure", async () => {
    const stop = new AbortController();
    stop.abort();
    const { llm } = flaky(5);
    await expect(new FallbackAdvisor(llm, kg).advise(q, stop.signal)).rejects.toBeInstanceOf(
      AbortError,
    );
    const broken: TimedAdvisor = {
      kind: 'llm',
      advise: async () => {
        throw new Error('the advisor prompt does not fit the context');
      },
    };
    await expect(new FallbackAdvisor(broken, kg).advise(q)).rejects.toThrow(/does not fit/);
  });

  it('adds up the counts of several advisors', () => {
    const a = new FallbackAdvisor(flaky(0).llm, kg);
    a.counts.asked = 2;
    const b = new FallbackAdvisor(flaky(0).llm, kg);
    b.counts.asked = 3;
    b.counts.fellBack = 1;
    expect(sumCounts([a.counts, b.counts])).toMatchObject({ asked: 5, fellBack: 1 });
  });
});
