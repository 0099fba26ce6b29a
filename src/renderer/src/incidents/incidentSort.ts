/**
 * The incident list's orders and false-positive filter. The core sends a dataset's incidents
 * whole (the list is not paged), so sorting and hiding happen here, on the rows the core sent.
 */
import type { IncidentSummary } from '../../../shared/contract';

/** What the list can be sorted by: severity, size (alert count) or time (first seen). */
export const INCIDENT_SORTS = ['severity', 'alerts', 'time'] as const;
export type IncidentSortKey = (typeof INCIDENT_SORTS)[number];

/** Words for each order, as the sort control shows them. */
export const SORT_NAMES: Record<IncidentSortKey, string> = {
  severity: 'Severity',
  alerts: 'Size (alerts)',
  time: 'Time (first seen)',
};

/** An order: `desc` puts the most serious, the largest or the latest first. */
export interface IncidentSort {
  key: IncidentSortKey;
  desc: boolean;
}

/** The default: most serious first. */
export const DEFAULT_INCIDENT_SORT: IncidentSort = { key: 'severity', desc: true };

type Row = Pick<IncidentSummary, 'id' | 'severityRank' | 'alerts' | 'firstSeen'>;
type Compare = (a: Row, b: Row) => number;

/** Each key ascending: least serious, smallest, earliest first. */
const ASCENDING: Record<IncidentSortKey, Compare> = {
  // A lower rank is more serious, so ascending severity is descending rank.
  severity: (a, b) => b.severityRank - a.severityRank,
  alerts: (a, b) => a.alerts - b.alerts,
  time: (a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen),
};

/** Ties of one key fall to the others (bigger and more serious first, then earlier, then id). */
const TIE_BREAKS: Compare[] = [
  (a, b) => a.severityRank - b.severityRank,
  (a, b) => b.alerts - a.alerts,
  (a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen),
  (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
];

/** A sorted copy of the incidents; equal keys keep a fixed order whatever the input order. */
export function sortIncidents<T extends Row>(incidents: readonly T[], sort: IncidentSort): T[] {
  const first = ASCENDING[sort.key];
  const sign = sort.desc ? -1 : 1;
  return [...incidents].sort((a, b) => {
    const d = sign * first(a, b);
    if (d !== 0) return d;
    for (const tie of TIE_BREAKS) {
      const t = tie(a, b);
      if (t !== 0) return t;
    }
    return 0;
  });
}

/** The incidents shown and how many false positives were hidden. */
export function hideFalsePositives<T extends Pick<IncidentSummary, 'falsePositive'>>(
  incidents: readonly T[],
  hide: boolean,
): { shown: T[]; hidden: number } {
  if (!hide) return { shown: [...incidents], hidden: 0 };
  const shown = incidents.filter((i) => !i.falsePositive);
  return { shown, hidden: incidents.length - shown.length };
}
