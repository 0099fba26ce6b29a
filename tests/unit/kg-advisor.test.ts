import { describe, expect, it } from 'vitest';
import { bestAction, loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import type { AdvisorQuery } from '../../src/main/domain/catalogue/types';
import {
  KgAdvisor,
  KnowledgeGraph,
  expectedRewards,
  softmax,
  trueClassMix,
} from '../../src/main/domain/kg';
import { exps } from '../helpers/experiences';

const cat = loadCatalogue();
const FILTER = 1; // M1037 Filter Network Traffic
const PASSWORDS = 7; // M1027 Password Policies

const q = (predictedClass: string, signature: number): AdvisorQuery => ({
  predictedClass,
  signature,
  signatureText: '',
  confidence: { mean: 0.4, lo: 0.3, hi: 0.5 },
});

function sum(d: Float32Array): number {
  return d.reduce((s, x) => s + x, 0);
}

/** Signature 50 says Benign but is 60% DDoS; the agent has only ever answered No Action. */
function mixedKg(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([...exps(60, 'Benign', 'DDoS', 50, 0), ...exps(40, 'Benign', 'Benign', 50, 0)]);
  return kg;
}

describe('KgAdvisor', () => {
  it('chooses by the signature’s true-class mix, not its prediction', async () => {
    const advice = await new KgAdvisor(mixedKg()).advise(q('Benign', 50));
    expect(advice.source).toBe('kg');
    expect(advice.action).toBe(FILTER);
    // E[r | Filter] = 0.6·5 + 0.4·(−5) = 1; never tried here, so the expected reward is reported.
    expect(advice.reward).toBeCloseTo(1, 12);
    expect(advice.distribution).toHaveLength(15);
    expect(sum(advice.distribution)).toBeCloseTo(1, 6);
    const best = Math.max(...advice.distribution);
    expect(advice.distribution[FILTER]).toBe(best);
    expect(advice.evidence[0]?.text).toBe(
      'M1037 Filter Network Traffic: expected reward 1.00 under the true-class mix of ' +
        'signature 50 (DDoS 60.0%, Benign 40.0%)',
    );
    expect(
      advice.evidence.some((r) => r.text.includes('60.0% (60 of 100 episodes) were DDoS')),
    ).toBe(true);
  });

  it('re-reads its records when the graph names its signatures anew (no stale leaf numbers)', () => {
    // The app names signatures after training, when the advisor has already answered once.
    const kg = mixedKg();
    const adv = new KgAdvisor(kg);
    expect(adv.adviseNow(q('Benign', 50)).evidence[0]?.text).toContain('signature 50 (');
    const stamp = kg.textStamp;
    kg.signatureName = (leaf) => `#${leaf + 1000}`;
    expect(kg.textStamp).not.toBe(stamp);
    const texts = adv.adviseNow(q('Benign', 50)).evidence.map((r) => r.text);
    expect(texts[0]).toContain('signature #1050 (');
    expect(texts.join('\n')).not.toMatch(/signature 50\b/);
  });

  it('reports the historical mean reward of the chosen action when the KG has one', () => {
    const kg = mixedKg();
    kg.update([
      ...exps(6, 'Benign', 'DDoS', 50, FILTER),
      ...exps(4, 'Benign', 'Benign', 50, FILTER),
    ]);
    const advice = new KgAdvisor(kg).adviseNow(q('Benign', 50));
    expect(advice.action).toBe(FILTER);
    expect(advice.reward).toBeCloseTo((6 * 5 - 4 * 5) / 10, 12);
  });

  it('softmaxes expected rewards at the documented temperature', () => {
    const kg = mixedKg();
    const mix = trueClassMix(kg, 'Benign', 50);
    expect(mix).toEqual({
      level: 'signature',
      classes: [
        ['DDoS', 0.6],
        ['Benign', 0.4],
      ],
    });
    const e = expectedRewards(cat, mix);
    expect(e[FILTER]).toBeCloseTo(1, 12);
    expect(e[0]).toBeCloseTo(-1, 12);
    const d = new KgAdvisor(kg).adviseNow(q('Benign', 50)).distribution;
    expect(Array.from(d)).toEqual(Array.from(softmax(e, 1)));
    const z = Array.from(e).reduce((s, x) => s + Math.exp(x - 1), 0);
    expect(d[FILTER]).toBeCloseTo(1 / z, 6);
    const cold = new KgAdvisor(kg, { temperature: 0.1 }).adviseNow(q('Benign', 50)).distribution;
    expect(cold[FILTER]).toBeGreaterThan(0.99);
    expect(() => new KgAdvisor(kg, { temperature: 0 })).toThrow(/temperature/);
  });

  it('falls back to the type level, then to the prediction, then to nothing', () => {
    const kg = mixedKg();
    kg.update(exps(100, 'Benign', 'Benign', 51, 0)); // Benign overall: 140 benign, 60 DDoS
    const adv = new KgAdvisor(kg);
    expect(trueClassMix(kg, 'Benign', 999)).toEqual({
      level: 'type',
      classes: [
        ['Benign', 0.7],
        ['DDoS', 0.3],
      ],
    });
    const typeLevel = adv.adviseNow(q('Benign', 999));
    expect(typeLevel.action).toBe(0);
    expect(typeLevel.reward).toBeCloseTo((140 * 5 - 60 * 5) / 200, 12); // Benign → No Action

    const unseen = adv.adviseNow(q('SSH-Patator', 5));
    expect(unseen.action).toBe(bestAction(cat, 'SSH-Patator'));
    expect(unseen.action).toBe(PASSWORDS);
    expect(unseen.reward).toBe(0);
    expect(sum(unseen.distribution)).toBeCloseTo(1, 6);

    const unknown = adv.adviseNow(q('Bot', 5));
    expect(unknown.action).toBe(0);
    expect(unknown.reward).toBe(0);
    expect(Array.from(unknown.distribution).every((p) => Math.abs(p - 1 / 15) < 1e-7)).toBe(true);
  });

  it('re-reads the graph after an update and hands out copies', () => {
    const kg = mixedKg();
    const adv = new KgAdvisor(kg);
    const first = adv.adviseNow(q('Benign', 50));
    first.distribution.fill(0);
    expect(sum(adv.adviseNow(q('Benign', 50)).distribution)).toBeCloseTo(1, 6);
    kg.update(exps(200, 'Benign', 'Benign', 50, 0)); // now 240 of 300 benign
    const after = adv.adviseNow(q('Benign', 50));
    expect(after.action).toBe(0);
    expect(after.reward).toBeCloseTo((240 * 5 - 60 * 5) / 300, 12);
  });

  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(new KgAdvisor(mixedKg()).advise(q('Benign', 50), ac.signal)).rejects.toThrow();
  });

  it('answers a cached alert fast', () => {
    const kg = new KnowledgeGraph(cat);
    for (let s = 0; s < 200; s++) kg.update(exps(5, 'DoS', s % 3 ? 'DoS' : 'DDoS', s, 1));
    const adv = new KgAdvisor(kg);
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) adv.adviseNow(q('DoS', i % 200));
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
