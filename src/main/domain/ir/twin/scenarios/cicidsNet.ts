/** The CICIDS2017 testbed as the twin sees it: addresses, hosts and the system description. */
import type { Stage } from '../../core/types';
import { k, need, type Requirement } from './model';
import { host, stages } from './build';

export const ATK = '172.16.0.1';
export const GW = '192.168.10.1';
export const WEB = '192.168.10.50';
export const HB = '192.168.10.51';
export const DC = '192.168.10.3';
export const CNC = '205.174.165.73';

export const gateway = host(GW, 'gateway', 'gateway');
export const attacker = host(ATK, 'attacker (NAT)', 'attacker');
export const web = host(
  WEB,
  'ubuntu-web',
  'server',
  ['tcp/21 ftp', 'tcp/22 ssh', 'tcp/80 http'],
  true,
);
export const dc = host(DC, 'dc', 'server', ['tcp/53 dns', 'tcp/445 smb'], true);
export const SYSTEM =
  'CICIDS2017 testbed: victim network 192.168.10.0/24 behind a gateway/firewall 192.168.10.1 that ' +
  'also runs the IDS; external traffic reaches it NAT-ed as 172.16.0.1. 192.168.10.50 is an Ubuntu ' +
  'web server (FTP 21, SSH 22, HTTP 80), 192.168.10.51 an Ubuntu server with OpenSSL on 444, ' +
  '192.168.10.3 the domain controller (DNS, SMB); workstations sit at .5, .8, .9, .14, .15.';

/**
 * The stages of an attack from the NAT-ed attacker that got nothing: block it, read the target's
 * logs, keep the gateway capture, and fix what it probed (`hardening`).
 */
export function failedAttempt(
  target: string,
  logsLabel: string,
  hardening: Requirement[],
): Record<Stage, Requirement[]> {
  return stages({
    containment: [need('attacker blocked', k.block(ATK))],
    assessment: [need(logsLabel, k.logs(target))],
    preservation: [need('traffic captured', k.pcap(GW))],
    hardening,
  });
}
