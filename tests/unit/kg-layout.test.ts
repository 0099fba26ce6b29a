import { describe, expect, it } from 'vitest';
import type { KgMatrixCell, KgViewEdge, KgViewNode } from '../../src/shared/contract';
import { toElements } from '../../src/renderer/src/kg/elements';
import { filterArgs, filterKey, queryArgsOf } from '../../src/renderer/src/kg/filter';
import { DEFAULT_LAYERED, layeredPositions } from '../../src/renderer/src/kg/layout';
import {
  cellFilter,
  cellHeat,
  confidenceText,
  matrixGrid,
  rateText,
} from '../../src/renderer/src/kg/matrix';
import { drawnView, OVERVIEW_ACTIONS_PER_TYPE } from '../../src/renderer/src/kg/overview';

function node(key: string, count = 1): KgViewNode {
  const [kind, name] = key.split(':') as ['type' | 'action' | 'sig', string];
  return {
    key,
    kind: kind === 'sig' ? 'signature' : kind,
    label: kind === 'sig' ? `sig #${name}` : name,
    signatureId: kind === 'sig' ? Number(name) : null,
    name,
    count,
  };
}

function edge(source: string, target: string, kind: KgViewEdge['kind'], weight = 1): KgViewEdge {
  return { key: `${source}->${target}`, source, target, kind, weight, label: '' };
}

/** Two types; A has signatures 1-3 and actions X, Y, Z, W; B has signature 4 and action Z. */
const view = {
  nodes: [
    node('type:A', 900),
    node('type:B', 100),
    node('action:W'),
    node('action:X'),
    node('action:Y'),
    node('action:Z'),
    node('sig:1', 10),
    node('sig:2', 500),
    node('sig:3', 40),
    node('sig:4', 7),
  ],
  edges: [
    edge('type:A', 'action:W', 'reward', -50),
    edge('type:A', 'action:X', 'reward', 400),
    edge('type:A', 'action:Y', 'reward', 30),
    edge('type:A', 'action:Z', 'reward', 90),
    edge('type:B', 'action:Z', 'reward', 60),
    edge('sig:1', 'type:A', 'predicts'),
    edge('sig:2', 'type:A', 'predicts'),
    edge('sig:3', 'type:A', 'predicts'),
    edge('sig:4', 'type:B', 'predicts'),
    edge('type:A', 'type:B', 'misclassified', 0.1),
  ],
};

describe('layeredPositions', () => {
  const at = layeredPositions(view.nodes, view.edges);

  it('puts signatures, types and actions in three columns, left to right', () => {
    const xs = (prefix: string) =>
      new Set(view.nodes.filter((n) => n.key.startsWith(prefix)).map((n) => at.get(n.key)?.x));
    expect([...xs('sig:')]).toEqual([0]);
    expect([...xs('type:')]).toEqual([DEFAULT_LAYERED.columnGap]);
    expect([...xs('action:')]).toEqual([2 * DEFAULT_LAYERED.columnGap]);
  });

  it('spaces each column by its row gap, centred, so no two nodes share a row', () => {
    for (const kind of ['signature', 'type', 'action'] as const) {
      const ys = view.nodes
        .filter((n) => n.kind === kind)
        .map((n) => at.get(n.key)?.y ?? NaN)
        .sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++)
        expect(ys[i]! - ys[i - 1]!).toBeCloseTo(DEFAULT_LAYERED.rowGap[kind], 9);
      expect(ys[0]! + ys[ys.length - 1]!).toBeCloseTo(0, 9);
    }
  });

  it('keeps types in the view’s order and puts the others next to the types they link to', () => {
    expect(at.get('type:A')!.y).toBeLessThan(at.get('type:B')!.y);
    // B's signature and B's action (Z, shared with A: barycentre 0.5) come after A-only ones.
    const sigOrder = ['sig:1', 'sig:2', 'sig:3', 'sig:4'].sort(
      (a, b) => at.get(a)!.y - at.get(b)!.y,
    );
    expect(sigOrder).toEqual(['sig:1', 'sig:2', 'sig:3', 'sig:4']);
    const actionOrder = ['action:W', 'action:X', 'action:Y', 'action:Z'].sort(
      (a, b) => at.get(a)!.y - at.get(b)!.y,
    );
    expect(actionOrder.at(-1)).toBe('action:Z');
  });

  it('is deterministic and places every node', () => {
    expect(layeredPositions(view.nodes, view.edges)).toEqual(at);
    expect(at.size).toBe(view.nodes.length);
  });
});

describe('toElements', () => {
  it('gives every node its layered position and a size no taller than its row', () => {
    const els = toElements(view);
    const nodes = els.filter((e) => e.group === 'nodes');
    expect(nodes).toHaveLength(view.nodes.length);
    for (const n of nodes) {
      const kind = n.data['kind'] as KgViewNode['kind'];
      expect(n.position).toEqual(layeredPositions(view.nodes, view.edges).get(String(n.data.id)));
      expect(Number(n.data['height'])).toBeLessThan(DEFAULT_LAYERED.rowGap[kind]);
    }
    // Big counts do not grow a node past its row either.
    const [huge] = toElements({ nodes: [node('action:Q', 1e9)], edges: [] });
    expect(Number(huge!.data['height'])).toBeLessThan(DEFAULT_LAYERED.rowGap.action);
  });
});

describe('drawnView', () => {
  it('draws a neighbourhood whole', () => {
    const d = drawnView(view, false, null);
    expect(d.nodes).toBe(view.nodes);
    expect(d.edges).toBe(view.edges);
  });

  it('overviews the whole graph: types, each one’s most rewarded actions, no signature', () => {
    const d = drawnView(view, true, null);
    expect(OVERVIEW_ACTIONS_PER_TYPE).toBe(3);
    expect(d.nodes.map((n) => n.key)).toEqual([
      'type:A',
      'type:B',
      'action:X',
      'action:Y',
      'action:Z',
    ]);
    // W (A's least rewarded) is dropped with its edge; misclassifications are the matrix's.
    expect(d.edges.map((e) => e.key).sort()).toEqual(
      ['type:A->action:X', 'type:A->action:Y', 'type:A->action:Z', 'type:B->action:Z'].sort(),
    );
    expect(d.expanded).toBeNull();
  });

  it('adds an expanded type’s busiest signatures and says how many it left out', () => {
    const d = drawnView(view, true, 'type:A', 2);
    const sigs = d.nodes.filter((n) => n.kind === 'signature').map((n) => n.key);
    expect(sigs).toEqual(['sig:2', 'sig:3']);
    expect(d.edges.filter((e) => e.kind === 'predicts').map((e) => e.source)).toEqual([
      'sig:2',
      'sig:3',
    ]);
    expect(d.expanded).toEqual({ key: 'type:A', name: 'A', signatures: 3, shown: 2 });
  });
});

function cell(predicted: string, actual: string, over: Partial<KgMatrixCell> = {}): KgMatrixCell {
  return {
    predicted,
    actual,
    count: 10,
    rate: 0.1,
    labelled: 100,
    confidence: 0.9,
    signatures: 2,
    signatureIds: [5, 6],
    ...over,
  };
}

describe('matrixGrid', () => {
  it('orders classes as the paper does, extra ones after, rows and columns alike', () => {
    const g = matrixGrid([cell('Bot', 'Benign'), cell('DoS', 'DDoS'), cell('Benign', 'Benign')]);
    expect(g.classes).toEqual(['Benign', 'DDoS', 'DoS', 'Bot']);
    expect(g.cell('DoS', 'DDoS')?.count).toBe(10);
    expect(g.cell('DDoS', 'DoS')).toBeUndefined();
  });

  it('turns a cell into the Alerts filter of its signatures, with what it is in words', () => {
    const f = cellFilter(cell('DoS', 'Benign'));
    expect(f).toEqual({
      kind: 'signatures',
      signatureIds: [5, 6],
      label: 'DoS predicted, Benign actual',
    });
    expect(filterArgs(f!)).toEqual({ signatureIds: [5, 6], label: 'DoS predicted, Benign actual' });
    // The Graph screen's own queue sends only what alerts.query takes.
    expect(queryArgsOf(f!)).toEqual({ signatureIds: [5, 6] });
    expect(filterKey(f)).toBe('signatures:5,6');
    expect(cellFilter(cell('DoS', 'Benign', { signatureIds: [] }))).toBeNull();
  });

  it('formats rates and B, and tints only the mistakes', () => {
    expect([rateText(0.15), rateText(0.042), rateText(0.0006)]).toEqual(['15%', '4.2%', '0.06%']);
    expect([confidenceText(0.934), confidenceText(null)]).toEqual(['B=0.93', 'B –']);
    expect(cellHeat(cell('DoS', 'DoS', { rate: 0.99 }))).toBe(0);
    expect(cellHeat(cell('DoS', 'Benign', { rate: 0.25 }))).toBeCloseTo(0.5, 12);
  });
});

describe('filterArgs', () => {
  it('keeps a signature or a class filter as before', () => {
    expect(filterArgs({ kind: 'signature', signatureId: 3, label: 'sig #3' })).toEqual({
      signatureId: 3,
    });
    expect(filterArgs({ kind: 'class', predictedClass: 'DoS', label: 'DoS' })).toEqual({
      predictedClass: 'DoS',
    });
  });
});
