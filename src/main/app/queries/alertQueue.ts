/**
 * The aggregated queue (`alerts.queue`): the alerts of every source (or one) grouped by signature ×
 * source × destination × service, with the NAT aliases folded the way Incidents folds them, sorted
 * by risk or severity. The grouping is computed once per filter and kept until alerts change, so
 * scrolling a million alerts pages from memory.
 */
import type { FoldedAddress, QueueGroup, QueuePage, ValidArgs } from '../../../shared/contract';
import { FAMILY_SEVERITY, FLOW_CLASS_FAMILIES } from '../../domain/ir/grouping/families';
import { incidentConfig } from '../../domain/ir/grouping/config';
import type { AlertQuery, QueueRow } from '../../store/records';
import type { Store } from '../../store/store';

/** Address → entity, the incidents' default NAT folding (the CICIDS2017 firewall). */
export type Aliases = Readonly<Record<string, string>>;

/** The folding the queue and Incidents share. */
export const QUEUE_ALIASES: Aliases = incidentConfig().aliases;

/** The entity an address is folded into. */
export function entityOf(ip: string, aliases: Aliases = QUEUE_ALIASES): string {
  return aliases[ip] ?? ip;
}

/** Every raw address an entity may be written as: itself and the aliases folded into it. */
export function addressesOf(ip: string, aliases: Aliases = QUEUE_ALIASES): string[] {
  const entity = entityOf(ip, aliases);
  const out = [entity];
  for (const [raw, e] of Object.entries(aliases)) if (e === entity && raw !== entity) out.push(raw);
  return out;
}

/** An address as shown: the entity and the aliases folded into it. */
export function folded(ip: string, aliases: Aliases = QUEUE_ALIASES): FoldedAddress {
  const [address, ...rest] = addressesOf(ip, aliases);
  return { address: address!, aliases: rest };
}

/**
 * Search text widened to the other address of a NAT pair, so an alert is found by either: a text
 * naming one side of an alias also searches the other.
 */
export function searchTexts(text: string, aliases: Aliases = QUEUE_ALIASES): string[] {
  const out = new Set([text]);
  for (const [raw, entity] of Object.entries(aliases)) {
    if (text === raw) out.add(entity);
    if (text === entity) out.add(raw);
  }
  return [...out];
}

/** Severity levels (3 high … 0 none) of the attack families, from Incidents' severity order. */
export function severityOf(predictedClass: string): { family: string; severity: number } {
  const family = FLOW_CLASS_FAMILIES[predictedClass] ?? 'other';
  if (family === 'benign') return { family, severity: 0 };
  const rank = FAMILY_SEVERITY.indexOf(family);
  // exploit … web-attack: high; brute force, (D)DoS: medium; scans and the rest: low.
  return { family, severity: rank >= 0 && rank <= 5 ? 3 : rank <= 8 ? 2 : 1 };
}

type Filter = Omit<AlertQuery, 'offset' | 'limit' | 'sort' | 'desc'>;

/** The store filter of a queue request (text widened to NAT aliases). */
export function queueFilter(q: ValidArgs<'alerts.queue'>): Filter {
  return {
    datasetId: q.datasetId,
    predictedClass: q.predictedClass,
    signatureIds: q.signatureIds,
    hideBenign: q.hideBenign,
    needsReview: undefined,
    text: q.text === undefined ? undefined : searchTexts(q.text),
  };
}

/**
 * More distinct destinations (or ports on one destination) than this under one signature and
 * source make a sweep: one group for all of them, not one group per host or port probed.
 */
export const SWEEP_MIN = 5;

/**
 * Merge the store's rows (one per recommended action, raw addresses) into folded groups. A
 * source that, under one signature, reached more than {@link SWEEP_MIN} destinations is one group
 * over all of them; one that reached more than that many ports of one destination, one group
 * over its ports.
 */
export function foldRows(
  rows: readonly QueueRow[],
  signature: (id: number) => { text: string; className: string } | undefined,
  aliases: Aliases = QUEUE_ALIASES,
): QueueGroup[] {
  const groups = new Map<
    string,
    QueueGroup & { actions: Map<number, number>; portSet: Set<number>; dstSet: Set<string> }
  >();
  const entity = (ip: string | null) => (ip === null ? null : entityOf(ip, aliases));
  // Destinations per signature and source, ports per signature, source and destination.
  const dstsOf = new Map<string, Set<string | null>>();
  const portsOf = new Map<string, Set<number | null>>();
  for (const r of rows) {
    const s1 = `${r.signature_id}|${entity(r.src_ip)}`;
    const s2 = `${s1}|${entity(r.dst_ip)}`;
    (dstsOf.get(s1) ?? dstsOf.set(s1, new Set()).get(s1)!).add(entity(r.dst_ip));
    (portsOf.get(s2) ?? portsOf.set(s2, new Set()).get(s2)!).add(r.dst_port);
  }
  for (const r of rows) {
    const src = r.src_ip === null ? null : folded(r.src_ip, aliases);
    const s1 = `${r.signature_id}|${entity(r.src_ip)}`;
    const allDsts = dstsOf.get(s1)!.size > SWEEP_MIN;
    const allPorts = allDsts || portsOf.get(`${s1}|${entity(r.dst_ip)}`)!.size > SWEEP_MIN;
    const dst = allDsts || r.dst_ip === null ? null : folded(r.dst_ip, aliases);
    const sig = signature(r.signature_id);
    const predictedClass = sig?.className ?? 'unknown';
    const dstPort = allPorts ? null : r.dst_port;
    const key = groupKeyText(
      r.signature_id,
      src?.address ?? null,
      dst?.address ?? null,
      dstPort,
      allPorts,
      allDsts,
    );
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        signatureId: r.signature_id,
        signatureText: sig?.text ?? '',
        predictedClass,
        ...severityOf(predictedClass),
        src,
        dst,
        dstPort,
        allPorts,
        allDsts,
        ports: 0,
        dsts: 0,
        alerts: 0,
        pending: 0,
        needsReview: 0,
        unrecommended: 0,
        maxRisk: null,
        topAction: null,
        firstSeen: null,
        lastSeen: null,
        datasetIds: [],
        actions: new Map(),
        portSet: new Set(),
        dstSet: new Set(),
      };
      groups.set(key, g);
    }
    g.alerts += r.alerts;
    g.pending += r.pending;
    g.needsReview += r.needs_review ?? 0;
    g.unrecommended += r.unrecommended;
    if (r.max_risk !== null) g.maxRisk = Math.max(g.maxRisk ?? 0, r.max_risk);
    if (r.first_seen !== null) g.firstSeen = Math.min(g.firstSeen ?? Infinity, r.first_seen);
    if (r.last_seen !== null) g.lastSeen = Math.max(g.lastSeen ?? -Infinity, r.last_seen);
    for (const d of r.datasets.split(',')) {
      const id = Number(d);
      if (d !== '' && !g.datasetIds.includes(id)) g.datasetIds.push(id);
    }
    if (r.action !== null) g.actions.set(r.action, (g.actions.get(r.action) ?? 0) + r.alerts);
    if (r.dst_port !== null) g.portSet.add(r.dst_port);
    if (r.dst_ip !== null) g.dstSet.add(entityOf(r.dst_ip, aliases));
  }
  return [...groups.values()].map(({ actions, portSet, dstSet, ...g }) => {
    let top: number | null = null;
    for (const [a, n] of actions)
      if (top === null || n > actions.get(top)! || (n === actions.get(top)! && a < top)) top = a;
    return {
      ...g,
      ports: portSet.size,
      dsts: dstSet.size,
      topAction: top,
      datasetIds: g.datasetIds.sort((x, y) => x - y),
    };
  });
}

/** The key a group is recorded under (audit detail `group`). */
export function groupKeyText(
  signatureId: number,
  src: string | null,
  dst: string | null,
  dstPort: number | null,
  allPorts = false,
  allDsts = false,
): string {
  const to = allDsts ? '*' : (dst ?? '-');
  return `sig:${signatureId}|${src ?? '-'}>${to}:${allPorts || allDsts ? '*' : (dstPort ?? '-')}`;
}

type Sort = ValidArgs<'alerts.queue'>['sort'];

const SORT_VALUE: Record<Sort, (g: QueueGroup) => number> = {
  risk: (g) => g.maxRisk ?? -1,
  severity: (g) => g.severity,
  alerts: (g) => g.alerts,
  pending: (g) => g.pending,
  lastSeen: (g) => g.lastSeen ?? -Infinity,
  firstSeen: (g) => g.firstSeen ?? -Infinity,
};

/**
 * Order groups: by the chosen key, then severity, then reviews needed, pending and size, then the
 * key (a total order, so pages never repeat or skip a group). Groups with nothing pending sink.
 */
export function sortGroups(groups: QueueGroup[], sort: Sort, desc: boolean): QueueGroup[] {
  const key = SORT_VALUE[sort];
  const dir = desc ? -1 : 1;
  return groups.sort(
    (a, b) =>
      Number(b.pending > 0) - Number(a.pending > 0) ||
      dir * (key(a) - key(b)) ||
      b.severity - a.severity ||
      b.needsReview - a.needsReview ||
      b.pending - a.pending ||
      b.alerts - a.alerts ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The soonest a grouping is recomputed for new alerts (a feed) after the last computation. */
export const QUEUE_MIN_REFRESH_MS = 1000;

interface Grouping {
  groups: QueueGroup[];
  benign: number;
  /** The hard and soft versions it was computed at, when, and how long it took. */
  hard: number;
  soft: number;
  at: number;
  ms: number;
}

/**
 * The queue over one store: grouping cached per filter. A decision or a deleted source makes it
 * stale at once (hard); new alerts from a feed (soft) are grouped again at most every
 * max(1 s, 4 × the last computation), so a 10k flows/s feed over a million alerts does not keep
 * the core grouping instead of storing flows.
 */
export class AlertQueue {
  #hard = 0;
  #soft = 0;
  readonly #cache = new Map<string, Grouping>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Decisions changed statuses, or sources were deleted: every grouping is stale now. */
  invalidate(): void {
    this.#hard++;
  }

  /** New alerts arrived: groupings are refreshed on the next page after the pacing interval. */
  alertsAdded(): void {
    this.#soft++;
  }

  #fresh(g: Grouping): boolean {
    if (g.hard !== this.#hard) return false;
    if (g.soft === this.#soft) return true;
    return this.now() - g.at < Math.max(QUEUE_MIN_REFRESH_MS, 4 * g.ms);
  }

  /** One page of the queue. */
  page(q: ValidArgs<'alerts.queue'>): QueuePage {
    const filter = queueFilter(q);
    const cacheKey = JSON.stringify([filter, q.sort, q.desc]);
    let hit = this.#cache.get(cacheKey);
    if (!hit || !this.#fresh(hit)) {
      const start = this.now();
      const [hard, soft] = [this.#hard, this.#soft];
      const sigs = new Map<number, { text: string; className: string } | undefined>();
      const signature = (id: number) => {
        if (!sigs.has(id)) {
          const s = this.store.getSignature(id);
          sigs.set(id, s ? { text: s.text, className: s.class_name } : undefined);
        }
        return sigs.get(id);
      };
      const groups = sortGroups(foldRows(this.store.queueRows(filter), signature), q.sort, q.desc);
      const benign = q.hideBenign
        ? this.store.countAlerts({ ...filter, hideBenign: false, predictedClass: 'Benign' })
        : 0;
      hit = { groups, benign, hard, soft, at: this.now(), ms: this.now() - start };
      if (this.#cache.size > 32) this.#cache.clear();
      this.#cache.set(cacheKey, hit);
    }
    let rows = hit.groups;
    if (q.pendingOnly) rows = rows.filter((g) => g.pending > 0);
    if (q.needsReview) rows = rows.filter((g) => g.needsReview > 0);
    let alerts = 0;
    let pending = 0;
    let unrecommended = 0;
    for (const g of rows) {
      alerts += g.alerts;
      pending += g.pending;
      unrecommended += g.unrecommended;
    }
    return {
      total: rows.length,
      alerts,
      pending,
      hiddenBenign: hit.benign,
      unrecommended,
      asOf: hit.at,
      rows: rows.slice(q.offset, q.offset + q.limit),
    };
  }
}
