/**
 * The exact optimal plan (T*) of a twin state. Facts only accumulate (bar isolate/reconnect), so a
 * plan succeeds iff its actions satisfy every open requirement and bring every critical service
 * back up; the shortest plan is a minimum-size set of action keys doing that, found by
 * branch-and-bound over the requirements' alternatives, then ordered by verb phase (evidence
 * before reimaging, isolation before reconnection) — an order in which that set always works.
 */
import { STAGES, type ResponseAction, type ScenarioSpec } from '../core/types';
import { parseActionKey, phaseOf } from '../core/verbs';
import type { Requirement, ScenarioModel } from './scenarios/model';
import { Twin } from './twin';

const COLLECT = /^(collect-logs|collect-pcap|collect-memory|collect-disk-image|scan-host) /;

/** The shortest plan from the twin's current state (empty when recovered, null when none exists). */
export function remainingPlan(twin: Twin): string[] | null {
  if (twin.done) return [];
  const bits = twin.stages;
  const reqs: Requirement[] = [];
  STAGES.forEach((s, i) => {
    if (!bits[i]) reqs.push(...twin.variant.requirements[s]);
  });
  const facts = twin.facts;
  const restorationOpen = !bits[5];
  const critical = new Set(
    twin.spec.hosts
      .filter((h) => h.critical)
      .flatMap((h) => [h.ip, ...h.services.map((s) => svc(h.ip, s))]),
  );
  const open = reqs
    .filter((r) => !twin.satisfied(r))
    .map((r) => ({
      ...r,
      anyOf: r.anyOf.filter((alt) =>
        alt.every(
          (key) => !COLLECT.test(key) || !twin.reimaged.has(key.slice(key.indexOf(' ') + 1)),
        ),
      ),
    }));
  if (open.some((r) => r.anyOf.length === 0)) return null;

  const chosen: string[] = [];
  const found: { plan: string[] | null } = { plan: null };
  const has = (key: string) => facts.has(key) || chosen.includes(key);
  const closure = (): string[] => {
    if (!restorationOpen) return [];
    const extra: string[] = [];
    for (const d of twin.down) if (critical.has(d)) extra.push(undoKey(d));
    for (const key of chosen) {
      const { verb, target } = parseActionKey(key);
      if ((verb === 'isolate-host' || verb === 'disable-service') && target && critical.has(target))
        extra.push(undoKey(target));
    }
    return [...new Set(extra)];
  };
  const search = (from: number): void => {
    if (found.plan && chosen.length >= found.plan.length) return;
    let i = from;
    while (i < open.length && open[i]!.anyOf.some((alt) => alt.every(has))) i++;
    if (i === open.length) {
      const plan = [...chosen, ...closure()];
      if (!found.plan || plan.length < found.plan.length) found.plan = plan;
      return;
    }
    for (const alt of open[i]!.anyOf) {
      const added = alt.filter((key) => !has(key));
      chosen.push(...added);
      search(i + 1);
      chosen.splice(chosen.length - added.length, added.length);
    }
  };
  search(0);
  const plan = found.plan;
  if (!plan) return null;
  return plan
    .map((key, i) => ({ key, i }))
    .sort((a, b) => phaseOf(a.key) - phaseOf(b.key) || a.i - b.i)
    .map((x) => x.key);
}

/** T* of a scenario under a variant, with the plan that reaches it. */
export function optimalSteps(
  spec: ScenarioSpec,
  variantId: string = spec.trueVariant,
  model?: ScenarioModel,
): { steps: number; plan: ResponseAction[] } {
  const plan = remainingPlan(new Twin(spec, { variant: variantId, seed: 0, model }));
  if (!plan) throw new Error(`scenario ${spec.id} variant ${variantId} cannot be recovered`);
  return { steps: plan.length, plan: plan.map(parseActionKey) };
}

function svc(ip: string, service: string): string {
  return `${ip}:${/\/(\d+)/.exec(service)?.[1] ?? '0'}`;
}

function undoKey(target: string): string {
  return target.includes(':') ? `restart-service ${target}` : `reconnect-host ${target}`;
}

/** Steps left to recovery on the optimal plan; Infinity when evidence needed is already destroyed. */
export function remainingSteps(twin: Twin): number {
  return remainingPlan(twin)?.length ?? Infinity;
}
