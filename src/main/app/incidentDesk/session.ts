/**
 * A live response session: the incident's twin (seeded from the incident id) and the desk
 * planner, rebuilt by replaying the stored decisions. Both are deterministic, so the same steps
 * always give the same state and nothing but the steps is stored.
 */
import { publicScenario } from '../../domain/ir/agents/common';
import { openingIncident } from '../../domain/ir/eval';
import { scenarioModel, Twin } from '../../domain/ir/twin';
import { hash32 } from '../../domain/random';
import type { Observation, ResponseAction, ScenarioSpec } from '../../domain/ir/core/types';
import { actionKey } from '../../domain/ir/core/verbs';
import { DeskPlanner, type Proposal } from './deskPlanner';
import type { IncidentStepRow } from '../../store/incidents';

/** The outcome of running one action in the twin. */
export interface StepOutcome {
  observation: Observation;
  stages: boolean[];
}

/** Twin, planner and the rejections at the current step of one incident. */
export class ResponseSession {
  readonly spec: ScenarioSpec;
  readonly twin: Twin;
  private readonly planner: DeskPlanner;
  /** Action keys rejected since the last executed step. */
  private readonly rejected = new Set<string>();
  private proposal: Proposal | null = null;

  constructor(incidentId: string, scenarioId: string, steps: readonly IncidentStepRow[] = []) {
    this.spec = scenarioModel(scenarioId).spec;
    const seed = hash32(incidentId) & 0x7fffffff;
    this.twin = new Twin(this.spec, { seed });
    const opening = openingIncident(this.spec, this.twin.initialObservation());
    this.planner = new DeskPlanner(publicScenario(this.spec), opening, seed);
    for (const s of steps) this.replay(s);
  }

  /** The planner's proposal at the current step (memoised until the state changes). */
  propose(): Proposal {
    this.proposal ??= this.planner.propose(this.rejected);
    return this.proposal;
  }

  /** Whether the twin accepts this action (a catalogue verb on one of its targets). */
  isValid(a: ResponseAction): boolean {
    const key = actionKey(a);
    return this.twin.validActions().some((v) => actionKey(v) === key);
  }

  /** Run an action in the twin and tell the planner what happened. */
  execute(a: ResponseAction): StepOutcome {
    const observation = this.twin.step(a);
    this.planner.commit(a, observation);
    this.rejected.clear();
    this.proposal = null;
    return { observation, stages: [...this.twin.stages] };
  }

  /** Refuse an action at the current step: the planner will not propose it again here. */
  reject(a: ResponseAction): void {
    this.rejected.add(actionKey(a));
    this.proposal = null;
  }

  /** Apply one stored decision. */
  private replay(s: IncidentStepRow): void {
    if (s.decision === 'reject') {
      if (s.recommended) this.reject(s.recommended);
    } else if (s.action) this.execute(s.action);
  }
}
