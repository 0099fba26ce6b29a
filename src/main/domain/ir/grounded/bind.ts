/** Plan steps of a hypothesis bound to the incident's own entities. */
import type { ResponseAction } from '../core/types';
import { STAGES, type Stage } from '../core/types';
import { actionKey } from '../core/verbs';
import type { HypothesisCatalogue, HypothesisSpec, PlanStepSpec } from './hypotheses';
import type { Perception } from './perceive';

/** Hosts or services a role binds to, at most (the busiest first). */
export const ROLE_TARGETS_MAX = 5;

/** One step a hypothesis needs, on one of the incident's entities. */
export interface BoundStep {
  action: ResponseAction;
  key: string;
  stage: Stage;
  stageIndex: number;
}

/** The entities a role names in this incident. */
export function roleTargets(
  p: Perception,
  role: string,
  when?: 'internal' | 'external',
): (string | null)[] {
  const [kind, family] = role.split(':') as [string, string | undefined];
  const fam = (fs: readonly string[]) => !family || fs.includes(family);
  if (kind === 'none') return [null];
  if (kind === 'attacker')
    return p.attackers
      .filter((a) => !when || (when === 'internal') === a.internal)
      .map((a) => a.address);
  if (when) {
    const srcInternal = p.attackers.some((a) => a.internal);
    if ((when === 'internal') !== srcInternal) return [];
  }
  if (kind === 'victims')
    return p.victims
      .filter((v) => fam(v.families))
      .slice(0, ROLE_TARGETS_MAX)
      .map((v) => v.address);
  if (kind === 'services') {
    // The busiest service per host: the one the attack went for.
    const seen = new Set<string>();
    const out: string[] = [];
    for (const s of p.services) {
      if (!fam(s.families) || seen.has(s.host)) continue;
      seen.add(s.host);
      out.push(s.target);
      if (out.length >= ROLE_TARGETS_MAX) break;
    }
    return out;
  }
  if (kind === 'external-peers')
    return p.externalPeers.slice(0, ROLE_TARGETS_MAX).map((x) => x.address);
  return [];
}

function bindStep(p: Perception, s: PlanStepSpec): BoundStep[] {
  return roleTargets(p, s.target, s.when).map((target) => {
    const action = { verb: s.verb, target };
    return { action, key: actionKey(action), stage: s.stage, stageIndex: STAGES.indexOf(s.stage) };
  });
}

/** Every hypothesis's steps bound to this incident (a step no entity fits is left out). */
export function bindPlans(p: Perception, cat: HypothesisCatalogue): Map<string, BoundStep[]> {
  const out = new Map<string, BoundStep[]>();
  for (const h of cat.hypotheses as HypothesisSpec[]) {
    const steps = h.plan.flatMap((s) => bindStep(p, s));
    const unique = new Map(steps.map((s) => [s.key + '|' + s.stage, s]));
    out.set(h.id, [...unique.values()]);
  }
  return out;
}

/** Every entity an action may target in this incident (the checks' entity set). */
export function entitySet(p: Perception): Set<string> {
  return new Set([
    ...p.attackers.map((a) => a.address),
    ...p.victims.map((v) => v.address),
    ...p.externalPeers.map((x) => x.address),
    ...p.services.map((s) => s.target),
  ]);
}
