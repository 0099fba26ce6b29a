/**
 * Deterministic grouping of IrAlerts into Incidents: by attack family and normalised source,
 * split where the alerts of a group pause for longer than the gap, then chained (a target that
 * later attacks = pivot; several internal hosts talking to one external host = C2). Benign bursts
 * become false-positive incidents. The same alerts in any order give the same incidents.
 */
import { createHash } from 'node:crypto';
import type { AttackFamily, Incident, IrAlert } from '../core/types';
import { incidentConfig, type IncidentConfig } from './config';
import { alertKey, inNets, normalise } from './entities';
import { FAMILY_SEVERITY, familyOf } from './families';

/** An incident with the families of its stages (most alerts first); still an Incident. */
export type GroupedIncident = Incident & { stages: AttackFamily[] };

/** What grouping did, besides the incidents. */
export interface GroupReport {
  alertsIn: number;
  /** Alerts grouped (after NAT copies and ICMP replies were folded away). */
  alertsUsed: number;
  natCopies: number;
  icmpReplies: number;
  gateways: string[];
}

interface Member {
  alert: IrAlert;
  src: string;
  dst: string;
  family: AttackFamily;
}

/** `inc-` and 12 hex digits of sha256(family | first alert): stable across runs and orders. */
export function incidentId(family: AttackFamily, first: IrAlert): string {
  const h = createHash('sha256').update(`${family}|${first.time}|${alertKey(first)}`);
  return `inc-${h.digest('hex').slice(0, 12)}`;
}

/** Split one key's members (already in time order) where they pause longer than the gap. */
function splitByGap(members: readonly Member[], gapMs: number): Member[][] {
  const runs: Member[][] = [];
  let run: Member[] = [];
  for (const m of members) {
    const prev = run[run.length - 1];
    if (prev && m.alert.time - prev.alert.time > gapMs) {
      runs.push(run);
      run = [];
    }
    run.push(m);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Stage families by alert count (ties by severity), and the family naming the incident. */
function stagesOf(run: readonly Member[], minShare: number) {
  const counts = new Map<AttackFamily, number>();
  for (const m of run) counts.set(m.family, (counts.get(m.family) ?? 0) + 1);
  const rank = (f: AttackFamily) => FAMILY_SEVERITY.indexOf(f);
  const stages = [...counts.keys()].sort(
    (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || rank(a) - rank(b),
  );
  const named = stages
    .filter((f) => (counts.get(f) ?? 0) >= minShare * run.length)
    .sort((a, b) => rank(a) - rank(b))[0];
  return { stages, family: named ?? stages[0] ?? 'other' };
}

const byIp = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function toIncident(run: readonly Member[], cfg: IncidentConfig, gateways: Set<string>) {
  const first = run[0]!;
  const benign = first.family === 'benign';
  const { stages, family } = benign
    ? { stages: ['benign' as const], family: 'benign' as const }
    : stagesOf(run, cfg.stageMinShare);
  const targets = new Set<string>();
  const targetSince = new Map<string, number>();
  for (const m of run) {
    if (!cfg.gatewaysAreTargets && (gateways.has(m.alert.dst) || gateways.has(m.dst))) continue;
    targets.add(m.dst);
    if (!targetSince.has(m.dst)) targetSince.set(m.dst, m.alert.time);
  }
  const incident: GroupedIncident = {
    id: incidentId(family, first.alert),
    family,
    sources: [first.src],
    targets: [...targets].sort(byIp),
    firstSeen: first.alert.time,
    lastSeen: run[run.length - 1]!.alert.time,
    alerts: run.map((m) => m.alert),
    chainedFrom: [],
    falsePositive: benign,
    stages,
  };
  return { incident, targetSince };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Chain pivots (a target that later becomes a source) and shared C2 (internal → one external). */
function chain(
  built: { incident: GroupedIncident; targetSince: Map<string, number> }[],
  cfg: IncidentConfig,
): void {
  const attacks = built.filter((b) => !b.incident.falsePositive);
  // Who targeted each host, and since when (in incident order), so a pivot is one lookup.
  const targetedBy = new Map<string, { at: number; since: number }[]>();
  attacks.forEach(({ targetSince }, at) => {
    for (const [host, since] of targetSince) push(targetedBy, host, { at, since });
  });
  attacks.forEach(({ incident }, j) => {
    for (const { at, since } of targetedBy.get(incident.sources[0] ?? '') ?? [])
      if (at < j && since <= incident.firstSeen)
        incident.chainedFrom.push(attacks[at]!.incident.id);
  });
  const internal = (ip: string) => inNets(ip, cfg.internalNets);
  const byExternal = new Map<string, GroupedIncident[]>();
  for (const { incident } of attacks) {
    if (!internal(incident.sources[0] ?? '')) continue;
    for (const t of incident.targets) if (!internal(t)) push(byExternal, t, incident);
  }
  for (const group of byExternal.values()) {
    if (new Set(group.map((i) => i.sources[0])).size < 2) continue;
    const root = group[0]!;
    for (const i of group.slice(1))
      if (i.sources[0] !== root.sources[0]) i.chainedFrom.push(root.id);
  }
  for (const { incident } of attacks)
    incident.chainedFrom = [...new Set(incident.chainedFrom)].sort();
}

/** Group alerts into incidents and say what was folded on the way. */
export function groupIncidentsWithReport(
  alerts: readonly IrAlert[],
  config: Partial<IncidentConfig> = {},
): { incidents: GroupedIncident[]; report: GroupReport } {
  const cfg = incidentConfig(config);
  const norm = normalise(alerts, cfg);
  const groups = new Map<string, Member[]>();
  for (const n of norm.alerts) {
    const family = familyOf(n.alert);
    const kind = family === 'benign' ? 'benign' : cfg.mergeStages ? 'attack' : family;
    const key = `${kind}|${n.src}`;
    const m: Member = { ...n, family };
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const gateways = new Set(norm.gateways);
  const built = [...groups.values()]
    .flatMap((members) => splitByGap(members, cfg.gapMs))
    .map((run) => toIncident(run, cfg, gateways))
    .sort(
      (a, b) =>
        a.incident.firstSeen - b.incident.firstSeen ||
        (a.incident.id < b.incident.id ? -1 : a.incident.id > b.incident.id ? 1 : 0),
    );
  chain(built, cfg);
  return {
    incidents: built.map((b) => b.incident),
    report: {
      alertsIn: alerts.length,
      alertsUsed: norm.alerts.length,
      natCopies: norm.natCopies,
      icmpReplies: norm.icmpReplies,
      gateways: norm.gateways,
    },
  };
}

/** Group alerts into incidents (sorted by first alert, then id). */
export function groupIncidents(
  alerts: readonly IrAlert[],
  config: Partial<IncidentConfig> = {},
): GroupedIncident[] {
  return groupIncidentsWithReport(alerts, config).incidents;
}
