/** Incidents, their grounded response and stored steps as the contract's views. */
import {
  attackTactics,
  type IncidentActionView,
  type IncidentDetail,
  type IncidentEnforcementView,
  type IncidentObservationView,
  type IncidentPredictionView,
  type IncidentSeverity,
  type IncidentStepView,
  type IncidentSummary,
} from '../../../shared/contract';
import { STAGES, type AttackFamily, type ResponseAction } from '../../domain/ir/core/types';
import { NO_STAGES } from '../../domain/ir/core/recovery';
import { actionCost, verb } from '../../domain/ir/core/verbs';
import { FAMILY_SEVERITY, type GroupedIncident } from '../../domain/ir/grouping';
import {
  CONTAINMENT_VERBS,
  FAMILY_TECHNIQUES,
  type Assessment,
  type Perception,
  type Prediction,
} from '../../domain/ir/grounded';
import { renderEnforcement } from '../../domain/ir/grounded/enforce';
import type { IncidentObservationRow, IncidentStepRow } from '../../store/incidents';
import { alertsAfter, DESK_AGENT, type IncidentCase } from './grounded';
import { scenarioFor, whatIf } from './scenarios';

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
  if (last.action?.verb === 'close-incident') return 'closed';
  return last.stages.length === STAGES.length && last.stages.every(Boolean)
    ? 'recovered'
    : 'recovering';
}

/** Each family's triage severity (see INCIDENT_SEVERITIES for why). */
const FAMILY_LEVEL: Readonly<Record<AttackFamily, IncidentSeverity>> = {
  exploit: 'critical',
  'lateral-movement': 'critical',
  infiltration: 'critical',
  botnet: 'high',
  heartbleed: 'high',
  'web-attack': 'high',
  'brute-force': 'high',
  ddos: 'medium',
  dos: 'medium',
  'port-scan': 'low',
  other: 'low',
  benign: 'none',
};

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
    severity: i.falsePositive ? 'none' : FAMILY_LEVEL[i.family],
    severityRank: i.falsePositive ? FAMILY_SEVERITY.length : FAMILY_SEVERITY.indexOf(i.family),
    tactics: attackTactics(i.stages.flatMap((f) => FAMILY_TECHNIQUES[f])),
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

const iso = (t: number) => new Date(t).toISOString();

/** The entities view of a perception. */
export function entitiesView(p: Perception): IncidentDetail['entities'] {
  return {
    attackers: p.attackers,
    victims: p.victims,
    externalPeers: p.externalPeers,
    services: p.services,
    protocols: p.protocols,
    gateways: p.gateways,
    kinds: p.kinds.map((k) => ({ ...k, first: iso(k.first), last: iso(k.last) })),
    peakPerMinute: p.peakPerMinute,
    meanPerMinute: Number(p.meanPerMinute.toFixed(2)),
  };
}

/** A stored prediction, if the step has one. */
function prediction(s: IncidentStepRow): IncidentPredictionView | null {
  const p = s.prediction as Prediction | null;
  return p && typeof p.text === 'string' ? p : null;
}

/** What was observed after a stored step. */
export function observationView(
  s: IncidentStepRow,
  c: IncidentCase | null,
  observations: readonly IncidentObservationRow[],
): IncidentObservationView {
  const none = { answers: [], mismatch: null, actor: null, auditId: null };
  const a = s.action;
  if (s.decision === 'reject' || !a) return { kind: 'none', text: 'not run', ...none };
  const form = observations.find((o) => o.step === s.step);
  const pred = prediction(s);
  if (form) {
    const answers = Object.entries(form.answers).map(([question, answer]) => ({
      question,
      answer,
    }));
    const contradicted = answers.filter((x) => {
      const e = pred?.answers.find((p) => p.question === x.question);
      return e && x.answer !== 'unknown' && (x.answer === 'yes') !== e.expected;
    });
    return {
      kind: 'answers',
      text: `analyst answered ${answers.map((x) => `${x.question} ${x.answer}`).join(', ')}${form.note ? ` (${form.note})` : ''}`,
      answers,
      mismatch: pred?.answers.length ? contradicted.length > 0 : null,
      actor: form.actor,
      auditId: form.auditId,
    };
  }
  if (c && a.target && c.response.formQuestions(a.verb, a.target).length)
    return { kind: 'pending', text: `awaiting the analyst's answers about ${a.target}`, ...none };
  const dir = CONTAINMENT_VERBS[a.verb];
  if (dir && c) {
    const n = alertsAfter(c.grouping, a, s.afterAlertId);
    if (n === null)
      return {
        kind: 'pending',
        text: `no alert has arrived since the step (after alert #${s.afterAlertId ?? 0}); the effect is not observed yet`,
        ...none,
      };
    return {
      kind: 'traffic',
      text:
        n === 0
          ? `no attack alert ${dir === 'to' ? 'to' : 'from'} ${a.target} among the alerts that arrived after the step`
          : `${n} attack alerts ${dir === 'to' ? 'to' : 'from'} ${a.target} arrived after the step: it did not stop the traffic`,
      ...none,
      mismatch: n > 0,
    };
  }
  return { kind: 'none', text: 'done by hand; the data shows nothing of it', ...none };
}

/** A stored step as the history shows it. */
export function stepView(
  s: IncidentStepRow,
  c: IncidentCase | null,
  observations: readonly IncidentObservationRow[],
): IncidentStepView {
  return {
    step: s.step,
    at: s.at,
    actor: s.actor,
    decision: s.decision,
    recommended: s.recommended && actionView(s.recommended),
    action: s.action && actionView(s.action),
    note: s.note,
    // Rows written before the desk stopped prefixing it still say "rejected: …" after the decision.
    feedback: s.decision === 'reject' ? s.feedback.replace(/^rejected: /, '') : s.feedback,
    expected: s.expected,
    prediction: prediction(s),
    observation: observationView(s, c, observations),
    stages: s.stages,
    auditId: s.auditId,
  };
}

/** Enforcement renderings of the executed steps that have one (or a manual instruction). */
export function enforcementView(
  steps: readonly IncidentStepRow[],
  incidentId: string,
  attacker: string | undefined,
): IncidentEnforcementView[] {
  const out: IncidentEnforcementView[] = [];
  for (const s of executed(steps)) {
    const a = s.action;
    if (!a || a.target === null || (verb(a.verb)?.phase ?? 0) === 0) continue;
    try {
      const r = renderEnforcement(a, { incidentId, attacker });
      out.push({
        step: s.step,
        action: actionView(a),
        renderings: r.renderings,
        manual: r.manual,
        error: null,
      });
    } catch (err) {
      out.push({
        step: s.step,
        action: actionView(a),
        renderings: [],
        manual: null,
        error: (err as Error).message,
      });
    }
  }
  return out;
}

/** The full view of an incident. */
export function detailView(
  i: GroupedIncident,
  steps: readonly IncidentStepRow[],
  observations: readonly IncidentObservationRow[],
  c: IncidentCase | null,
): IncidentDetail {
  const summary = summaryView(i, steps);
  const base: IncidentDetail = {
    summary,
    timeline: timeline(i),
    alertsTotal: i.alerts.length,
    entities: c ? entitiesView(c.response.perception) : null,
    signals: c ? c.response.perception.signals : [],
    hypotheses: [],
    stageNames: [...STAGES],
    stages: [...NO_STAGES],
    conjecture: null,
    candidates: [],
    recommended: null,
    abstainReason: null,
    agent: DESK_AGENT,
    forms: [],
    history: steps.map((s) => stepView(s, c, observations)),
    enforcement: enforcementView(steps, i.id, c?.response.perception.attackers[0]?.address),
    whatIf: whatIf(i),
  };
  if (i.falsePositive) {
    if (summary.state === 'open')
      base.recommended = {
        action: actionView(CLOSE),
        expected: 'benign traffic: the incident is closed as a false positive',
        why: 'every alert of the incident was classified benign',
        prediction: {
          text: 'no observation: closing changes nothing on the network',
          answers: [],
          stops: null,
        },
      };
    return base;
  }
  if (!c) return base;
  const a: Assessment = c.assess(steps, observations);
  const lead = a.leading[0];
  base.hypotheses = a.hypotheses;
  base.stages = [...a.stages];
  base.forms = a.forms;
  base.conjecture = lead
    ? {
        variant: lead.id,
        variantTitle: lead.name,
        confidence: lead.score,
        tactics: lead.techniques,
        scores: Object.fromEntries(
          a.hypotheses.filter((h) => h.facet === lead.facet).map((h) => [h.id, h.score]),
        ),
        evidenceFor: lead.evidenceFor,
        evidenceAgainst: lead.evidenceAgainst,
      }
    : null;
  if (summary.state === 'closed') return base;
  base.candidates = a.candidates.map((x) => ({
    action: actionView(x.action),
    expectedCost: Number(x.expectedCost.toFixed(2)),
    why: x.why,
    asks: x.asks,
    prediction: x.prediction,
  }));
  base.recommended = a.recovered
    ? {
        action: actionView({ verb: 'close-incident', target: null }),
        expected: 'every stage the plausible hypotheses need is done',
        why: 'nothing the kept hypotheses need is left to do',
        prediction: {
          text: 'no observation: closing changes nothing on the network',
          answers: [],
          stops: null,
        },
      }
    : a.recommended && {
        action: actionView(a.recommended.action),
        expected: a.recommended.prediction.text,
        why: a.recommended.why,
        prediction: a.recommended.prediction,
      };
  base.abstainReason = a.abstainReason;
  return base;
}
