/** What a click in the KG view filters the alert queue by, and the query arguments it means. */
import type { RequestArgs } from '../../../shared/contract';

/** A queue filter picked in the KG view: a signature node or a type node. */
export type KgFilter =
  | { kind: 'signature'; signatureId: number; label: string }
  | { kind: 'class'; predictedClass: string; label: string };

/** The alerts.query arguments of a filter. */
export function filterArgs(
  f: KgFilter,
): Pick<RequestArgs<'alerts.query'>, 'signatureId' | 'predictedClass'> {
  return f.kind === 'signature'
    ? { signatureId: f.signatureId }
    : { predictedClass: f.predictedClass };
}

/** A stable string for a filter (keys and `data-filter` attributes). */
export function filterKey(f: KgFilter | null): string {
  if (!f) return '';
  return f.kind === 'signature' ? `signature:${f.signatureId}` : `class:${f.predictedClass}`;
}
