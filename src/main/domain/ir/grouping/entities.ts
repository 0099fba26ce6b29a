/**
 * Who an alert is really from and to: a canonical alert order (so shuffled input groups the
 * same), NAT copies folded into the alert they repeat, ICMP echo replies dropped, and addresses
 * mapped to entities.
 */
import type { IrAlert } from '../core/types';
import type { IncidentConfig } from './config';

/** A stable text key of every field of an alert (ties in time are broken by it). */
export function alertKey(a: IrAlert): string {
  return JSON.stringify([
    a.src,
    a.dst,
    a.srcPort,
    a.dstPort,
    a.proto,
    a.signature,
    a.classification,
    a.priority,
    a.source,
    a.alertId ?? null,
  ]);
}

const FIELDS = [
  'src',
  'dst',
  'srcPort',
  'dstPort',
  'proto',
  'signature',
  'classification',
  'priority',
  'source',
  'alertId',
] as const;

/** Total order on alerts: time, then the fields of alertKey (null / missing first). */
export function compareAlerts(a: IrAlert, b: IrAlert): number {
  if (a.time !== b.time) return a.time - b.time;
  for (const f of FIELDS) {
    const x = a[f] ?? null;
    const y = b[f] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Alerts in canonical order: time, then every other field. */
export function canonicalOrder(alerts: readonly IrAlert[]): IrAlert[] {
  return [...alerts].sort(compareAlerts);
}

const ipv4Cache = new Map<string, number | null>();

/** An IPv4 address as a number (memoised: the same few hosts recur in every alert). */
function ipv4(ip: string): number | null {
  let n = ipv4Cache.get(ip);
  if (n === undefined) {
    n = parseIpv4(ip);
    if (ipv4Cache.size > 100_000) ipv4Cache.clear();
    ipv4Cache.set(ip, n);
  }
  return n;
}

function parseIpv4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** Whether an IPv4 address lies in any of the CIDRs (non-IPv4: never). */
export function inNets(ip: string, cidrs: readonly string[]): boolean {
  const n = ipv4(ip);
  if (n === null) return false;
  return cidrs.some((c) => {
    const [base = '', bits = '32'] = c.split('/');
    const b = ipv4(base);
    const size = 2 ** (32 - Number(bits));
    return b !== null && Math.floor(n / size) === Math.floor(b / size);
  });
}

function sameSlash24(a: string, b: string): boolean {
  const x = ipv4(a);
  const y = ipv4(b);
  return x !== null && y !== null && Math.floor(x / 256) === Math.floor(y / 256);
}

const isIcmp = (a: IrAlert) => /icmp/i.test(a.proto ?? '');
const mirrorKey = (a: IrAlert, withSrcPort: boolean) =>
  `${withSrcPort ? a.srcPort : ''}\u0000${a.dst}\u0000${a.dstPort}\u0000${a.proto}\u0000${a.signature}`;

/** What normalisation found, for the report. */
export interface Normalised {
  /** Surviving alerts in canonical order, with the entity of each side. */
  alerts: { alert: IrAlert; src: string; dst: string }[];
  natCopies: number;
  icmpReplies: number;
  /** Configured and detected NAT gateways, sorted. */
  gateways: string[];
}

/** Index alerts by mirror key for the time-window lookups below. */
function index(alerts: readonly IrAlert[], withSrcPort: boolean): Map<string, IrAlert[]> {
  const m = new Map<string, IrAlert[]>();
  for (const a of alerts) {
    const k = mirrorKey(a, withSrcPort);
    const list = m.get(k);
    if (list) list.push(a);
    else m.set(k, [a]);
  }
  return m;
}

/** The earliest alert of another, non-gateway source mirroring `a` within the window. */
function partnerOf(
  a: IrAlert,
  idx: Map<string, IrAlert[]>,
  withSrcPort: boolean,
  isGateway: (ip: string) => boolean,
  windowMs: number,
): IrAlert | undefined {
  return idx
    .get(mirrorKey(a, withSrcPort))
    ?.find((b) => b.src !== a.src && !isGateway(b.src) && Math.abs(b.time - a.time) <= windowMs);
}

/** Detect gateways: sources that send port-bearing copies of others' alerts from the target /24. */
function detectGateways(sorted: readonly IrAlert[], cfg: IncidentConfig): Set<string> {
  const gateways = new Set(cfg.natGateways);
  if (!cfg.detectNat) return gateways;
  const withPorts = sorted.filter((a) => a.srcPort !== null);
  const idx = index(withPorts, true);
  for (const a of withPorts) {
    if (gateways.has(a.src) || !sameSlash24(a.src, a.dst)) continue;
    const outside = (ip: string) => sameSlash24(ip, a.dst);
    if (partnerOf(a, idx, true, outside, cfg.dupWindowMs)) gateways.add(a.src);
  }
  return gateways;
}

/** Number of distinct ICMP destinations per source (who is the pinger of a pair). */
function icmpFanout(alerts: readonly IrAlert[]): Map<string, number> {
  const dsts = new Map<string, Set<string>>();
  for (const a of alerts.filter(isIcmp)) {
    const s = dsts.get(a.src) ?? new Set<string>();
    s.add(a.dst);
    dsts.set(a.src, s);
  }
  return new Map([...dsts].map(([k, v]) => [k, v.size]));
}

/** True when `a` (B → A) answers an ICMP alert A → B from a busier pinger within the window. */
function isIcmpReply(
  a: IrAlert,
  byPair: Map<string, IrAlert[]>,
  fanout: Map<string, number>,
  windowMs: number,
): boolean {
  const reverse = byPair.get(`${a.dst}>${a.src}`);
  if (!reverse?.some((r) => Math.abs(r.time - a.time) <= windowMs)) return false;
  const mine = fanout.get(a.src) ?? 0;
  const theirs = fanout.get(a.dst) ?? 0;
  if (mine !== theirs) return theirs > mine;
  const firstMine = byPair.get(`${a.src}>${a.dst}`)?.[0]?.time ?? Infinity;
  const firstTheirs = reverse[0]?.time ?? Infinity;
  if (firstMine !== firstTheirs) return firstTheirs < firstMine;
  return a.dst < a.src;
}

/** Fold NAT copies, drop ICMP replies and map both sides to entities. */
export function normalise(input: readonly IrAlert[], cfg: IncidentConfig): Normalised {
  const sorted = canonicalOrder(input);
  const gateways = detectGateways(sorted, cfg);
  const isGateway = (ip: string) => gateways.has(ip);
  // The mirror indexes are only needed when some source is a gateway.
  const idxPorts = gateways.size ? index(sorted, true) : new Map<string, IrAlert[]>();
  const idxNoPorts = gateways.size ? index(sorted, false) : new Map<string, IrAlert[]>();
  const partners = new Map<string, Map<string, number>>();
  const kept: IrAlert[] = [];
  let natCopies = 0;
  for (const a of sorted) {
    if (isGateway(a.src)) {
      const withPort = a.srcPort !== null;
      const p = partnerOf(
        a,
        withPort ? idxPorts : idxNoPorts,
        withPort,
        isGateway,
        cfg.dupWindowMs,
      );
      if (p) {
        natCopies++;
        const counts = partners.get(a.src) ?? new Map<string, number>();
        counts.set(p.src, (counts.get(p.src) ?? 0) + 1);
        partners.set(a.src, counts);
        continue;
      }
    }
    kept.push(a);
  }
  // A gateway's own leftover alerts belong to the host it forwards most for.
  const foldTo = new Map<string, string>();
  for (const [g, counts] of partners) {
    const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
    if (best) foldTo.set(g, best[0]);
  }
  const byPair = new Map<string, IrAlert[]>();
  for (const a of sorted.filter(isIcmp)) {
    const k = `${a.src}>${a.dst}`;
    const list = byPair.get(k);
    if (list) list.push(a);
    else byPair.set(k, [a]);
  }
  const fanout = icmpFanout(sorted);
  const entity = (ip: string) => cfg.aliases[ip] ?? ip;
  const out: Normalised['alerts'] = [];
  let icmpReplies = 0;
  for (const a of kept) {
    if (cfg.dropIcmpReplies && isIcmp(a) && isIcmpReply(a, byPair, fanout, cfg.dupWindowMs)) {
      icmpReplies++;
      continue;
    }
    out.push({ alert: a, src: entity(foldTo.get(a.src) ?? a.src), dst: entity(a.dst) });
  }
  return { alerts: out, natCopies, icmpReplies, gateways: [...gateways].sort() };
}
