/**
 * The model-free advisor: picks the action with the best expected reward under the true-class mix
 * the knowledge graph has seen for a signature. The fallback when no LLM is loaded, and the
 * reference the LLM advisor is measured against.
 */
import { NO_ACTION, reward, type Catalogue } from '../catalogue/catalogue';
import type { Advice, Advisor, AdvisorQuery, KgRecord } from '../catalogue/types';
import { cmp, type KnowledgeGraph } from './graph';
import { actionName } from './query';
import { meanOf } from './types';

/** Options of the KG advisor. */
export interface KgAdvisorOptions {
  /**
   * Softmax temperature over expected rewards, in reward units. At 1 an action one reward point
   * worse gets e^-1 ≈ 0.37 of the weight: the best action dominates (≈ 0.6+ of the mass when the
   * runner-up is a point behind) while the ranked alternatives keep enough mass for a KL term to
   * pull towards "good" rather than "only".
   */
  temperature: number;
}

/** Defaults of KgAdvisorOptions. */
export const DEFAULT_KG_ADVISOR_OPTIONS: KgAdvisorOptions = { temperature: 1 };

/** Where a true-class mix came from, most specific first. */
export type MixLevel = 'signature' | 'type' | 'prediction' | 'none';

/** A true-class distribution for a (predicted type, signature), and where it came from. */
export interface TrueClassMix {
  level: MixLevel;
  /** [class, probability] pairs, most likely first (ties by name); empty at level 'none'. */
  classes: [string, number][];
}

/**
 * The true-class mix: the signature's labelled flows, else the predicted type's (correct plus
 * misclassified counts), else the prediction taken at its word. Classes the catalogue has no
 * ranking for are left out (their rewards are unknown) and the rest renormalised.
 */
export function trueClassMix(
  kg: KnowledgeGraph,
  predictedClass: string,
  signature: number,
): TrueClassMix {
  const known = (cls: string): boolean => kg.catalogue.ranked[cls] !== undefined;
  const p = kg.predicts(signature, predictedClass);
  const sig = normalise(Object.entries(p?.trueCounts ?? {}), known);
  if (sig.length > 0) return { level: 'signature', classes: sig };
  const t = kg.typeNode(predictedClass);
  const counts: [string, number][] = [[predictedClass, t?.correct ?? 0]];
  for (const m of kg.misclassOut(predictedClass)) counts.push([m.trueClass, m.edge.count]);
  const typ = normalise(counts, known);
  if (typ.length > 0) return { level: 'type', classes: typ };
  if (known(predictedClass)) return { level: 'prediction', classes: [[predictedClass, 1]] };
  return { level: 'none', classes: [] };
}

function normalise(
  counts: [string, number][],
  known: (cls: string) => boolean,
): [string, number][] {
  const kept = counts.filter(([cls, c]) => c > 0 && known(cls));
  const total = kept.reduce((s, [, c]) => s + c, 0);
  return kept
    .map(([cls, c]): [string, number] => [cls, c / total])
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
}

/** E[r | a] = Σ_t P(t) r(t, a) for every action, under the catalogue's reward rule. */
export function expectedRewards(cat: Catalogue, mix: TrueClassMix): Float64Array {
  const e = new Float64Array(cat.actions.length);
  for (const [cls, p] of mix.classes)
    for (let a = 0; a < e.length; a++) e[a] = (e[a] ?? 0) + p * reward(cat, cls, a);
  return e;
}

/** A softmax of values / temperature, as a distribution summing to 1. */
export function softmax(values: Float64Array, temperature: number): Float32Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  const w = values.map((v) => Math.exp((v - max) / temperature));
  const total = w.reduce((s, x) => s + x, 0);
  return Float32Array.from(w, (x) => x / total);
}

/** Advises from the knowledge graph alone; answers are cached per (type, signature) and version. */
export class KgAdvisor implements Advisor {
  /** Always 'kg'. */
  readonly kind = 'kg' as const;
  private readonly options: KgAdvisorOptions;
  private readonly cache = new Map<string, Advice>();
  private cachedStamp = '';

  /** An advisor reading kg (the same instance, so it sees every update). */
  constructor(
    private readonly kg: KnowledgeGraph,
    options: Partial<KgAdvisorOptions> = {},
  ) {
    this.options = { ...DEFAULT_KG_ADVISOR_OPTIONS, ...options };
    const t = this.options.temperature;
    if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`temperature ${t} must be > 0`);
  }

  /** Advice for an alert (see adviseNow). */
  async advise(q: AdvisorQuery, signal?: AbortSignal): Promise<Advice> {
    // async: an aborted signal becomes a rejected promise, as callers of an Advisor expect.
    signal?.throwIfAborted();
    return this.adviseNow(q);
  }

  /**
   * Advice, synchronously: the action maximising the expected reward under the true-class mix
   * (lowest index on ties). `reward` is the chosen action's historical mean reward for this
   * signature, else for the predicted type, else its expected reward when the mix came from the
   * KG, else 0 (nothing recorded: a catalogue guess is not history). Returns a fresh copy.
   */
  adviseNow(q: AdvisorQuery): Advice {
    if (this.cachedStamp !== this.kg.textStamp) {
      this.cache.clear();
      this.cachedStamp = this.kg.textStamp;
    }
    const key = `${q.predictedClass}\u0000${q.signature}`;
    let advice = this.cache.get(key);
    if (!advice) {
      advice = this.compute(q.predictedClass, q.signature);
      this.cache.set(key, advice);
    }
    return { ...advice, distribution: advice.distribution.slice(), evidence: [...advice.evidence] };
  }

  private compute(predictedClass: string, signature: number): Advice {
    const cat = this.kg.catalogue;
    const mix = trueClassMix(this.kg, predictedClass, signature);
    const { records } = this.kg.query(predictedClass, signature);
    if (mix.level === 'none') {
      const uniform = new Float32Array(cat.actions.length).fill(1 / cat.actions.length);
      return {
        action: NO_ACTION,
        reward: 0,
        distribution: uniform,
        source: 'kg',
        evidence: records,
      };
    }
    const e = expectedRewards(cat, mix);
    let action = 0;
    for (let a = 1; a < e.length; a++) if ((e[a] ?? 0) > (e[action] ?? 0)) action = a;
    const expected = e[action] ?? 0;
    const historical =
      meanOf(this.kg.predicts(signature, predictedClass)?.actions[String(action)]) ??
      this.kg.rewardEdge(predictedClass, action)?.meanReward ??
      null;
    const rewardOut = historical ?? (mix.level === 'prediction' ? 0 : expected);
    const why: KgRecord = {
      kind: 'action-reward',
      text:
        `${actionName(this.kg, action)}: expected reward ${expected.toFixed(2)} under the ` +
        `${mixText(mix, this.kg.signatureName(signature), predictedClass)}`,
    };
    return {
      action,
      reward: rewardOut,
      distribution: softmax(e, this.options.temperature),
      source: 'kg',
      evidence: [why, ...records],
    };
  }
}

function mixText(mix: TrueClassMix, signature: string, predictedClass: string): string {
  const shares = mix.classes.map(([c, p]) => `${c} ${(100 * p).toFixed(1)}%`).join(', ');
  if (mix.level === 'signature') return `true-class mix of signature ${signature} (${shares})`;
  if (mix.level === 'type') return `true-class mix of predicted ${predictedClass} (${shares})`;
  return `assumption that the prediction ${predictedClass} is right`;
}
