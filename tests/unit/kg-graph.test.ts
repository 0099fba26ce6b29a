import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import type { Experience } from '../../src/main/domain/catalogue/types';
import { KnowledgeGraph, toKgJson } from '../../src/main/domain/kg';
import { exps } from '../helpers/experiences';

const cat = loadCatalogue();

/** Signature 3776 says Benign: 680 benign, 120 DDoS; signature 12 pure benign; 7 says DDoS. */
function paperExample(): Experience[] {
  return [
    ...exps(680, 'Benign', 'Benign', 3776, 0, 0.9),
    ...exps(120, 'Benign', 'DDoS', 3776, 0, 0.91),
    ...exps(200, 'Benign', 'Benign', 12, 0, 0.99),
    ...exps(100, 'DDoS', 'DDoS', 7, 1, 0.98),
  ];
}

describe('KnowledgeGraph.update', () => {
  it('builds the three edge kinds with counts, rewards and rates', () => {
    const kg = new KnowledgeGraph(cat);
    kg.update(paperExample());
    expect(kg.counts()).toEqual({
      nodes: 2 + 2 + 3, // Benign, DDoS; No Action, M1037; signatures 3776, 12, 7
      edges: 2 + 3 + 1, // Benign→NONE, DDoS→M1037; three signature edges; Benign→DDoS
      types: 2,
      actions: 2,
      signatures: 3,
      rewardEdges: 2,
      predictsEdges: 3,
      misclassEdges: 1,
    });
    const benign = kg.typeNode('Benign');
    expect(benign).toMatchObject({ predicted: 1000, labelled: 1000, correct: 880 });
    expect(kg.rewardEdge('Benign', 0)).toEqual({
      kind: 'reward',
      weight: 3800,
      cumulativeReward: 3800,
      count: 1000,
      positive: 880,
      meanReward: 3.8,
    });
    const p = kg.predicts(3776, 'Benign');
    expect(p).toMatchObject({ weight: 0.91, confidence: 0.91, flows: 800, labelled: 800 });
    expect(p?.trueCounts).toEqual({ Benign: 680, DDoS: 120 });
    expect(p?.actions).toEqual({ '0': { sum: 2800, count: 800, positive: 680 } });
    const [m] = kg.misclassOut('Benign');
    expect(m?.trueClass).toBe('DDoS');
    expect(m?.edge).toEqual({
      kind: 'misclassified',
      weight: 0.12,
      count: 120,
      rate: 0.12,
      signatures: { '3776': { count: 120, confidence: 0.91 } },
    });
  });

  it('bumps the version on every update, empty ones included', () => {
    const kg = new KnowledgeGraph(cat);
    expect(kg.version).toBe(0);
    expect(kg.update(exps(3, 'DoS', 'DoS', 1, 1))).toBe(1);
    expect(kg.update([])).toBe(2);
    expect(kg.version).toBe(2);
  });

  it('accumulates across updates and refreshes misclassification rates', () => {
    const kg = new KnowledgeGraph(cat);
    kg.update(paperExample());
    kg.update(exps(200, 'Benign', 'Benign', 12, 0, 0.995));
    const [m] = kg.misclassOut('Benign');
    expect(m?.edge.rate).toBeCloseTo(120 / 1200, 12);
    expect(kg.predicts(12, 'Benign')).toMatchObject({ flows: 400, confidence: 0.995 });
  });

  it('counts unlabelled flows as seen but not in the rates', () => {
    const kg = new KnowledgeGraph(cat);
    kg.update([...exps(10, 'PortScan', 'DoS', 4, 1), ...exps(30, 'PortScan', null, 4, 1)]);
    expect(kg.typeNode('PortScan')).toMatchObject({ predicted: 40, labelled: 10, correct: 0 });
    expect(kg.misclassOut('PortScan')[0]?.edge.rate).toBe(1);
    expect(kg.predicts(4, 'PortScan')).toMatchObject({ flows: 40, labelled: 10 });
  });

  it('is deterministic: the same experiences give the same graph', () => {
    const a = new KnowledgeGraph(cat);
    const b = new KnowledgeGraph(cat);
    a.update(paperExample());
    b.update(paperExample());
    expect(toKgJson(a)).toEqual(toKgJson(b));
  });

  it('refuses an action outside the catalogue and a non-finite reward', () => {
    const kg = new KnowledgeGraph(cat);
    expect(() => kg.update(exps(1, 'DoS', 'DoS', 1, 15))).toThrow(/action 15/);
    const bad = { ...exps(1, 'DoS', 'DoS', 1, 1)[0]!, reward: Number.NaN };
    expect(() => kg.update([bad])).toThrow(/reward NaN/);
  });
});
