/** Which twin scenario simulates the response to an incident of each attack family. */
import type { AttackFamily } from '../../domain/ir/core/types';

/** Family → twin scenario id; null where there is nothing to simulate (benign, unknown). */
export const FAMILY_SCENARIOS: Readonly<Record<AttackFamily, string | null>> = {
  'brute-force': 'cic-bruteforce',
  dos: 'cic-dos',
  ddos: 'cic-ddos',
  'web-attack': 'cic-web',
  infiltration: 'cic-infiltration',
  botnet: 'cic-botnet',
  'port-scan': 'cic-portscan',
  heartbleed: 'cic-heartbleed',
  exploit: 'esorics-three-servers',
  'lateral-movement': 'esorics-three-servers',
  benign: null,
  other: null,
};

/** The scenario of an incident: none for a false positive, else its family's. */
export function scenarioFor(i: { family: AttackFamily; falsePositive: boolean }): string | null {
  return i.falsePositive ? null : FAMILY_SCENARIOS[i.family];
}
