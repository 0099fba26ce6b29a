/**
 * Perception of one incident from its own alerts: who (attacker entities with every address they
 * were seen as, victims, services, protocols), what (alert kinds and their ATT&CK techniques),
 * when (timeline and volumes) and what the traffic itself suggests (a scan followed by connections
 * to a scanned port, the attacker still talking to a host after its brute force stopped, a victim
 * that starts attacking others, ...). Every signal carries the alerts it rests on; nothing here is
 * simulated.
 */
import type { IncidentHostView, IncidentServiceView } from '../../../../shared/contract';
import type { AttackFamily, IrAlert } from '../core/types';
import { inNets } from '../grouping/entities';
import { familyOf } from '../grouping/families';
import type { GroupedIncident } from '../grouping/group';
import type { IncidentConfig } from '../grouping/config';

/** ATT&CK techniques behind each family's alerts. */
export const FAMILY_TECHNIQUES: Readonly<Record<AttackFamily, readonly string[]>> = {
  'brute-force': ['T1110'],
  dos: ['T1499'],
  ddos: ['T1498'],
  'web-attack': ['T1190'],
  infiltration: ['T1204', 'T1046'],
  botnet: ['T1071'],
  'port-scan': ['T1046'],
  heartbleed: ['T1190'],
  exploit: ['T1190', 'T1059'],
  'lateral-movement': ['T1021'],
  benign: [],
  other: [],
};

const SERVICE_NAMES: Readonly<Record<number, string>> = {
  21: 'ftp',
  22: 'ssh',
  23: 'telnet',
  25: 'smtp',
  53: 'dns',
  80: 'http',
  139: 'netbios',
  443: 'https',
  444: 'https-alt',
  445: 'smb',
  3306: 'mysql',
  3389: 'rdp',
  8080: 'http-alt',
  8081: 'http-alt',
};

/** An address as the incident saw it: itself, or under an alias (NAT) it was folded from. */
export type SeenAs = IncidentHostView['seenAs'][number];

/** A host of the incident (for an attacker, `internal` means on a victim's subnet or talking out). */
export interface HostEntity extends IncidentHostView {
  families: AttackFamily[];
}

/** A service the incident's alerts went to. */
export interface ServiceEntity extends IncidentServiceView {
  families: AttackFamily[];
}

/** One signature's alerts in the incident. */
export interface AlertKind {
  signature: string;
  family: AttackFamily;
  techniques: string[];
  count: number;
  first: number;
  last: number;
}

/** An indicator read from the data, with the observation it rests on. */
export interface Signal {
  id: string;
  present: boolean;
  detail: string;
}

/** Everything the desk knows about one incident from its own data. */
export interface Perception {
  incidentId: string;
  attackers: HostEntity[];
  victims: HostEntity[];
  /** External hosts the attackers talked to (C2 candidates for an internal source). */
  externalPeers: HostEntity[];
  services: ServiceEntity[];
  protocols: Record<string, number>;
  /** NAT gateways whose copies of alerts were folded away while grouping. */
  gateways: string[];
  kinds: AlertKind[];
  families: AttackFamily[];
  firstSeen: number;
  lastSeen: number;
  alerts: number;
  /** Busiest minute (alerts) and the alerts per minute over the incident's span. */
  peakPerMinute: number;
  meanPerMinute: number;
  signals: Signal[];
}

/** Alerts of the whole dataset by raw source address (for what happened around the incident). */
export interface ContextIndex {
  bySrc: Map<string, IrAlert[]>;
}

/** Index every alert of the dataset (or alert files) by source address, in time order. */
export function indexContext(alerts: readonly IrAlert[]): ContextIndex {
  const bySrc = new Map<string, IrAlert[]>();
  for (const a of alerts) {
    const l = bySrc.get(a.src);
    if (l) l.push(a);
    else bySrc.set(a.src, [a]);
  }
  for (const l of bySrc.values()) l.sort((x, y) => x.time - y.time);
  return { bySrc };
}

const SUCCESS_RE =
  /success|accepted (password|publickey)|login:\s*\S+\s+password:|valid (credential|password)|uid=\d|session opened/i;
/** Alerts per minute to one victim that read as a flood. */
export const HIGH_RATE_PER_MIN = 30;
/** An incident with fewer alerts than this, or almost none the detector is sure of, is thin. */
export const THIN_ALERTS = 5;
/** Share of priority-1 (sure) alerts below which an incident's evidence is thin. */
export const THIN_SURE_SHARE = 0.2;
/** How long after a stage the attacker's further traffic still counts as its follow-up. */
export const FOLLOWUP_WINDOW_MS = 30 * 60_000;

const sortIp = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function bump<K>(m: Map<K, number>, k: K, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function addFamily(m: Map<string, Set<AttackFamily>>, k: string, f: AttackFamily): void {
  const s = m.get(k) ?? new Set<AttackFamily>();
  s.add(f);
  m.set(k, s);
}

/** Whether two IPv4 addresses share a /24. */
function sameSubnet(a: string, b: string): boolean {
  const net = (ip: string) => ip.split('.').slice(0, 3).join('.');
  return /^\d+\.\d+\.\d+\.\d+$/.test(a) && net(a) === net(b);
}

/** Perceive an incident; `context` holds the dataset's alerts, `cfg` the grouping's settings. */
export function perceive(
  incident: GroupedIncident,
  context: ContextIndex,
  cfg: Pick<IncidentConfig, 'aliases' | 'internalNets'>,
  gateways: readonly string[] = [],
): Perception {
  const internal = (ip: string) => inNets(ip, cfg.internalNets);
  const entity = (ip: string) => cfg.aliases[ip] ?? ip;
  const attackerSet = new Set(incident.sources);
  const rawOf = new Map<string, Map<string, number>>();
  const hostAlerts = new Map<string, number>();
  const hostFamilies = new Map<string, Set<AttackFamily>>();
  const services = new Map<string, ServiceEntity & { fams: Set<AttackFamily> }>();
  const protocols = new Map<string, number>();
  const kinds = new Map<string, AlertKind>();
  const minutes = new Map<string, number>();
  for (const a of incident.alerts) {
    const fam = familyOf(a);
    for (const raw of [a.src, a.dst]) {
      const e = entity(raw);
      const m = rawOf.get(e) ?? new Map<string, number>();
      bump(m, raw);
      rawOf.set(e, m);
      bump(hostAlerts, e);
      addFamily(hostFamilies, e, fam);
    }
    bump(protocols, a.proto ?? 'unknown');
    const dst = entity(a.dst);
    if (a.dstPort !== null && !attackerSet.has(dst)) {
      const proto = (a.proto ?? 'tcp').toLowerCase();
      const target = `${dst}:${a.dstPort}/${proto}`;
      const s = services.get(target) ?? {
        target,
        host: dst,
        port: a.dstPort,
        proto,
        name: SERVICE_NAMES[a.dstPort] ?? `port ${a.dstPort}`,
        alerts: 0,
        families: [],
        fams: new Set<AttackFamily>(),
      };
      s.alerts++;
      s.fams.add(fam);
      services.set(target, s);
    }
    const k = kinds.get(a.signature);
    if (k) {
      k.count++;
      k.first = Math.min(k.first, a.time);
      k.last = Math.max(k.last, a.time);
    } else
      kinds.set(a.signature, {
        signature: a.signature,
        family: fam,
        techniques: [...FAMILY_TECHNIQUES[fam]],
        count: 1,
        first: a.time,
        last: a.time,
      });
    bump(minutes, `${dst}|${Math.floor(a.time / 60_000)}`);
  }
  const host = (address: string, role: HostEntity['role']): HostEntity => ({
    address,
    role,
    internal: internal(address),
    alerts: hostAlerts.get(address) ?? 0,
    seenAs: [...(rawOf.get(address) ?? new Map<string, number>())]
      .map(
        ([raw, n]) =>
          ({ address: raw, alerts: n, via: raw === address ? 'itself' : 'alias' }) as SeenAs,
      )
      .sort((x, y) => y.alerts - x.alerts || sortIp(x.address, y.address)),
    families: [...(hostFamilies.get(address) ?? [])].sort(),
  });
  const attackers = [...attackerSet].sort(sortIp).map((a) => host(a, 'attacker'));
  const srcInternal = attackers.some((a) => a.internal);
  const externalPeers = srcInternal ? incident.targets.filter((t) => !internal(t)) : [];
  // "Inside" for the response: an attacker on the victims' own subnet (nothing to block it at) or
  // an inside host talking out. One that reaches the victims through a gateway is blocked there.
  for (const a of attackers)
    a.internal =
      a.internal &&
      (externalPeers.length > 0 || incident.targets.some((t) => sameSubnet(t, a.address)));
  const victims = incident.targets
    .filter((t) => !externalPeers.includes(t))
    .map((t) => host(t, 'victim'))
    .sort((x, y) => y.alerts - x.alerts || sortIp(x.address, y.address));
  const span = Math.max(1, (incident.lastSeen - incident.firstSeen) / 60_000);
  const p: Perception = {
    incidentId: incident.id,
    attackers,
    victims,
    externalPeers: externalPeers.map((t) => host(t, 'peer')),
    services: [...services.values()]
      .map(({ fams, ...s }) => ({ ...s, families: [...fams].sort() }))
      .sort((x, y) => y.alerts - x.alerts || x.target.localeCompare(y.target)),
    protocols: Object.fromEntries([...protocols].sort((x, y) => y[1] - x[1])),
    gateways: [...gateways],
    kinds: [...kinds.values()].sort((x, y) => y.count - x.count || x.first - y.first),
    families: [...incident.stages],
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    alerts: incident.alerts.length,
    peakPerMinute: Math.max(0, ...minutes.values()),
    meanPerMinute: incident.alerts.length / span,
    signals: [],
  };
  p.signals = readSignals(incident, p, context, entity);
  return p;
}

/** The data-driven indicators a hypothesis can predict (see resources/ir-hypotheses.json). */
function readSignals(
  incident: GroupedIncident,
  p: Perception,
  ctx: ContextIndex,
  entity: (ip: string) => string,
): Signal[] {
  const out: Signal[] = p.families.map((f) => ({
    id: `fam:${f}`,
    present: true,
    detail: `${p.kinds.filter((k) => k.family === f).reduce((n, k) => n + k.count, 0)} ${f} alerts`,
  }));
  const rawAttackers = new Set(p.attackers.flatMap((a) => a.seenAs.map((s) => s.address)));
  const attackerAlerts = [...rawAttackers].flatMap((r) => ctx.bySrc.get(r) ?? []);
  const victims = new Set(p.victims.map((v) => v.address));
  const iso = (t: number) => new Date(t).toISOString();

  // A scan, then the attacker connecting to a port it scanned, on a host it scanned.
  const scans = incident.alerts.filter((a) => familyOf(a) === 'port-scan');
  if (scans.length) {
    const scanned = new Set(scans.map((a) => `${entity(a.dst)}:${a.dstPort ?? '*'}`));
    const scannedHosts = new Set(scans.map((a) => entity(a.dst)));
    const firstScan = scans[0]!.time;
    const hit = attackerAlerts.find(
      (a) =>
        a.time > firstScan &&
        a.time <= incident.lastSeen + FOLLOWUP_WINDOW_MS &&
        familyOf(a) !== 'port-scan' &&
        scannedHosts.has(entity(a.dst)) &&
        (scanned.has(`${entity(a.dst)}:${a.dstPort}`) || scanned.has(`${entity(a.dst)}:*`)),
    );
    out.push({
      id: 'scan-then-connect',
      present: Boolean(hit),
      detail: hit
        ? `after the scan began (${iso(firstScan)}), ${hit.src} → ${hit.dst}:${hit.dstPort ?? '-'} "${hit.signature}" at ${iso(hit.time)}`
        : `no connection to a scanned host and port after the scan (${scans.length} scan alerts)`,
    });
  }

  // The attacker still talks to a brute-forced host after the brute force stopped.
  const bf = incident.alerts.filter((a) => familyOf(a) === 'brute-force');
  if (bf.length) {
    const lastBf = new Map<string, number>();
    for (const a of bf) lastBf.set(entity(a.dst), Math.max(lastBf.get(entity(a.dst)) ?? 0, a.time));
    const hit = attackerAlerts.find((a) => {
      const last = lastBf.get(entity(a.dst));
      return (
        last !== undefined &&
        a.time > last &&
        a.time <= last + FOLLOWUP_WINDOW_MS &&
        familyOf(a) !== 'brute-force'
      );
    });
    out.push({
      id: 'followup-after-brute-force',
      present: Boolean(hit),
      detail: hit
        ? `after its last brute-force alert, ${hit.src} → ${hit.dst}:${hit.dstPort ?? '-'} "${hit.signature}" at ${iso(hit.time)}`
        : `no traffic from the attacker to ${[...lastBf.keys()].join(', ')} after the brute force stopped`,
    });
  }

  const success = incident.alerts.find((a) => SUCCESS_RE.test(a.signature));
  out.push({
    id: 'success-signature',
    present: Boolean(success),
    detail: success
      ? `"${success.signature}" (${success.src} → ${success.dst}) at ${iso(success.time)}`
      : 'no alert reports a successful login or command output',
  });

  // A victim that starts attacking other hosts after the incident began (a pivot).
  let pivot: IrAlert | undefined;
  for (const [raw, list] of ctx.bySrc) {
    if (!victims.has(entity(raw))) continue;
    pivot = list.find(
      (a) =>
        a.time >= incident.firstSeen &&
        a.time <= incident.lastSeen + FOLLOWUP_WINDOW_MS &&
        familyOf(a) !== 'benign' &&
        !rawAttackers.has(a.dst) &&
        !p.attackers.some((x) => x.address === entity(a.dst)),
    );
    if (pivot) break;
  }
  out.push({
    id: 'victim-becomes-source',
    present: Boolean(pivot),
    detail: pivot
      ? `victim ${pivot.src} → ${pivot.dst}:${pivot.dstPort ?? '-'} "${pivot.signature}" at ${iso(pivot.time)}`
      : 'no victim raised an attack alert of its own during or after the incident',
  });

  const outbound =
    p.externalPeers.length > 0
      ? `${p.attackers.map((a) => a.address).join(', ')} → ${p.externalPeers.map((x) => x.address).join(', ')}`
      : null;
  out.push({
    id: 'victim-outbound-external',
    present: Boolean(outbound),
    detail: outbound
      ? `an internal host talks to external ${outbound}`
      : 'no internal host of the incident talks to an external address',
  });
  // Priority means confidence only for the detector's flow alerts (an IDS rule's priority is its
  // severity), so only their share of sure alerts can make evidence thin.
  const flows = incident.alerts.filter((a) => a.source === 'flow');
  const sure = flows.filter((a) => a.priority === 1).length;
  const unsure = flows.length > 0 && sure < THIN_SURE_SHARE * flows.length;
  out.push({
    id: 'thin-evidence',
    present: incident.alerts.length < THIN_ALERTS || unsure,
    detail: `${incident.alerts.length} alerts${flows.length ? `, ${sure} of ${flows.length} detector alerts sure (priority 1)` : ''}; thin below ${THIN_ALERTS} alerts or ${THIN_SURE_SHARE * 100}% sure detector alerts`,
  });
  out.push({
    id: 'high-rate',
    present: p.peakPerMinute >= HIGH_RATE_PER_MIN,
    detail: `busiest minute ${p.peakPerMinute} alerts to one host (flood from ${HIGH_RATE_PER_MIN}/min)`,
  });
  return out;
}
