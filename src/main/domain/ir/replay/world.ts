/**
 * The replayed network under an agent's enforcement: which flows the approved containment steps
 * drop (a blocked source's later flows, an isolated host's flows both ways, egress to a blocked C2
 * address, a rate limit's excess), and the measures the evaluation reports per attack.
 */
import type { IrAlert, ResponseAction } from '../core/types';
import { flowAlertToIr } from '../grouping/flowAlerts';
import type { ReplayFlow } from './flows';

/** Flows per second a rate limit lets through from one source (the rest is dropped). */
export const RATE_LIMIT_PER_S = 10;

/** Enforcement in force and what it did. */
export class ReplayWorld {
  private readonly blockedFrom = new Set<string>();
  private readonly isolated = new Set<string>();
  private readonly blockedTo = new Set<string>();
  private readonly limited = new Set<string>();
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly entity: (ip: string) => string) {}

  /** Apply a containment step (others change nothing on the wire). Returns whether it did. */
  apply(a: ResponseAction): boolean {
    if (a.target === null) return false;
    const t = a.target;
    switch (a.verb) {
      case 'block-endpoint':
        this.blockedFrom.add(t);
        return true;
      case 'isolate-host':
        this.isolated.add(t);
        return true;
      case 'block-outbound-c2':
        this.blockedTo.add(t);
        return true;
      case 'rate-limit-endpoint':
        this.limited.add(t);
        return true;
      case 'unblock-endpoint':
        return this.blockedFrom.delete(t);
      case 'reconnect-host':
        return this.isolated.delete(t);
      default:
        return false;
    }
  }

  /** Whether the enforcement in force drops this flow. */
  drops(f: ReplayFlow): boolean {
    const s = this.entity(f.src);
    const d = this.entity(f.dst);
    if (this.blockedFrom.has(s) || this.isolated.has(s) || this.isolated.has(d)) return true;
    if (this.blockedTo.has(d) || this.blockedTo.has(s)) return true;
    if (!this.limited.has(s)) return false;
    const times = (this.recent.get(s) ?? []).filter((x) => x > f.t - 1000);
    times.push(f.t);
    this.recent.set(s, times);
    return times.length > RATE_LIMIT_PER_S;
  }

  /** Addresses currently blocked from, isolated or blocked to (for block-all's bookkeeping). */
  isBlocked(entity: string): boolean {
    return this.blockedFrom.has(entity) || this.isolated.has(entity);
  }
}

/** A flow that got through, as the grouping reads alerts (the desk's own conversion). */
export function flowAlert(f: ReplayFlow): IrAlert {
  const row = {
    id: f.id,
    predicted_class: f.predicted,
    conf_mean: f.confidence,
    ts: null,
    src_ip: f.src,
    src_port: f.srcPort,
    dst_ip: f.dst,
    dst_port: f.dstPort,
    protocol: f.protocol,
  };
  return flowAlertToIr(row, f.t, f.src, f.dst);
}

/** Per true attack (label): what got through after it was first alerted, and when it stopped. */
export interface AttackOutcome {
  attack: string;
  flows: number;
  /** When its first flow raised an alert (null: the detector never flagged it). */
  firstAlert: number | null;
  /** Its flows after the first alert that got through. */
  exposure: number;
  /** Its flows after the first alert, through or dropped. */
  afterFirstAlert: number;
  /** Its flows that got through at all (before the first alert too: what the detector missed). */
  through: number;
  /** Seconds from the first alert until none of its flows got through any more (null: never). */
  timeToContainmentS: number | null;
}

/** Running counts of one agent's replay. */
export class ReplayMeter {
  private readonly byAttack = new Map<
    string,
    {
      flows: number;
      firstAlert: number | null;
      exposure: number;
      after: number;
      through: number;
      lastThrough: number;
      firstDropAfterLast: number | null;
    }
  >();
  benignFlows = 0;
  collateral = 0;

  /** Count one flow: through or dropped, alerted or not. */
  count(f: ReplayFlow, dropped: boolean): void {
    if (f.benign) {
      this.benignFlows++;
      if (dropped) this.collateral++;
      return;
    }
    const a = this.byAttack.get(f.label) ?? {
      flows: 0,
      firstAlert: null,
      exposure: 0,
      after: 0,
      through: 0,
      lastThrough: -Infinity,
      firstDropAfterLast: null,
    };
    a.flows++;
    if (a.firstAlert !== null) {
      a.after++;
      if (!dropped) a.exposure++;
    }
    if (dropped) a.firstDropAfterLast ??= f.t;
    else {
      a.lastThrough = f.t;
      a.through++;
      a.firstDropAfterLast = null;
      if (a.firstAlert === null && f.predicted !== 'Benign') a.firstAlert = f.t;
    }
    this.byAttack.set(f.label, a);
  }

  /** The outcome per attack, by label. */
  outcomes(): AttackOutcome[] {
    return [...this.byAttack]
      .map(([attack, a]) => ({
        attack,
        flows: a.flows,
        firstAlert: a.firstAlert,
        exposure: a.exposure,
        afterFirstAlert: a.after,
        through: a.through,
        timeToContainmentS:
          a.firstAlert !== null && a.firstDropAfterLast !== null
            ? Math.max(0, (a.firstDropAfterLast - a.firstAlert) / 1000)
            : null,
      }))
      .sort((x, y) => x.attack.localeCompare(y.attack));
  }
}
