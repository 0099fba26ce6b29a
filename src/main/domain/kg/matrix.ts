/**
 * The knowledge graph's misclassification matrix (`kg.graph`'s `matrix`): predicted × true class
 * over every labelled episode, each cell with its count, its rate (the misclassification edge's
 * weight off the diagonal), the detector's confidence B behind it and the signatures that made it,
 * so the console can open exactly those signatures' alerts. Pure: the caller names signatures.
 */
import { KG_CELL_MAX_SIGNATURES, type KgMatrixCell } from '../../../shared/contract';
import { cmp, edgeKey, type KnowledgeGraph } from './graph';
import { typeKey } from './types';

/** A leaf's store id (null where the store has none). */
export type SignatureIdOf = (leaf: number) => number | null;

/** One signature's part in a cell: its episodes there and its confidence B. */
interface Part {
  id: number | null;
  count: number;
  confidence: number;
}

/**
 * Every non-empty cell, by predicted class then true class. A cell is built from the signatures'
 * observed true-class mix (their predicts edges), so its count equals the misclassification edge's
 * count off the diagonal and the type's `correct` on it; B off the diagonal is each signature's
 * confidence at its latest such mistake (as the misclassification edge records it).
 */
export function kgMisclassMatrix(kg: KnowledgeGraph, idOf: SignatureIdOf): KgMatrixCell[] {
  const g = kg.graph;
  const parts = new Map<string, { predicted: string; actual: string; parts: Part[] }>();
  g.forEachEdge((_key, e, _source, target, s, t) => {
    if (e.kind !== 'predicts' || s.kind !== 'signature' || t.kind !== 'type') return;
    for (const [actual, count] of Object.entries(e.trueCounts)) {
      if (count <= 0) continue;
      const misKey = edgeKey(target, typeKey(actual));
      const mis = actual !== t.label && g.hasEdge(misKey) ? g.getEdgeAttributes(misKey) : null;
      const own =
        mis?.kind === 'misclassified' ? mis.signatures[String(s.signature)]?.confidence : undefined;
      const cellKey = `${t.label}\u0000${actual}`;
      let cell = parts.get(cellKey);
      if (!cell) parts.set(cellKey, (cell = { predicted: t.label, actual, parts: [] }));
      cell.parts.push({ id: idOf(s.signature), count, confidence: own ?? e.confidence });
    }
  });
  const cells: KgMatrixCell[] = [];
  for (const c of parts.values()) {
    const labelled = kg.typeNode(c.predicted)?.labelled ?? 0;
    const count = c.parts.reduce((n, p) => n + p.count, 0);
    const weighted = c.parts.reduce((n, p) => n + p.count * p.confidence, 0);
    const ranked = [...c.parts].sort((a, b) => b.count - a.count || (a.id ?? 0) - (b.id ?? 0));
    cells.push({
      predicted: c.predicted,
      actual: c.actual,
      count,
      rate: labelled > 0 ? count / labelled : 0,
      labelled,
      confidence: count > 0 ? weighted / count : null,
      signatures: c.parts.length,
      signatureIds: ranked
        .flatMap((p) => (p.id === null ? [] : [p.id]))
        .slice(0, KG_CELL_MAX_SIGNATURES),
    });
  }
  return cells.sort((a, b) => cmp(a.predicted, b.predicted) || cmp(a.actual, b.actual));
}
