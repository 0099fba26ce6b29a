/** Signatures: each root-to-leaf path of the tree as a readable conjunction of conditions. */
import type { DecisionTree } from './tree';

/** One test on a feature; NaN (feature absent) satisfies '<=' and never '>', as in the tree. */
export interface Condition {
  feature: string;
  op: '<=' | '>';
  threshold: number;
}

/** The signature of one leaf. */
export interface SignatureDef {
  leaf: number;
  classIndex: number;
  conditions: Condition[];
  text: string;
}

/** Bounds met on one feature along a path. */
interface Bounds {
  feature: number;
  gt: number;
  le: number;
}

/**
 * One signature per leaf, in leaf order. Repeated tests of a feature along a path are merged into
 * the tightest bounds (largest '>' and smallest '<='), listed in the order the features first
 * appear on the path, '>' before '<='.
 */
export function extractSignatures(
  tree: DecisionTree,
  featureNames: readonly string[],
): SignatureDef[] {
  const { feature, threshold, left, right, leafClass } = tree.nodes;
  const out: SignatureDef[] = new Array<SignatureDef>(tree.leafCount);
  const name = (f: number): string => featureNames[f] ?? `feature ${f}`;
  const emit = (leaf: number, path: readonly Bounds[]): void => {
    const conditions: Condition[] = [];
    for (const b of path) {
      if (b.gt > -Infinity) conditions.push({ feature: name(b.feature), op: '>', threshold: b.gt });
      if (b.le < Infinity) conditions.push({ feature: name(b.feature), op: '<=', threshold: b.le });
    }
    out[leaf] = { leaf, classIndex: leafClass[leaf]!, conditions, text: signatureText(conditions) };
  };
  if (feature.length === 0) {
    emit(0, []);
    return out;
  }
  // Explicit stack (the tree can be deep); each entry carries its own copy of the path bounds.
  const stack: { ref: number; path: Bounds[] }[] = [{ ref: 0, path: [] }];
  while (stack.length > 0) {
    const { ref, path } = stack.pop()!;
    if (ref < 0) {
      emit(~ref, path);
      continue;
    }
    const f = feature[ref]!;
    const t = threshold[ref]!;
    stack.push({ ref: right[ref]!, path: tighten(path, f, t, '>') });
    stack.push({ ref: left[ref]!, path: tighten(path, f, t, '<=') });
  }
  return out;
}

/** A copy of path with feature f additionally bounded by op t. */
function tighten(path: readonly Bounds[], f: number, t: number, op: '<=' | '>'): Bounds[] {
  const next = path.map((b) => (b.feature === f ? { ...b } : b));
  let b = next.find((x) => x.feature === f);
  if (!b) {
    b = { feature: f, gt: -Infinity, le: Infinity };
    next.push(b);
  }
  if (op === '>') b.gt = Math.max(b.gt, t);
  else b.le = Math.min(b.le, t);
  return next;
}

/** `Destination Port ≤ 21.5 ∧ Flow IAT Max > 3.1e6`; a single-leaf tree's signature reads `any flow`. */
export function signatureText(conditions: readonly Condition[]): string {
  if (conditions.length === 0) return 'any flow';
  return conditions
    .map((c) => `${c.feature} ${c.op === '<=' ? '≤' : '>'} ${formatThreshold(c.threshold)}`)
    .join(' ∧ ');
}

/**
 * Compact number: up to 6 significant digits in plain notation for 1e-3 <= |x| < 1e5
 * (21.5, 8080.5), else 3 significant digits in exponent form without '+' (3.1e6, 2.5e-4).
 */
export function formatThreshold(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(6)));
  const [mant = '', exp = ''] = x.toExponential(2).split('e');
  const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return `${m}e${exp.replace('+', '')}`;
}
