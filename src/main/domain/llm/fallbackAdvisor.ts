/**
 * A long study must not end because one LLM call ran slow. This advisor asks the LLM; a call that
 * times out (its own time limit, not the caller's cancel) is asked once more with twice the time,
 * and when that also times out the alert gets the fallback advisor's answer (the rule-based KG
 * advisor over the same graph). Every outcome is counted, so a report can say how much of the
 * advice really came from the model.
 */
import type { Advice, Advisor, AdvisorQuery } from '../catalogue/types';
import { AbortError } from './lock';

/** The LLM side: an advisor whose advise takes a per-call time limit (LlmAdvisor). */
export interface TimedAdvisor {
  readonly kind: 'llm';
  advise(
    q: AdvisorQuery,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<Advice & { cached?: boolean; fallback?: string | null }>;
}

/** What happened to the questions asked so far. */
export interface FallbackCounts {
  /** Questions asked (cache hits included). */
  asked: number;
  /** Answered by the model (first try or retry), cache hits included. */
  byModel: number;
  /** Of those, answers the model gave but that named no candidate (the best-reward one was taken). */
  unusable: number;
  /** Answered from the LLM's own advice cache. */
  cached: number;
  /** First tries that timed out. */
  timeouts: number;
  /** Retries that then succeeded. */
  retried: number;
  /** Questions answered by the fallback advisor after the retry also timed out. */
  fellBack: number;
}

/** Options: the first try's time limit (default 30 s); the retry gets twice as much. */
export interface FallbackOptions {
  timeoutMs?: number;
}

export class FallbackAdvisor implements Advisor {
  readonly kind = 'llm' as const;
  readonly counts: FallbackCounts = zeroCounts();
  private readonly timeoutMs: number;

  constructor(
    private readonly llm: TimedAdvisor,
    private readonly fallback: Advisor,
    opts: FallbackOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  async advise(q: AdvisorQuery, signal?: AbortSignal): Promise<Advice> {
    this.counts.asked++;
    for (const [attempt, limit] of [this.timeoutMs, 2 * this.timeoutMs].entries()) {
      try {
        const a = await this.llm.advise(q, signal, limit);
        this.counts.byModel++;
        if (attempt > 0) this.counts.retried++;
        if (a.cached) this.counts.cached++;
        if (a.fallback) this.counts.unusable++;
        return a;
      } catch (e) {
        // The caller's cancel, or any other failure, is not ours to hide.
        if (!(e instanceof AbortError) || signal?.aborted) throw e;
        if (attempt === 0) this.counts.timeouts++;
      }
    }
    this.counts.fellBack++;
    return this.fallback.advise(q, signal);
  }
}

/** The counts of several advisors added up (a study makes one per KG). */
export function sumCounts(all: readonly FallbackCounts[]): FallbackCounts {
  const out = zeroCounts();
  for (const c of all) for (const k of Object.keys(out) as (keyof FallbackCounts)[]) out[k] += c[k];
  return out;
}

function zeroCounts(): FallbackCounts {
  return { asked: 0, byModel: 0, unusable: 0, cached: 0, timeouts: 0, retried: 0, fellBack: 0 };
}
