/** What every response agent shares: the public view of a scenario and replicas built from it. */
import { Twin } from '../twin';
import type {
  AgentDecision,
  Conjecture,
  Incident,
  ResponseAction,
  ScenarioSpec,
  StageBits,
} from '../core/types';
import { NO_STAGES } from '../core/recovery';

/** The part of a scenario an agent is told (never the true variant). */
export type PublicScenario = Pick<ScenarioSpec, 'id' | 'hosts' | 'system' | 'variants'>;

/** The public view of a full spec. */
export function publicScenario(spec: ScenarioSpec): PublicScenario {
  return { id: spec.id, hosts: spec.hosts, system: spec.system, variants: spec.variants };
}

/** A twin built from the public view under a conjectured variant (the agent's own simulator). */
export function replica(s: PublicScenario, variant: string, seed: number): Twin {
  const spec: ScenarioSpec = { ...s, title: s.id, family: 'other', trueVariant: variant };
  return new Twin(spec, { variant, seed });
}

/** An 'act' decision with the fields an agent without a model fills trivially. */
export function act(
  action: ResponseAction,
  extra: Partial<{
    believedStages: StageBits;
    conjecture: Conjecture | null;
    expected: string;
  }> = {},
): AgentDecision {
  return {
    kind: 'act',
    action,
    believedStages: extra.believedStages ?? NO_STAGES,
    conjecture: extra.conjecture ?? null,
    candidates: [],
    expected: extra.expected ?? '',
    llmCalls: 0,
    tokens: 0,
  };
}

/** Internal hosts an incident touched (targets, and sources inside the network). */
export function incidentHosts(incident: Incident, s: PublicScenario): string[] {
  const internal = new Set(
    s.hosts.filter((h) => h.role !== 'attacker' && h.role !== 'c2').map((h) => h.ip),
  );
  return [...new Set([...incident.targets, ...incident.sources])].filter((ip) => internal.has(ip));
}

/** A seeded integer in [0, n) from a running state (mulberry32 step). */
export function nextRandom(state: { s: number }, n: number): number {
  let t = (state.s = (state.s + 0x6d2b79f5) | 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
}
