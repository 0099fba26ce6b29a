/** How alerts are grouped into incidents: every knob with its default. */

/** Grouping configuration. */
export interface IncidentConfig {
  /** A gap longer than this between consecutive alerts of a group starts a new incident. */
  gapMs: number;
  /**
   * Address → entity (NAT / known-entity folding), applied to sources and targets. Default: the
   * CICIDS2017 firewall, behind which the external attacker 205.174.165.73 appears as 172.16.0.1.
   */
  aliases: Readonly<Record<string, string>>;
  /** Addresses known to re-emit other hosts' traffic (NAT gateways, routers with a sensor). */
  natGateways: readonly string[];
  /**
   * Also detect them: a source in the destination's /24 whose alert repeats another source's
   * (same source port, destination, port, protocol and rule) within dupWindowMs is a NAT copy.
   */
  detectNat: boolean;
  /** How close in time a NAT copy or an ICMP reply must be to the alert it mirrors. */
  dupWindowMs: number;
  /** Drop ICMP echo replies (the reverse of a busier host's ICMP alert) so victims stay targets. */
  dropIcmpReplies: boolean;
  /** Leave NAT gateways out of incident targets (they forward the attack; they are not its goal). */
  gatewaysAreTargets: boolean;
  /** Merge one source's families within the gap into one multi-stage incident. */
  mergeStages: boolean;
  /** A stage may name a merged incident only with at least this share of its alerts. */
  stageMinShare: number;
  /** Internal networks (IPv4 CIDR): internal hosts contacting one external host are chained (C2). */
  internalNets: readonly string[];
}

/** The defaults: 10-minute gap, CICIDS2017 NAT folding, NAT detection, stages merged. */
export const DEFAULT_INCIDENT_CONFIG: IncidentConfig = {
  gapMs: 10 * 60_000,
  aliases: { '172.16.0.1': '205.174.165.73' },
  natGateways: [],
  detectNat: true,
  dupWindowMs: 1000,
  dropIcmpReplies: true,
  gatewaysAreTargets: false,
  mergeStages: true,
  stageMinShare: 0.02,
  internalNets: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
};

/** The defaults with some fields replaced (aliases are merged, not replaced). */
export function incidentConfig(over: Partial<IncidentConfig> = {}): IncidentConfig {
  return {
    ...DEFAULT_INCIDENT_CONFIG,
    ...over,
    aliases: { ...DEFAULT_INCIDENT_CONFIG.aliases, ...over.aliases },
  };
}
