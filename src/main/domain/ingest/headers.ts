/** Header recognition: which dialect a CSV is, and where each canonical feature and key lives. */
import { FEATURE_ALIASES, KEY_ALIASES, headerKey, type KeyRole } from './aliases';
import { FEATURES, FEATURE_INDEX } from './schema';
import type { CsvFormat } from './types';

/** Below this many recognised feature columns a file is not taken for CICFlowMeter output. */
export const MIN_FEATURE_COLUMNS = 20;

/** Role codes of a column in {@link ColumnPlan.keyOf} (numbers, for the per-row hot loop). */
export const KEY = {
  none: 0,
  srcIp: 1,
  dstIp: 2,
  srcPort: 3,
  timestamp: 4,
  label: 5,
  attempted: 6,
} as const;

/** How to read each column of a file. */
export interface ColumnPlan {
  format: CsvFormat;
  /** Number of columns in the header; every row must have exactly this many cells. */
  columns: number;
  /** Header names as written (trimmed, BOM removed). */
  names: string[];
  /** Per column: canonical feature index, or -1. */
  featureOf: Int16Array;
  /** Per column: a {@link KEY} code. */
  keyOf: Uint8Array;
  /** Number of distinct canonical features the file carries. */
  featureCount: number;
  labelColumn: number;
  hasDstPort: boolean;
  hasProtocol: boolean;
  /** Columns that repeat an already mapped feature (CIC's second `Fwd Header Length`). */
  duplicates: string[];
  /** Columns that are neither a feature nor a key. */
  unknown: string[];
}

const LOOKUP: ReadonlyMap<string, number | KeyRole> = buildLookup();

function buildLookup(): Map<string, number | KeyRole> {
  const m = new Map<string, number | KeyRole>();
  FEATURES.forEach((f, i) => {
    m.set(headerKey(f), i);
    for (const alias of FEATURE_ALIASES[f] ?? []) m.set(headerKey(alias), i);
  });
  for (const [role, aliases] of Object.entries(KEY_ALIASES)) {
    for (const alias of aliases) m.set(headerKey(alias), role as KeyRole);
  }
  return m;
}

/** Canonical feature index, key role or 'duplicate' of a header cell; undefined when unknown. */
function lookup(name: string): number | KeyRole | 'duplicate' | undefined {
  const key = headerKey(name);
  const hit = LOOKUP.get(key);
  if (hit !== undefined) return hit;
  // pandas renames a repeated column "X.1"; it is a duplicate of X.
  const dup = /^(.*)\.\d+$/.exec(key);
  return dup && typeof LOOKUP.get(dup[1]!) === 'number' ? 'duplicate' : undefined;
}

/** Maps header cells onto canonical features and keys; the format is {@link detectFormat}'s. */
export function planColumns(header: readonly string[]): ColumnPlan {
  const n = header.length;
  const plan: ColumnPlan = {
    format: detectFormat(header),
    columns: n,
    names: header.map((h) => h.replace(/^\ufeff/, '').trim()),
    featureOf: new Int16Array(n).fill(-1),
    keyOf: new Uint8Array(n),
    featureCount: 0,
    labelColumn: -1,
    hasDstPort: false,
    hasProtocol: false,
    duplicates: [],
    unknown: [],
  };
  const seen = new Set<string>();
  for (let c = 0; c < n; c++) {
    const name = plan.names[c]!;
    const hit = lookup(name);
    if (hit === undefined) {
      plan.unknown.push(name);
    } else if (typeof hit === 'number') {
      if (plan.featureOf.includes(hit)) {
        plan.duplicates.push(name);
        continue;
      }
      plan.featureOf[c] = hit;
      plan.featureCount++;
    } else if (hit === 'duplicate' || (hit !== 'ignore' && seen.has(hit))) {
      plan.duplicates.push(name);
    } else if (hit !== 'ignore') {
      seen.add(hit);
      plan.keyOf[c] = KEY[hit];
      if (hit === 'label') plan.labelColumn = c;
    }
  }
  plan.hasDstPort = plan.featureOf.includes(FEATURE_INDEX['Destination Port']);
  plan.hasProtocol = plan.featureOf.includes(FEATURE_INDEX.Protocol);
  return plan;
}

/**
 * Names the CICFlowMeter dialect of a header row (cells as read, BOM and padding allowed);
 * 'unknown' when fewer than {@link MIN_FEATURE_COLUMNS} cells are known feature names.
 */
export function detectFormat(header: readonly string[]): CsvFormat {
  const keys = new Set(header.map(headerKey));
  const features = new Set<number>();
  for (const h of header) {
    const hit = lookup(h);
    if (typeof hit === 'number') features.add(hit);
  }
  if (features.size < MIN_FEATURE_COLUMNS) return 'unknown';
  if (keys.has('totfwdpkts') || keys.has('flowbyts/s') || keys.has('fwdpktlenmax')) {
    return 'cse-cic-ids2018';
  }
  if (
    keys.has('totalfwdpacket') ||
    keys.has('fwdsegmentsizeavg') ||
    keys.has('attemptedcategory')
  ) {
    return 'cicids2017-improved';
  }
  if (keys.has('sourceip') || keys.has('flowid') || keys.has('timestamp'))
    return 'cicids2017-traffic';
  return 'cicids2017-ml';
}
