import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import { KnowledgeGraph, kgMisclassMatrix } from '../../src/main/domain/kg';
import { exps } from '../helpers/experiences';

const cat = loadCatalogue();

/**
 * Benign is predicted by signatures 3776 and 12; 150 of its 1030 labelled episodes were DDoS
 * (120 from 3776, whose latest such mistake was at B=0.8, and 30 from 12 at B=0.99). Signature 7
 * predicts DDoS; 10 of its 160 labelled episodes were Benign, and 5 more were unlabelled.
 */
function graph(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([
    ...exps(680, 'Benign', 'Benign', 3776, 0, 0.9),
    ...exps(119, 'Benign', 'DDoS', 3776, 0, 0.91),
    ...exps(1, 'Benign', 'DDoS', 3776, 0, 0.8),
    ...exps(200, 'Benign', 'Benign', 12, 0, 0.99),
    ...exps(30, 'Benign', 'DDoS', 12, 0, 0.99),
    ...exps(150, 'DDoS', 'DDoS', 7, 1, 0.98),
    ...exps(10, 'DDoS', 'Benign', 7, 1, 0.97),
    ...exps(5, 'DDoS', null, 7, 1, 0.96),
  ]);
  return kg;
}

/** Store ids are leaf + 1000, except leaf 12, which the store does not know. */
const idOf = (leaf: number): number | null => (leaf === 12 ? null : leaf + 1000);

describe('kgMisclassMatrix', () => {
  it('has a cell per predicted × true class, with counts, rates, B and the signatures', () => {
    const m = kgMisclassMatrix(graph(), idOf);
    expect(m.map((c) => [c.predicted, c.actual, c.count, c.labelled])).toEqual([
      ['Benign', 'Benign', 880, 1030],
      ['Benign', 'DDoS', 150, 1030],
      ['DDoS', 'Benign', 10, 160],
      ['DDoS', 'DDoS', 150, 160],
    ]);
    const mis = m[1]!;
    expect(mis.rate).toBeCloseTo(150 / 1030, 12);
    // B at each signature's latest mistake (3776: 0.8, 12: 0.99), weighted by its mistakes.
    expect(mis.confidence).toBeCloseTo((120 * 0.8 + 30 * 0.99) / 150, 12);
    // Leaf 12 made mistakes but has no store id: counted, not listed.
    expect(mis.signatures).toBe(2);
    expect(mis.signatureIds).toEqual([4776]);
    // The diagonal: each signature's latest B, weighted by its correct episodes.
    expect(m[0]!.confidence).toBeCloseTo((680 * 0.8 + 200 * 0.99) / 880, 12);
    expect(m[0]!.rate).toBeCloseTo(880 / 1030, 12);
    expect(m[2]).toMatchObject({ signatures: 1, signatureIds: [1007], confidence: 0.97 });
  });

  it('agrees with the misclassification edges and the types’ correct counts', () => {
    const kg = graph();
    const m = kgMisclassMatrix(kg, idOf);
    for (const cls of ['Benign', 'DDoS']) {
      const t = kg.typeNode(cls)!;
      const diag = m.find((c) => c.predicted === cls && c.actual === cls);
      expect(diag?.count).toBe(t.correct);
      for (const { trueClass, edge } of kg.misclassOut(cls)) {
        const cell = m.find((c) => c.predicted === cls && c.actual === trueClass);
        expect(cell?.count).toBe(edge.count);
        expect(cell?.rate).toBeCloseTo(edge.rate, 12);
      }
    }
  });

  it('lists the signatures with the most episodes first, capped at what alerts.query takes', () => {
    const kg = new KnowledgeGraph(cat);
    const many = Array.from({ length: 520 }, (_, leaf) =>
      exps(1 + (leaf % 3), 'DoS', 'Benign', leaf, 0, 0.5),
    ).flat();
    kg.update(many);
    const [cell] = kgMisclassMatrix(kg, (leaf) => leaf + 1);
    expect(cell?.signatures).toBe(520);
    expect(cell?.signatureIds).toHaveLength(500);
    expect(cell?.signatureIds.slice(0, 3)).toEqual([3, 6, 9]);
  });

  it('is empty for a graph without labelled episodes', () => {
    const kg = new KnowledgeGraph(cat);
    kg.update(exps(5, 'DoS', null, 1, 0));
    expect(kgMisclassMatrix(kg, idOf)).toEqual([]);
  });
});
