/**
 * The alert queue's filters and sort as the Alerts screen holds them, and the alerts.query
 * arguments they mean. Pure, so the rules (what an empty input means, what a graph filter resets)
 * are unit-tested without a browser.
 */
import type { AlertRow, RequestArgs, ValidArgs } from '../../../shared/contract';

/** Sort keys of alerts.query. */
export type SortKey = ValidArgs<'alerts.query'>['sort'];

/** A filter carried in from the graph (a type node, a signature node or a misclassification). */
export interface QueueFilter {
  predictedClass?: string;
  signatureId?: number;
  /** Any of these signatures (a misclassification's signatures); label says what they are. */
  signatureIds?: number[];
  label?: string;
}

/** Every filter of the queue; undefined = not filtered on. */
export interface AlertFilters {
  predictedClass: string | undefined;
  status: AlertRow['status'] | undefined;
  /** Beta confidence mean bounds, inclusive, in [0, 1]. */
  minConfidence: number | undefined;
  maxConfidence: number | undefined;
  /** Recommended action (catalogue index). */
  action: number | undefined;
  signatureId: number | undefined;
  /** Any of these signatures, and what they are (e.g. "DoS → Benign misclassification"). */
  signatureIds: number[] | undefined;
  signatureLabel: string | undefined;
  /** Related flows: source / destination address, destination port. */
  src: string | undefined;
  dst: string | undefined;
  dstPort: number | undefined;
  /** Leave out alerts predicted Benign. */
  hideBenign: true | undefined;
  /** One source (dataset or live feed); undefined: every source. */
  datasetId: number | undefined;
  /** Substring of source, destination or signature text (already trimmed, never empty). */
  text: string | undefined;
  /** Lowest risk (posterior probability that the recommended action is wrong) shown. */
  minRisk: number | undefined;
  /** true: only recommendations flagged "needs review". */
  needsReview: true | undefined;
}

/** No filter at all. */
export const NO_FILTERS: AlertFilters = {
  predictedClass: undefined,
  status: undefined,
  minConfidence: undefined,
  maxConfidence: undefined,
  action: undefined,
  signatureId: undefined,
  signatureIds: undefined,
  signatureLabel: undefined,
  src: undefined,
  dst: undefined,
  dstPort: undefined,
  hideBenign: undefined,
  datasetId: undefined,
  text: undefined,
  minRisk: undefined,
  needsReview: undefined,
};

/** One query of the queue: its filters and the order. */
export interface AlertQuery extends AlertFilters {
  sort: SortKey;
  desc: boolean;
}

/** Longest search text alerts.query accepts. */
export const MAX_TEXT = 200;

/** The alerts.query arguments of a query page; unset filters are left out, not sent as null. */
export function queryArgs(
  q: AlertQuery,
  offset: number,
  limit: number,
): RequestArgs<'alerts.query'> {
  const args: RequestArgs<'alerts.query'> = {
    offset,
    limit,
    sort: q.sort,
    desc: q.desc,
  };
  if (q.predictedClass !== undefined) args.predictedClass = q.predictedClass;
  if (q.status !== undefined) args.status = q.status;
  if (q.minConfidence !== undefined) args.minConfidence = q.minConfidence;
  if (q.maxConfidence !== undefined) args.maxConfidence = q.maxConfidence;
  if (q.action !== undefined) args.action = q.action;
  if (q.datasetId !== undefined) args.datasetId = q.datasetId;
  if (q.signatureId !== undefined) args.signatureId = q.signatureId;
  if (q.signatureIds !== undefined) args.signatureIds = q.signatureIds;
  if (q.src !== undefined) args.src = q.src;
  if (q.dst !== undefined) args.dst = q.dst;
  if (q.dstPort !== undefined) args.dstPort = q.dstPort;
  if (q.hideBenign !== undefined) args.hideBenign = q.hideBenign;
  if (q.minRisk !== undefined) args.minRisk = q.minRisk;
  if (q.needsReview !== undefined) args.needsReview = q.needsReview;
  const text = normaliseText(q.text ?? '');
  if (text !== undefined) args.text = text;
  return args;
}

/** Whether any filter is set (the Clear filters button is live). */
export function hasFilters(f: AlertFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof AlertFilters)[]).some((k) => f[k] !== undefined);
}

/** The filters of a queue opened from another screen: only the carried filter, nothing left over. */
export function filtersFrom(f: QueueFilter | undefined): AlertFilters {
  return {
    ...NO_FILTERS,
    predictedClass: f?.predictedClass,
    signatureId: f?.signatureId,
    signatureIds: f?.signatureIds,
    signatureLabel: f?.signatureIds ? f.label : undefined,
  };
}

/**
 * Refine the queue by a graph click on this screen: a signature replaces the class filter and a
 * class the signature filter (they would usually contradict), the other filters stay.
 */
export function withQueueFilter(current: AlertFilters, f: QueueFilter): AlertFilters {
  return {
    ...current,
    predictedClass: f.predictedClass,
    signatureId: f.signatureId,
    signatureIds: f.signatureIds,
    signatureLabel: f.signatureIds ? f.label : undefined,
  };
}

/** Search text as sent: trimmed, cut to {@link MAX_TEXT}; undefined when empty. */
export function normaliseText(raw: string): string | undefined {
  const t = raw.trim().slice(0, MAX_TEXT);
  return t === '' ? undefined : t;
}

/** The confidence range typed into the two inputs, or why it cannot be applied. */
export type ConfidenceRange =
  { ok: true; min: number | undefined; max: number | undefined } | { ok: false; error: string };

/** Parse the min / max inputs: empty = unbounded; each in [0, 1]; min not above max. */
export function parseConfidenceRange(minText: string, maxText: string): ConfidenceRange {
  const min = parseBound(minText);
  const max = parseBound(maxText);
  if (min === null) return { ok: false, error: 'minimum must be a number from 0 to 1' };
  if (max === null) return { ok: false, error: 'maximum must be a number from 0 to 1' };
  if (min !== undefined && max !== undefined && min > max)
    return { ok: false, error: 'minimum is above maximum' };
  return { ok: true, min, max };
}

/** undefined: empty; null: not a number in [0, 1]. */
function parseBound(text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
}

/**
 * The direction a column starts in when first clicked: most useful first, so newest, most
 * confident, most probable and riskiest at the top, the lowest expected reward first; class and
 * action in their natural (A→Z, catalogue) order.
 */
export function defaultDesc(key: SortKey): boolean {
  return key === 'id' || key === 'confidence' || key === 'probability' || key === 'risk';
}

/** Risk thresholds offered by the queue's risk filter. */
export const RISK_STEPS = [0.05, 0.1, 0.2, 0.5] as const;
