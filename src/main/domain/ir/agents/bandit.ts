/**
 * The per-alert mitigation policy of paper 1 used as a responder: each new alert's class gets the
 * class's top-ranked ATT&CK mitigation (mitigations.json, Table II), turned into one response
 * action. Mapping (mitigation → action):
 *   M1037 Filter Network Traffic → block-endpoint <alert source> (block-outbound-c2 <dst> for C2)
 *   M1027 Password Policies → enforce-password-policy <dst:port>
 *   M0818 Input Validation → add-waf-rule <dst:port>
 *   M1051 Update Software → patch-service <dst:port>
 *   M1031 Network Intrusion Prevention → deploy-ips-rule <dst:port>
 *   NONE → monitor
 * It contains and hardens but never investigates, preserves, evicts or restores on its own.
 */
import { k } from '../twin';
import type { AgentDecision, IrAlert, Observation, ResponseAgent } from '../core/types';
import { parseActionKey } from '../core/verbs';
import { act, type PublicScenario } from './common';

/** Top-ranked mitigation per traffic class (paper 1, Table II; Heartbleed and Bot added). */
export const TOP_MITIGATION: Record<string, string> = {
  Benign: 'NONE',
  PortScan: 'M1037',
  DoS: 'M1037',
  DDoS: 'M1037',
  'SSH-Patator': 'M1027',
  'FTP-Patator': 'M1027',
  Web: 'M0818',
  Infiltration: 'M1037',
  Heartbleed: 'M1051',
  Bot: 'M1037',
};

/** The traffic class of an alert, from its signature or IDS classification. */
export function alertClass(a: IrAlert): string {
  const s = `${a.signature} ${a.classification}`;
  if (/ssh|patator.*ssh/i.test(a.signature)) return 'SSH-Patator';
  if (/ftp/i.test(a.signature)) return 'FTP-Patator';
  if (/heartbleed|heartbeat/i.test(s)) return 'Heartbleed';
  if (/ddos/i.test(s)) return 'DDoS';
  if (/dos|denial/i.test(s)) return 'DoS';
  if (/portscan|recon|icmp|information leak/i.test(s)) return 'PortScan';
  if (/web|sql|xss|shellshock|injection|http/i.test(s)) return 'Web';
  if (/^bot|trojan|c2/i.test(s)) return 'Bot';
  if (/infiltration|smb|outbound/i.test(s)) return 'Infiltration';
  return 'Benign';
}

/** The response action for an alert under the class's top mitigation. */
export function banditAction(a: IrAlert, internal: ReadonlySet<string>): string {
  const svc = `${a.dst}:${a.dstPort ?? 0}`;
  const cls = alertClass(a);
  switch (TOP_MITIGATION[cls]) {
    case 'M1037':
      return cls === 'Bot' || (internal.has(a.src) && !internal.has(a.dst))
        ? k.c2(a.dst)
        : k.block(a.src);
    case 'M1027':
      return k.password(svc);
    case 'M0818':
      return k.waf(svc);
    case 'M1051':
      return k.patch(svc);
    case 'M1031':
      return k.ips(svc);
    default:
      return 'monitor -';
  }
}

/** One mitigation per new (class, endpoint) seen in the alerts; monitors when nothing is new. */
export class BanditAgent implements ResponseAgent {
  readonly name = 'bandit';
  private internal = new Set<string>();
  private readonly done = new Set<string>();
  private readonly pending: string[] = [];

  async start(_incident: unknown, scenario: PublicScenario): Promise<void> {
    this.internal = new Set(
      scenario.hosts.filter((h) => h.role !== 'attacker' && h.role !== 'c2').map((h) => h.ip),
    );
  }

  async next(last: Observation | null): Promise<AgentDecision> {
    for (const a of last?.alerts ?? []) {
      const key = banditAction(a, this.internal);
      if (!this.done.has(key) && !this.pending.includes(key)) this.pending.push(key);
    }
    const key = this.pending.shift() ?? 'monitor -';
    this.done.add(key);
    return act(parseActionKey(key));
  }
}
