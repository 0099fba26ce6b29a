/**
 * The agents a replay compares. Each sees only what got through (its alerts, grouped into
 * incidents) and proposes steps on each active incident's own entities; the automatic analyst
 * approves them. `none` never acts; `block-all` blocks every alerting source at once; `playbook`
 * runs a fixed runbook (evidence on every victim, then containment, eradication, hardening,
 * restoration) that never adapts; `grounded` is the desk's planner; `llm` lets the loaded model
 * choose among the grounded planner's candidates.
 */
import type { ResponseAction } from '../core/types';
import { actionKey, verb } from '../core/verbs';
import type { GroupedIncident } from '../grouping';
import {
  bindPlans,
  GroundedResponse,
  type AnswerRecord,
  type DoneStep,
  type HypothesisCatalogue,
  type Perception,
} from '../grounded';

/** What an agent remembers about one incident. */
export interface IncidentMemory {
  /** Steps run, each with the newest alert id when it ran (later alerts are its observation). */
  done: (DoneStep & { afterId?: number })[];
  answers: AnswerRecord[];
  /** Replay time of the last alert of the incident it answered for. */
  lastSeen: number;
  closed: boolean;
}

/** One agent decision point on one incident. */
export interface DecisionContext {
  incident: GroupedIncident;
  perception: Perception;
  memory: IncidentMemory;
  catalogue: HypothesisCatalogue;
  /** Entities already blocked or isolated. */
  blocked: (entity: string) => boolean;
}

/** A replay agent: the steps it takes on an incident at one decision point. */
export interface ReplayAgent {
  readonly name: string;
  /** Steps to run now (at most one for step-by-step agents); [] to wait. */
  decide(ctx: DecisionContext, signal?: AbortSignal): Promise<ResponseAction[]>;
}

/** Never acts: the baseline exposure of each attack. */
export const noneAgent: ReplayAgent = { name: 'none', decide: async () => [] };

/** Blocks every alerting source at once, at every decision point. */
export const blockAllAgent: ReplayAgent = {
  name: 'block-all',
  decide: async ({ perception, blocked }) =>
    perception.attackers
      .filter((a) => !blocked(a.address))
      .map((a) => ({ verb: a.internal ? 'isolate-host' : 'block-endpoint', target: a.address })),
};

/** A fixed runbook: every step any hypothesis of the facets names, evidence first, in phase order. */
export const playbookAgent: ReplayAgent = {
  name: 'playbook',
  decide: async ({ perception, memory, catalogue }) => {
    const plans = bindPlans(perception, catalogue);
    const facets = new Set<string>(perception.families);
    const steps = catalogue.hypotheses
      .filter((h) => facets.has(h.facet))
      .flatMap((h) => plans.get(h.id) ?? []);
    const done = new Set(memory.done.map((d) => actionKey(d.action)));
    const next = [...new Map(steps.map((s) => [s.key, s])).values()]
      .filter((s) => !done.has(s.key))
      .sort(
        (a, b) =>
          (verb(a.action.verb)?.phase ?? 9) - (verb(b.action.verb)?.phase ?? 9) ||
          a.stageIndex - b.stageIndex ||
          a.key.localeCompare(b.key),
      )[0];
    return next ? [next.action] : [];
  },
};

/** The desk's grounded planner: its recommended step, nothing once every needed stage is done. */
export const groundedAgent: ReplayAgent = {
  name: 'grounded',
  decide: async ({ perception, memory, catalogue }) => {
    const a = new GroundedResponse(perception, catalogue).assess(memory.done, memory.answers);
    return a.recovered || !a.recommended ? [] : [a.recommended.action];
  },
};
