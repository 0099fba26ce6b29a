import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import { KnowledgeGraph } from '../../src/main/domain/kg';
import { exps } from '../helpers/experiences';

const cat = loadCatalogue();

function paperKg(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([
    ...exps(680, 'Benign', 'Benign', 3776, 0, 0.9),
    ...exps(120, 'Benign', 'DDoS', 3776, 0, 0.91),
    ...exps(200, 'Benign', 'Benign', 12, 0, 0.99),
    ...exps(100, 'DDoS', 'DDoS', 7, 1, 0.98),
  ]);
  return kg;
}

const actions = (kg: KnowledgeGraph, cls: string, sig: number): number[] =>
  kg.query(cls, sig).candidates.map((c) => c.action);

describe('KnowledgeGraph.query', () => {
  it('serialises the signature, its misclassifications and the action rewards', () => {
    const a = paperKg().query('Benign', 3776);
    expect(a.version).toBe(1);
    expect(a.records).toEqual([
      {
        kind: 'signature-confidence',
        text:
          'signature 3776 predicts Benign with confidence B=0.91: ' +
          'right in 680 of 800 labelled episodes (800 episodes recorded)',
      },
      {
        kind: 'misclassification',
        text:
          'when signature 3776 predicts Benign, 15.0% (120 of 800 episodes) were DDoS (B=0.91); ' +
          'best action for DDoS: M1037 Filter Network Traffic (avg reward 5.00)',
      },
      {
        kind: 'misclassification',
        text:
          'when Benign is predicted, 12.0% (120 of 1000 episodes) were DDoS ' +
          '(signatures: 3776 ×120 B=0.91); ' +
          'best action for DDoS: M1037 Filter Network Traffic (avg reward 5.00)',
      },
      {
        kind: 'action-reward',
        text: 'signature 3776 → NONE No Action: avg reward 3.50 over 800 episodes (cumulative 2800)',
      },
      {
        kind: 'action-reward',
        text: 'Benign → NONE No Action: avg reward 3.80 over 1000 episodes (cumulative 3800)',
      },
    ]);
  });

  it('names signatures as the graph is told to (the app: stored ids), never by leaf', () => {
    // The console showed "Signature #169" in the detail and "signature 52" in its KG evidence: the
    // tree leaf instead of the stored id. With a naming, no record may carry the leaf number.
    const kg = paperKg();
    const stored = new Map([
      [3776, 169],
      [12, 170],
      [7, 171],
    ]);
    kg.signatureName = (leaf) => `#${stored.get(leaf)}`;
    const texts = kg.query('Benign', 3776).records.map((r) => r.text);
    expect(texts[0]).toMatch(/^signature #169 predicts Benign/);
    expect(texts.some((t) => t.includes('signatures: #169 ×120'))).toBe(true);
    expect(texts.some((t) => t.startsWith('signature #169 → '))).toBe(true);
    for (const t of texts) {
      expect(t).not.toContain('3776');
      expect(t).not.toMatch(/signatures?:? 12\b/);
    }
    // Counts are episodes, and say so: no record calls them flows.
    for (const t of texts) expect(t).not.toMatch(/flows/);
  });

  it('keeps the tried positive action and the right ones for the misclassified type', () => {
    const a = paperKg().query('Benign', 3776);
    // No Action (tried, positive); M1037 (recorded +5 when the truth was DDoS); M1031, M1030,
    // M1035, M1047 (untried, but ranked for DDoS in the catalogue).
    expect(a.candidates).toEqual([
      { action: 0, historicalReward: 3.5 },
      { action: 1, historicalReward: null },
      { action: 2, historicalReward: null },
      { action: 3, historicalReward: null },
      { action: 4, historicalReward: null },
      { action: 6, historicalReward: null },
    ]);
  });

  it('drops an action whose rewards were all negative when nothing rescues it', () => {
    const kg = paperKg();
    // Signature 12 is always right: M1042 on it only ever cost -5, and untried actions go too.
    kg.update(exps(5, 'Benign', 'Benign', 12, 5));
    expect(actions(kg, 'Benign', 12)).toEqual([0]);
    // The signature's own record of No Action (+5 on 200 flows), not the type's.
    expect(kg.query('Benign', 12).candidates).toEqual([{ action: 0, historicalReward: 5 }]);
  });

  it('keeps an all-negative action that is rewarded for a type the signature is mistaken for', () => {
    const kg = paperKg();
    // M1031 tried on 3776 only while the flow was benign: -5 every time, yet it is DDoS's rank 2.
    kg.update(exps(10, 'Benign', 'Benign', 3776, 2));
    const a = kg.query('Benign', 3776);
    expect(a.candidates.find((c) => c.action === 2)).toEqual({ action: 2, historicalReward: -5 });
    // The same action on the always-right signature 12 falls back to the type level, where its
    // record is all negative and Benign's misclassification into DDoS is not the signature's.
    expect(actions(kg, 'Benign', 12)).not.toContain(2);
  });

  it('prefers recorded rewards for the true type over the catalogue', () => {
    const kg = paperKg();
    // Audit (M1047, DDoS rank 5) recorded when the truth was DDoS: positive, so it stays.
    kg.update(exps(3, 'DDoS', 'DDoS', 7, 6));
    expect(actions(kg, 'Benign', 3776)).toContain(6);
    // No Action is ranked for nothing but Benign, and recorded -5 for DDoS: not rescued by it.
    const kg2 = new KnowledgeGraph(cat);
    kg2.update(exps(4, 'PortScan', 'DDoS', 9, 0));
    expect(actions(kg2, 'PortScan', 9)).toEqual([1, 2, 3, 4, 6]);
  });

  it('answers for a known type and an unknown signature from the type level', () => {
    const a = paperKg().query('Benign', 424242);
    expect(a.records.map((r) => r.kind)).toEqual(['misclassification', 'action-reward']);
    expect(a.candidates.map((c) => c.action)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(a.candidates[0]).toEqual({ action: 0, historicalReward: 3.8 });
  });

  it('answers an unknown type with no records and every action as a candidate', () => {
    const kg = paperKg();
    for (const [cls, sig] of [
      ['Web', 3776],
      ['Infiltration', 99],
    ] as const) {
      const a = kg.query(cls, sig);
      expect(a.records).toEqual([]);
      expect(a.candidates).toHaveLength(15);
      expect(a.candidates.every((c, i) => c.action === i && c.historicalReward === null)).toBe(
        true,
      );
    }
    // DDoS exists only as a true type in a fresh graph: still "unknown" as a prediction.
    const kg2 = new KnowledgeGraph(cat);
    kg2.update(exps(2, 'Benign', 'DDoS', 1, 0));
    expect(kg2.query('DDoS', 1).candidates).toHaveLength(15);
  });

  it('brings untried actions back when the rule would leave nothing', () => {
    const kg = new KnowledgeGraph(cat);
    kg.update(exps(4, 'Web', 'Web', 30, 0));
    const a = kg.query('Web', 30);
    expect(a.candidates.map((c) => c.action)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
  });
});
