/** Rampart's own flow alerts (detector verdicts on CICFlowMeter flows) → IrAlerts. */
import type { IrAlert } from '../core/types';

/** The columns of a stored flow alert the response side needs (alerts ⋈ flows). */
export interface FlowAlertRow {
  id: number;
  predicted_class: string;
  conf_mean: number;
  /** The flow's timestamp as read from the CSV. */
  ts: string | null;
  /** Epoch ms of ts when the loader could parse it. */
  ts_ms?: number | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP). */
  protocol?: number | null;
}

const PROTOCOLS: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMP' };

/** Confidence → IDS-like priority: ≥ 0.9 → 1, ≥ 0.5 → 2, else 3 (benign is always 3). */
export function flowPriority(className: string, conf: number): number {
  if (className === 'Benign') return 3;
  return conf >= 0.9 ? 1 : conf >= 0.5 ? 2 : 3;
}

/** A flow's time in epoch ms: ts_ms, else ts parsed as UTC; null when neither works. */
function flowTime(r: FlowAlertRow): number | null {
  if (typeof r.ts_ms === 'number' && Number.isFinite(r.ts_ms)) return r.ts_ms;
  if (!r.ts) return null;
  const iso = r.ts.trim().replace(' ', 'T');
  const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isFinite(t) ? t : null;
}

/** One flow alert placed at `time` between two known addresses. Benign → classification 'benign'. */
export function flowAlertToIr(r: FlowAlertRow, time: number, src: string, dst: string): IrAlert {
  const benign = r.predicted_class === 'Benign';
  return {
    time,
    src,
    dst,
    srcPort: r.src_port,
    dstPort: r.dst_port,
    proto: r.protocol == null ? null : (PROTOCOLS[r.protocol] ?? String(r.protocol)),
    signature: r.predicted_class,
    classification: benign ? 'benign' : r.predicted_class,
    priority: flowPriority(r.predicted_class, r.conf_mean),
    source: 'flow',
    alertId: r.id,
  };
}

/**
 * Convert flow alerts; rows without endpoints or a readable time cannot be placed in an incident
 * and are reported through `onSkip` (alert id and why) instead. Benign → classification 'benign'.
 */
export function flowAlertsToIr(
  rows: Iterable<FlowAlertRow>,
  onSkip?: (alertId: number, reason: string) => void,
): IrAlert[] {
  const out: IrAlert[] = [];
  for (const r of rows) {
    const time = flowTime(r);
    if (time === null) {
      onSkip?.(r.id, `no readable timestamp "${r.ts ?? ''}"`);
      continue;
    }
    if (!r.src_ip || !r.dst_ip) {
      onSkip?.(r.id, 'no source or destination address');
      continue;
    }
    out.push(flowAlertToIr(r, time, r.src_ip, r.dst_ip));
  }
  return out;
}
