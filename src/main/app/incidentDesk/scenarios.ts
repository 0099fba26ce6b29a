/**
 * Which twin scenario can run a what-if for an incident of each attack family. The twin is a
 * benchmark and an explicit simulator: what it produces is labelled SIMULATED wherever it is
 * shown or exported, never counts as evidence and never stands in for the analyst's network.
 */
import type { IncidentDetail } from '../../../shared/contract';
import type { AttackFamily } from '../../domain/ir/core/types';
import { optimalSteps, scenarioModel } from '../../domain/ir/twin';

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

/** The what-if scenario of an incident: none for a false positive, else its family's. */
export function scenarioFor(i: { family: AttackFamily; falsePositive: boolean }): string | null {
  return i.falsePositive ? null : FAMILY_SCENARIOS[i.family];
}

const whatIfCache = new Map<string, IncidentDetail['whatIf']>();

/** The SIMULATED what-if line of an incident's family (the twin's own network, not this one). */
export function whatIf(i: {
  family: AttackFamily;
  falsePositive: boolean;
}): IncidentDetail['whatIf'] {
  const id = scenarioFor(i);
  if (!id) return null;
  let w = whatIfCache.get(id);
  if (w === undefined) {
    const spec = scenarioModel(id).spec;
    const t = optimalSteps(spec, spec.trueVariant).steps;
    w = {
      label: 'SIMULATED',
      scenarioId: id,
      scenarioTitle: spec.title,
      text: `SIMULATED what-if: in the twin scenario "${spec.title}" (its own hosts, not this network) the optimal response to its reference attack takes ${t} steps. A simulation, not an observation: it is not evidence about this incident.`,
    };
    whatIfCache.set(id, w);
  }
  return w;
}
