import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import {
  KnowledgeGraph,
  kgNeighbourhoodView,
  kgWholeView,
  type KgViewOptions,
} from '../../src/main/domain/kg';
import { exps } from '../helpers/experiences';

const cat = loadCatalogue();

/**
 * Benign is predicted by signatures 3776 and 12, and 150 of its 1030 labelled flows were DDoS
 * (120 from 3776 at B=0.91, 30 from 12 at B=0.99); signature 7 predicts DDoS, acts with M1037
 * (best) or M1030, and 10 of its flows were Benign.
 */
function graph(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([
    ...exps(680, 'Benign', 'Benign', 3776, 0, 0.9),
    ...exps(120, 'Benign', 'DDoS', 3776, 0, 0.91),
    ...exps(200, 'Benign', 'Benign', 12, 0, 0.99),
    ...exps(30, 'Benign', 'DDoS', 12, 0, 0.99),
    ...exps(100, 'DDoS', 'DDoS', 7, 1, 0.98),
    ...exps(50, 'DDoS', 'DDoS', 7, 3, 0.98),
    ...exps(10, 'DDoS', 'Benign', 7, 1, 0.97),
  ]);
  return kg;
}

/** Store ids are leaf + 1000, except leaf 12, which the store does not know. */
const opts: KgViewOptions = {
  signatureOf: (leaf) => ({ id: leaf === 12 ? null : leaf + 1000, text: `conditions of ${leaf}` }),
};

const keys = (xs: readonly { key: string }[]): string[] => xs.map((x) => x.key);

describe('kgNeighbourhoodView', () => {
  it('holds the signature, its type, the type’s actions and misclassifications, their best action', () => {
    const v = kgNeighbourhoodView(graph(), 3776, opts);
    expect(keys(v.nodes)).toEqual([
      'sig:3776',
      'type:Benign',
      'action:NONE',
      'type:DDoS',
      'action:M1037',
    ]);
    expect(v.truncated).toBe(0);
    expect(v.nodes[0]).toEqual({
      key: 'sig:3776',
      kind: 'signature',
      label: 'sig #4776',
      signatureId: 4776,
      name: 'conditions of 3776',
      count: 800,
    });
    expect(v.nodes[1]).toMatchObject({ kind: 'type', name: 'Benign', count: 1030 });
    expect(v.nodes[2]).toMatchObject({ kind: 'action', name: 'NONE', label: 'NONE No Action' });
    // DDoS's worse action (M1030), its own misclassification and the other signatures stay out.
    expect(v.edges).toEqual([
      {
        key: 'sig:3776->type:Benign',
        source: 'sig:3776',
        target: 'type:Benign',
        kind: 'predicts',
        weight: 0.91,
        label: 'B=0.91',
      },
      {
        key: 'type:Benign->action:NONE',
        source: 'type:Benign',
        target: 'action:NONE',
        kind: 'reward',
        weight: 880 * 5 - 150 * 5,
        label: 'avg 3.5 over 1,030',
      },
      {
        key: 'type:Benign->type:DDoS',
        source: 'type:Benign',
        target: 'type:DDoS',
        kind: 'misclassified',
        weight: 150 / 1030,
        // The centred signature's own confidence when it made this mistake.
        label: '15% (150 of 1,030 episodes), B=0.91',
      },
      {
        key: 'type:DDoS->action:M1037',
        source: 'type:DDoS',
        target: 'action:M1037',
        kind: 'reward',
        weight: 450,
        label: 'avg 4.1 over 110',
      },
    ]);
  });

  it('keeps the nodes nearest the signature under the cap', () => {
    const v = kgNeighbourhoodView(graph(), 3776, { ...opts, maxNodes: 3 });
    expect(keys(v.nodes)).toEqual(['sig:3776', 'type:Benign', 'action:NONE']);
    expect(keys(v.edges)).toEqual(['sig:3776->type:Benign', 'type:Benign->action:NONE']);
    expect(v.truncated).toBe(2);
  });

  it('shows an unseen signature alone beside its predicted type’s neighbourhood', () => {
    const v = kgNeighbourhoodView(graph(), 99, { ...opts, predictedClass: 'DDoS' });
    expect(v.nodes[0]).toMatchObject({ key: 'sig:99', signatureId: 1099, count: 0 });
    expect(keys(v.nodes).sort()).toEqual(
      ['sig:99', 'type:DDoS', 'action:M1037', 'action:M1030', 'type:Benign', 'action:NONE'].sort(),
    );
    expect(v.edges.some((e) => e.source === 'sig:99' || e.target === 'sig:99')).toBe(false);
    const m = v.edges.find((e) => e.kind === 'misclassified');
    expect(m).toMatchObject({
      key: 'type:DDoS->type:Benign',
      label: '6.3% (10 of 160 episodes), B=0.97',
    });
  });
});

describe('kgWholeView', () => {
  it('returns every node with counts and every edge, misclassifications labelled by rate and B', () => {
    const v = kgWholeView(graph(), opts);
    expect(v.truncated).toBe(0);
    // Types, then actions, then signatures; busiest first.
    expect(keys(v.nodes)).toEqual([
      'type:Benign',
      'type:DDoS',
      'action:NONE',
      'action:M1037',
      'action:M1030',
      'sig:3776',
      'sig:12',
      'sig:7',
    ]);
    expect(v.nodes.find((n) => n.key === 'sig:12')).toMatchObject({
      label: 'leaf 12',
      signatureId: null,
      count: 230,
    });
    expect(v.nodes.find((n) => n.key === 'action:M1037')?.count).toBe(110);
    expect(v.edges).toHaveLength(8);
    const mis = v.edges.filter((e) => e.kind === 'misclassified');
    expect(mis.map((e) => [e.key, e.weight, e.label])).toEqual([
      // No signature in focus: B is the mean over the signatures behind it, weighted by count.
      ['type:Benign->type:DDoS', 150 / 1030, '15% (150 of 1,030 episodes), B=0.93'],
      ['type:DDoS->type:Benign', 10 / 160, '6.3% (10 of 160 episodes), B=0.97'],
    ]);
  });

  it('drops signature nodes first, least-seen first, and the edges touching them', () => {
    const v = kgWholeView(graph(), { ...opts, maxNodes: 6 });
    expect(keys(v.nodes)).toEqual([
      'type:Benign',
      'type:DDoS',
      'action:NONE',
      'action:M1037',
      'action:M1030',
      'sig:3776',
    ]);
    expect(v.truncated).toBe(2);
    expect(v.edges).toHaveLength(6);
    const kept = new Set(keys(v.nodes));
    for (const e of v.edges) expect(kept.has(e.source) && kept.has(e.target)).toBe(true);
  });

  it('drops the least-rewarded actions once no signature is left', () => {
    const v = kgWholeView(graph(), { ...opts, maxNodes: 4 });
    expect(keys(v.nodes)).toEqual(['type:Benign', 'type:DDoS', 'action:NONE', 'action:M1037']);
    expect(v.truncated).toBe(4);
  });
});

describe('an empty graph', () => {
  it('has an empty whole view and a lone signature as neighbourhood', () => {
    const kg = new KnowledgeGraph(cat);
    expect(kgWholeView(kg, opts)).toEqual({ nodes: [], edges: [], truncated: 0 });
    const v = kgNeighbourhoodView(kg, 5, { ...opts, predictedClass: 'DoS' });
    expect(v).toEqual({
      nodes: [
        {
          key: 'sig:5',
          kind: 'signature',
          label: 'sig #1005',
          signatureId: 1005,
          name: 'conditions of 5',
          count: 0,
        },
      ],
      edges: [],
      truncated: 0,
    });
  });
});
