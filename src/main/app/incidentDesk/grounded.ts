/**
 * An incident's grounded response rebuilt from what is stored: its perception (from the grouping
 * of the dataset's alerts), the executed steps, the analyst's answers and, for containment steps,
 * the alerts that arrived after the step. Nothing is simulated; the same rows always give the
 * same assessment.
 */
import type { IrAlert, ResponseAction } from '../../domain/ir/core/types';
import { actionKey } from '../../domain/ir/core/verbs';
import {
  alertsAfterStep,
  GroundedResponse,
  loadHypotheses,
  perceive,
  type AnswerRecord,
  type Assessment,
  type ContextIndex,
  type DoneStep,
} from '../../domain/ir/grounded';
import { incidentConfig, type IncidentConfig } from '../../domain/ir/grouping/config';
import type { GroupedIncident } from '../../domain/ir/grouping';
import type { IncidentObservationRow, IncidentStepRow } from '../../store/incidents';

/** The planner the desk recommends with. */
export const DESK_AGENT = 'grounded-planner';

/** What the desk needs of a dataset's grouping. */
export interface GroupingContext {
  alerts: readonly IrAlert[];
  context: ContextIndex;
  gateways: readonly string[];
  /** Newest alert id of the dataset (0 when none carries an id). */
  maxAlertId: number;
}

/** Attack alerts after `afterAlertId` that a containment of `a` should have stopped. */
export function alertsAfter(
  g: GroupingContext,
  a: ResponseAction,
  afterAlertId: number | null,
): number | null {
  if (afterAlertId === null) return null;
  const aliases = incidentConfig().aliases;
  return alertsAfterStep(g.alerts, a, afterAlertId, (ip) => aliases[ip] ?? ip);
}

/** The answers of the stored forms as the scorer reads them. */
export function answerRecords(rows: readonly IncidentObservationRow[]): AnswerRecord[] {
  return rows.flatMap((o) =>
    Object.entries(o.answers).map(([question, answer]) => ({
      step: o.step,
      host: o.host,
      question,
      answer,
    })),
  );
}

/** One incident's response, with its stored state. */
export class IncidentCase {
  readonly response: GroundedResponse;

  constructor(
    readonly incident: GroupedIncident,
    readonly grouping: GroupingContext,
    cfg: Pick<IncidentConfig, 'aliases' | 'internalNets'> = incidentConfig(),
  ) {
    const perception = perceive(incident, grouping.context, cfg, grouping.gateways);
    this.response = new GroundedResponse(perception, loadHypotheses());
  }

  /** Executed steps with what later data showed for each containment step. */
  done(steps: readonly IncidentStepRow[]): DoneStep[] {
    return steps
      .filter((s) => s.decision !== 'reject' && s.action)
      .map((s) => ({
        step: s.step,
        action: s.action!,
        alertsAfter: alertsAfter(this.grouping, s.action!, s.afterAlertId),
      }));
  }

  /** Keys rejected since the last executed step. */
  rejected(steps: readonly IncidentStepRow[]): Set<string> {
    const out = new Set<string>();
    for (const s of steps) {
      if (s.decision !== 'reject') out.clear();
      else if (s.recommended) out.add(actionKey(s.recommended));
    }
    return out;
  }

  /** The assessment at the current step. */
  assess(
    steps: readonly IncidentStepRow[],
    observations: readonly IncidentObservationRow[],
  ): Assessment {
    return this.response.assess(
      this.done(steps),
      answerRecords(observations),
      this.rejected(steps),
    );
  }
}
