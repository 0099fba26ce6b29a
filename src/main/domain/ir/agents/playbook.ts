/**
 * A fixed runbook per attack family, instantiated on the incident's own hosts: read the logs,
 * capture, block the sources, end sessions, reset the accounts, then the family's fixes. It never
 * adapts, so hosts the alerts did not name at the start are never handled.
 */
import { k, scenarioModel, serviceTarget } from '../twin';
import type { AgentDecision, AttackFamily, Incident, ResponseAgent } from '../core/types';
import { parseActionKey } from '../core/verbs';
import { act, incidentHosts, type PublicScenario } from './common';

/** The family-specific tail of the runbook, for hosts `hs` with services `svcs` and external addresses `ext`. */
function familySteps(family: AttackFamily, hs: string[], svcs: string[], ext: string[]): string[] {
  const on = (re: RegExp) => svcs.filter((s) => re.test(s));
  switch (family) {
    case 'brute-force':
      return on(/:(21|22)$/).map(k.password);
    case 'dos':
    case 'ddos':
      return [
        ...on(/:(80|443)$/).map(k.ips),
        ...on(/:(80|443)$/).map((s) => `restart-service ${s}`),
      ];
    case 'web-attack':
      return [...on(/:80$/).map(k.waf), ...on(/:80$/).map(k.patch), ...hs.map(k.backup)];
    case 'heartbleed':
      return [...on(/:444$/).map(k.patch), ...on(/:444$/).map(k.cert)];
    case 'infiltration':
    case 'botnet':
      return [...ext.map(k.c2), ...hs.map(k.malware), k.segment()];
    case 'port-scan':
      return svcs.slice(0, 1).map(k.ips);
    default:
      return [...svcs.map(k.patch), ...hs.map(k.backup)];
  }
}

/** Runs its family's runbook once, then monitors. */
export class PlaybookAgent implements ResponseAgent {
  readonly name = 'playbook';
  private queue: string[] = [];

  async start(incident: Incident, scenario: PublicScenario): Promise<void> {
    const model = scenarioModel(scenario.id);
    const hs = incidentHosts(incident, scenario);
    const gw = scenario.hosts.find((h) => h.role === 'gateway')?.ip;
    const svcs = scenario.hosts
      .filter((h) => hs.includes(h.ip))
      .flatMap((h) => h.services.map((s) => serviceTarget(h.ip, s)));
    const accounts = model.accounts.filter((a) => hs.some((h) => a.endsWith(`@${h}`)));
    const outside = incident.sources.filter((ip) => !hs.includes(ip));
    const ext = [...new Set([...outside, ...model.external])];
    this.queue = [
      ...hs.map(k.logs),
      ...(gw ? [k.pcap(gw)] : []),
      ...outside.map(k.block),
      ...hs.map(k.kill),
      ...accounts.map(k.rotate),
      ...familySteps(incident.family, hs, svcs, ext),
      ...hs.map(k.memory),
    ];
  }

  async next(): Promise<AgentDecision> {
    return act(parseActionKey(this.queue.shift() ?? 'monitor -'));
  }
}
