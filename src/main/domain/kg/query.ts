/**
 * Reading the knowledge graph for one (predicted type, signature): the records serialised as text
 * and the candidate actions left by the paper's filtering rule (§III-C).
 */
import { bestAction, reward } from '../catalogue/catalogue';
import type { Candidate, KgAnswer, KgRecord } from '../catalogue/types';
import { cmp, type KnowledgeGraph } from './graph';
import {
  meanOf,
  type MisclassBySignature,
  type MisclassEdge,
  type PredictsEdge,
  type RewardStat,
} from './types';

/** How many signatures a type-level misclassification record names. */
const SIGNATURES_NAMED = 3;

/**
 * Answer a query. Unknown type (never predicted) → no records and every action a candidate with
 * no history. Otherwise the filtering rule, per action:
 * - tried (recorded at the signature or the type level): kept if at least one recorded reward was
 *   positive, or if the action is rewarded for a true type this prediction is misclassified as;
 * - never tried: kept only if rewarded for such a misclassified type. An untried action has no
 *   evidence for it, and keeping all of them would hand the advisor the whole catalogue back; the
 *   exception keeps the right mitigation of the true type in reach before anyone has tried it.
 * "Misclassified as" uses the signature's own labelled flows when it has any (it is the more
 * specific evidence), else the type's misclassification edges. "Rewarded for T" is the recorded
 * reward when the true type T met that action, else the catalogue's ranked list for T.
 * Should the rule leave nothing, the untried actions come back (they are at least not known to be
 * bad), and failing that every action.
 */
export function queryKg(kg: KnowledgeGraph, predictedClass: string, signature: number): KgAnswer {
  const version = kg.version;
  const n = kg.catalogue.actions.length;
  const t = kg.typeNode(predictedClass);
  if (!t || t.predicted === 0) {
    const candidates = Array.from({ length: n }, (_x, action) => ({
      action,
      historicalReward: null,
    }));
    return { records: [], candidates, version };
  }
  const p = kg.predicts(signature, predictedClass);
  const candidates = filterCandidates(
    kg,
    predictedClass,
    p,
    misclassifiedAs(kg, predictedClass, p),
  );
  const records = [
    ...signatureRecords(kg, predictedClass, signature, p),
    ...typeMisclassRecords(kg, predictedClass),
    ...rewardRecords(kg, predictedClass, signature, p, candidates),
  ];
  return { records, candidates, version };
}

/** The true types a prediction has been seen to really be, when wrong. */
function misclassifiedAs(
  kg: KnowledgeGraph,
  predictedClass: string,
  p: PredictsEdge | undefined,
): string[] {
  if (p && p.labelled > 0)
    return Object.keys(p.trueCounts)
      .filter((c) => c !== predictedClass)
      .sort(cmp);
  return kg.misclassOut(predictedClass).map((m) => m.trueClass);
}

function filterCandidates(
  kg: KnowledgeGraph,
  predictedClass: string,
  p: PredictsEdge | undefined,
  wrongAs: readonly string[],
): Candidate[] {
  const kept: Candidate[] = [];
  const untried: Candidate[] = [];
  const all: Candidate[] = [];
  for (let action = 0; action < kg.catalogue.actions.length; action++) {
    const sig = p?.actions[String(action)];
    const typ = kg.rewardEdge(predictedClass, action);
    const tried = (sig?.count ?? 0) + (typ?.count ?? 0) > 0;
    const c: Candidate = { action, historicalReward: meanOf(sig) ?? typ?.meanReward ?? null };
    all.push(c);
    if (!tried) untried.push(c);
    const positive = (sig?.positive ?? 0) + (typ?.positive ?? 0) > 0;
    const rescued = wrongAs.some((cls) => rewardedFor(kg, cls, action));
    if ((tried && positive) || rescued) kept.push(c);
  }
  if (kept.length > 0) return kept;
  return untried.length > 0 ? untried : all;
}

/** Whether an action pays off for flows whose true class is cls (recorded, else catalogue). */
export function rewardedFor(kg: KnowledgeGraph, cls: string, action: number): boolean {
  const s = kg.typeNode(cls)?.asTrue[String(action)];
  if (s && s.count > 0) return s.positive > 0;
  if (!kg.catalogue.ranked[cls]) return false;
  return reward(kg.catalogue, cls, action) > 0;
}

/** The right action for a true class: best recorded mean, else the catalogue's top-ranked. */
export function rightActionText(kg: KnowledgeGraph, cls: string): string {
  const asTrue = kg.typeNode(cls)?.asTrue ?? {};
  let best = -1;
  let bestMean = -Infinity;
  for (const [k, s] of Object.entries(asTrue)) {
    const m = meanOf(s);
    const a = Number(k);
    if (m !== null && (m > bestMean || (m === bestMean && a < best))) {
      best = a;
      bestMean = m;
    }
  }
  if (best >= 0)
    return `best action for ${cls}: ${actionName(kg, best)} (avg reward ${f2(bestMean)})`;
  if (!kg.catalogue.ranked[cls]) return `no known action for ${cls}`;
  const a = bestAction(kg.catalogue, cls);
  return `best action for ${cls}: ${actionName(kg, a)} (ranked first in the catalogue)`;
}

function signatureRecords(
  kg: KnowledgeGraph,
  predictedClass: string,
  signature: number,
  p: PredictsEdge | undefined,
): KgRecord[] {
  if (!p) return [];
  const name = kg.signatureName(signature);
  // The graph counts episodes (one flow decided once, in training or by an analyst): training
  // passes over the same flows count each of them again, so these are not distinct flows.
  const out: KgRecord[] = [
    {
      kind: 'signature-confidence',
      text:
        `signature ${name} predicts ${predictedClass} with confidence B=${f2(p.confidence)}: ` +
        `right in ${p.correct} of ${p.labelled} labelled episodes (${p.flows} episodes recorded)`,
    },
  ];
  const wrong = Object.entries(p.trueCounts)
    .filter(([cls]) => cls !== predictedClass)
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const edges = new Map(kg.misclassOut(predictedClass).map((m) => [m.trueClass, m.edge]));
  for (const [cls, count] of wrong) {
    const b = edges.get(cls)?.signatures[String(signature)]?.confidence ?? p.confidence;
    out.push({
      kind: 'misclassification',
      text:
        `when signature ${name} predicts ${predictedClass}, ${pct(count / p.labelled)}% ` +
        `(${count} of ${p.labelled} episodes) were ${cls} (B=${f2(b)}); ${rightActionText(kg, cls)}`,
    });
  }
  return out;
}

/** Type-level misclassification records per graph, valid for one version (they ignore the signature). */
const typeRecordCache = new WeakMap<
  KnowledgeGraph,
  { stamp: string; byType: Map<string, KgRecord[]> }
>();

function typeMisclassRecords(kg: KnowledgeGraph, predictedClass: string): KgRecord[] {
  let c = typeRecordCache.get(kg);
  if (!c || c.stamp !== kg.textStamp) {
    c = { stamp: kg.textStamp, byType: new Map() };
    typeRecordCache.set(kg, c);
  }
  let records = c.byType.get(predictedClass);
  if (!records) {
    records = buildTypeMisclassRecords(kg, predictedClass);
    c.byType.set(predictedClass, records);
  }
  return records.map((r) => ({ ...r }));
}

function buildTypeMisclassRecords(kg: KnowledgeGraph, predictedClass: string): KgRecord[] {
  const labelled = kg.typeNode(predictedClass)?.labelled ?? 0;
  return kg.misclassOut(predictedClass).map(({ trueClass, edge }) => {
    const sigs = topSignatures(edge.signatures)
      .map(([s, v]) => `${kg.signatureName(Number(s))} ×${v.count} B=${f2(v.confidence)}`)
      .join(', ');
    return {
      kind: 'misclassification' as const,
      text:
        `when ${predictedClass} is predicted, ${pct(edge.rate)}% ` +
        `(${edge.count} of ${labelled} episodes) ` +
        `were ${trueClass} (signatures: ${sigs}); ${rightActionText(kg, trueClass)}`,
    };
  });
}

/**
 * The SIGNATURES_NAMED most frequent signatures of a misclassification (ties: lower number), by
 * one pass with a tiny insertion list: an edge out of Benign can hold hundreds of signatures and
 * sorting them all on every query was most of its cost.
 */
function topSignatures(bySig: MisclassEdge['signatures']): [string, MisclassBySignature][] {
  const top: [string, MisclassBySignature][] = [];
  const before = (a: [string, MisclassBySignature], b: [string, MisclassBySignature]): boolean =>
    a[1].count > b[1].count || (a[1].count === b[1].count && Number(a[0]) < Number(b[0]));
  for (const entry of Object.entries(bySig)) {
    let i = top.length;
    while (i > 0 && before(entry, top[i - 1]!)) i--;
    if (i < SIGNATURES_NAMED) {
      top.splice(i, 0, entry);
      if (top.length > SIGNATURES_NAMED) top.pop();
    }
  }
  return top;
}

function rewardRecords(
  kg: KnowledgeGraph,
  predictedClass: string,
  signature: number,
  p: PredictsEdge | undefined,
  candidates: readonly Candidate[],
): KgRecord[] {
  const sig: [number, RewardStat][] = [];
  const typ: [number, RewardStat][] = [];
  for (const { action } of candidates) {
    const s = p?.actions[String(action)];
    if (s && s.count > 0) sig.push([action, s]);
    const e = kg.rewardEdge(predictedClass, action);
    if (e) typ.push([action, { sum: e.cumulativeReward, count: e.count, positive: e.positive }]);
  }
  const line = (who: string, [a, s]: [number, RewardStat]): KgRecord => ({
    kind: 'action-reward',
    text:
      `${who} → ${actionName(kg, a)}: avg reward ${f2(s.sum / s.count)} over ${s.count} episodes ` +
      `(cumulative ${num(s.sum)})`,
  });
  return [
    ...sig.sort(byMean).map((x) => line(`signature ${kg.signatureName(signature)}`, x)),
    ...typ.sort(byMean).map((x) => line(predictedClass, x)),
  ];
}

function byMean(a: [number, RewardStat], b: [number, RewardStat]): number {
  return b[1].sum / b[1].count - a[1].sum / a[1].count || a[0] - b[0];
}

/** "M1037 Filter Network Traffic" (or "NONE No Action") for an action index. */
export function actionName(kg: KnowledgeGraph, action: number): string {
  const a = kg.catalogue.actions[action];
  return a ? `${a.id} ${a.name}` : `action ${action}`;
}

function f2(x: number): string {
  return x.toFixed(2);
}

function pct(x: number): string {
  return (100 * x).toFixed(1);
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
