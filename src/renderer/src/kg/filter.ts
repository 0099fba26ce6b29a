/** What a click in the KG view filters the alert queue by, and the query arguments it means. */
import type { RequestArgs } from '../../../shared/contract';

/**
 * A queue filter picked in the KG view: a signature node, a type node, or a misclassification
 * matrix cell (the signatures that made it, and what the cell is, e.g. "DoS predicted, Benign actual").
 */
export type KgFilter =
  | { kind: 'signature'; signatureId: number; label: string }
  | { kind: 'class'; predictedClass: string; label: string }
  | { kind: 'signatures'; signatureIds: number[]; label: string };

/** The alerts.query arguments of a filter. */
export type KgQueryArgs = Pick<
  RequestArgs<'alerts.query'>,
  'signatureId' | 'signatureIds' | 'predictedClass'
>;

/** The alerts.query arguments of a filter (what the Graph screen's own queue sends). */
export function queryArgsOf(f: KgFilter): KgQueryArgs {
  if (f.kind === 'signature') return { signatureId: f.signatureId };
  if (f.kind === 'class') return { predictedClass: f.predictedClass };
  return { signatureIds: f.signatureIds };
}

/**
 * A filter as the Alerts screen carries it: the query arguments, and for a set of signatures the
 * label that says what they are (the screen shows it instead of a list of ids).
 */
export function filterArgs(f: KgFilter): KgQueryArgs & { label?: string } {
  return f.kind === 'signatures' ? { ...queryArgsOf(f), label: f.label } : queryArgsOf(f);
}

/** A stable string for a filter (keys and `data-filter` attributes). */
export function filterKey(f: KgFilter | null): string {
  if (!f) return '';
  if (f.kind === 'signature') return `signature:${f.signatureId}`;
  if (f.kind === 'class') return `class:${f.predictedClass}`;
  return `signatures:${f.signatureIds.join(',')}`;
}
