/** Incidents, sessions and stored steps as the contract's views. */
import type {
  IncidentActionView,
  IncidentDetail,
  IncidentStepView,
  IncidentSummary,
} from '../../../shared/contract';
import type { GroupedIncident } from '../../domain/ir/grouping';
import { NO_STAGES } from '../../domain/ir/core/recovery';
import { STAGES, type ResponseAction } from '../../domain/ir/core/types';
import { actionCost, verb } from '../../domain/ir/core/verbs';
import { DESK_AGENT } from './deskPlanner';
import { scenarioFor } from './scenarios';
import type { ResponseSession } from './session';
import type { IncidentStepRow } from '../../store/incidents';

/** Timeline rows shown per incident. */
export const TIMELINE_MAX = 500;

/** The close step a false positive gets. */
export const CLOSE: ResponseAction = { verb: 'close-incident', target: null };

/** An action with the catalogue's name and cost. */
export function actionView(a: ResponseAction): IncidentActionView {
  return {
    verb: a.verb,
    verbName: verb(a.verb)?.name ?? a.verb,
    target: a.target,
    cost: actionCost(a),
  };
}

/** A stored step as the history shows it. */
export function stepView(s: IncidentStepRow): IncidentStepView {
  return {
    step: s.step,
    at: s.at,
    actor: s.actor,
    decision: s.decision,
    recommended: s.recommended && actionView(s.recommended),
    action: s.action && actionView(s.action),
    note: s.note,
    feedback: s.feedback,
    expected: s.expected,
    stages: s.stages,
    auditId: s.auditId,
  };
}

/** Executed (approved or edited) steps. */
export function executed(steps: readonly IncidentStepRow[]): IncidentStepRow[] {
  return steps.filter((s) => s.decision !== 'reject');
}

/** The incident's state from its stored steps. */
export function incidentState(
  i: GroupedIncident,
  steps: readonly IncidentStepRow[],
): IncidentSummary['state'] {
  if (i.falsePositive) return steps.length > 0 ? 'closed' : 'open';
  const done = executed(steps);
  const last = done[done.length - 1];
  if (!last) return 'open';
  return last.stages.length === STAGES.length && last.stages.every(Boolean)
    ? 'recovered'
    : 'recovering';
}

/** The list row of an incident. */
export function summaryView(
  i: GroupedIncident,
  steps: readonly IncidentStepRow[],
): IncidentSummary {
  return {
    id: i.id,
    family: i.family,
    sources: i.sources,
    targets: i.targets,
    firstSeen: new Date(i.firstSeen).toISOString(),
    lastSeen: new Date(i.lastSeen).toISOString(),
    alerts: i.alerts.length,
    chainedFrom: i.chainedFrom,
    falsePositive: i.falsePositive,
    scenarioId: scenarioFor(i),
    state: incidentState(i, steps),
    steps: executed(steps).length,
  };
}

/** The first TIMELINE_MAX alerts, oldest first. */
export function timeline(i: GroupedIncident): IncidentDetail['timeline'] {
  return [...i.alerts]
    .sort((a, b) => a.time - b.time)
    .slice(0, TIMELINE_MAX)
    .map((a) => ({
      time: new Date(a.time).toISOString(),
      src: a.src,
      dst: a.dst,
      signature: a.signature,
      classification: a.classification,
      priority: a.priority,
    }));
}

/** Steps as JSON-safe numbers (a candidate that destroys needed evidence never recovers: -1). */
function finite(n: number): number {
  return Number.isFinite(n) ? n : -1;
}

/** The full view of an incident; `session` is null without a twin scenario. */
export function detailView(
  i: GroupedIncident,
  steps: readonly IncidentStepRow[],
  session: ResponseSession | null,
): IncidentDetail {
  const summary = summaryView(i, steps);
  const base: IncidentDetail = {
    summary,
    timeline: timeline(i),
    alertsTotal: i.alerts.length,
    stageNames: [...STAGES],
    stages: [...NO_STAGES],
    conjecture: null,
    candidates: [],
    recommended: null,
    abstainReason: null,
    history: steps.map(stepView),
    simulation: null,
  };
  if (i.falsePositive) {
    if (summary.state === 'open')
      base.recommended = {
        action: actionView(CLOSE),
        expected: 'benign traffic: the incident is closed as a false positive',
      };
    return base;
  }
  if (!session) {
    base.abstainReason = `no twin scenario for family ${i.family}: respond by hand`;
    return base;
  }
  const p = session.propose();
  const variant = session.spec.variants.find((v) => v.id === p.conjecture.variant);
  base.stages = [...p.believedStages];
  base.conjecture = {
    variant: p.conjecture.variant,
    variantTitle: variant?.title ?? p.conjecture.variant,
    confidence: p.conjecture.confidence,
    tactics: p.conjecture.tactics,
    scores: p.conjecture.scores,
    evidenceFor: p.conjecture.evidenceFor,
    evidenceAgainst: p.conjecture.evidenceAgainst,
  };
  base.simulation = {
    scenarioId: session.spec.id,
    scenarioTitle: session.spec.title,
    agent: DESK_AGENT,
  };
  if (session.twin.done) return base;
  base.candidates = p.candidates.map((c) => ({
    action: actionView(c.action),
    predictedSteps: finite(c.predictedSteps),
    spread: finite(c.spread),
  }));
  base.recommended = p.recommended && {
    action: actionView(p.recommended.action),
    expected: p.recommended.expected,
  };
  base.abstainReason = p.abstainReason;
  return base;
}
