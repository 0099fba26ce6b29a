/**
 * The incident desk behind `incidents.*`: a dataset's flow alerts grouped into incidents (cached
 * per dataset, gap and alert count), and per incident a grounded response on its own entities,
 * rebuilt from the stored decisions and the analyst's answers. Every decision is written with its audit
 * row in one transaction before the call returns, then announced as `incidents.changed` (as are
 * alert changes that regroup the dataset, see {@link IncidentChanges}).
 */
import {
  InvalidRequestError,
  type IncidentDetail,
  type IncidentSummary,
  type ValidArgs,
} from '../../../shared/contract';
import {
  flowAlertsToIr,
  groupIncidentsWithReport,
  type GroupedIncident,
} from '../../domain/ir/grouping';
import { indexContext } from '../../domain/ir/grounded';
import { flowAlertRows } from './storeAlerts';
import type { IrAlert, ResponseAction } from '../../domain/ir/core/types';
import { actionKey, verb } from '../../domain/ir/core/verbs';
import type { IncidentStepInsert, IncidentStepRow } from '../../store/incidents';
import type { Store } from '../../store/store';
import type { EventHub } from '../hub/dispatch';
import { IncidentChanges } from './changes';
import { loadConnectorConfig, runConnector } from './connector';
import { IncidentCase, type GroupingContext } from './grounded';
import { LlmDeskChooser } from './llmChoice';
import type { ModelManager } from '../../domain/llm/modelManager';
import { incidentReport } from './report';
import { CLOSE, detailView, executed, incidentState, summaryView } from './views';

/** Gap (minutes) `get` groups with when no listed grouping holds the incident. */
export const DEFAULT_GAP_MIN = 10;
/** Groupings kept (each is one dataset × gap × alert count). */
const GROUPINGS_KEPT = 8;

interface Grouping extends GroupingContext {
  datasetId: number;
  alertCount: number;
  incidents: GroupedIncident[];
  byId: Map<string, GroupedIncident>;
  cases: Map<string, IncidentCase>;
}

/** Desk options. */
export interface DeskOptions {
  /** The opt-in connector's configuration file (absent: the connector is off). */
  connectorPath?: string;
  /** The advisor's model manager: when it holds a loaded model, the model chooses the next step. */
  model?: ModelManager;
}

/** Put a key last (most recently used) and drop the oldest beyond `max`. */
function remember<V>(m: Map<string, V>, key: string, value: V, max: number): V {
  m.delete(key);
  m.set(key, value);
  while (m.size > max) m.delete(m.keys().next().value!);
  return value;
}

/** A decision as the desk records it: the request and who made it. */
type DecideArgs = ValidArgs<'incidents.decide'> & { actor: string };

/** Incidents of stored datasets and their grounded responses. */
export class IncidentDesk {
  private readonly groupings = new Map<string, Grouping>();
  private readonly changes: IncidentChanges;
  private readonly chooser: LlmDeskChooser | null;

  constructor(
    readonly store: Store,
    readonly events: EventHub,
    private readonly opts: DeskOptions = {},
  ) {
    this.changes = new IncidentChanges(store, events);
    this.chooser = opts.model ? new LlmDeskChooser(opts.model) : null;
  }

  /** Stop announcing alert-driven changes (the service is closing). */
  dispose(): void {
    this.changes.dispose();
  }

  async list(args: ValidArgs<'incidents.list'>): Promise<IncidentSummary[]> {
    if (!this.store.getDataset(args.datasetId))
      throw new InvalidRequestError('incidents.list', `no dataset ${args.datasetId}`);
    const g = this.grouping(args.datasetId, args.gapMin);
    const steps = this.store.incidents.stepsByIncident(args.datasetId);
    return g.incidents.map((i) => summaryView(i, steps.get(i.id) ?? []));
  }

  async get(args: ValidArgs<'incidents.get'>): Promise<IncidentDetail | null> {
    const incident = this.find(args.datasetId, args.incidentId);
    if (!incident) return null;
    return this.detail(args.datasetId, incident);
  }

  /**
   * The detail of an incident from its stored steps and answers; with a model loaded, the model's
   * choice among the planner's candidates is the recommendation (and says so).
   */
  private async detail(datasetId: number, incident: GroupedIncident): Promise<IncidentDetail> {
    const steps = this.store.incidents.steps(datasetId, incident.id);
    const obs = this.store.incidents.observations(datasetId, incident.id);
    const c = this.caseOf(datasetId, incident);
    const d = detailView(incident, steps, obs, c);
    if (c && this.chooser) await this.chooser.choose(d, c, steps, obs);
    return d;
  }

  /** Record `actor`'s decision on an incident's next step (the transport says who is asking). */
  async decide(request: ValidArgs<'incidents.decide'>, actor: string): Promise<IncidentDetail> {
    const args: DecideArgs = { ...request, actor };
    const fail = (why: string): never => {
      throw new InvalidRequestError('incidents.decide', why);
    };
    const incident =
      this.find(args.datasetId, args.incidentId) ??
      fail(`no incident ${args.incidentId} in dataset ${args.datasetId}`);
    const steps = this.store.incidents.steps(args.datasetId, incident.id);
    if (incident.falsePositive) this.decideFalsePositive(incident, steps, args, fail);
    else await this.decideGrounded(incident, steps, args, fail);
    this.changes.decided(args.datasetId, incident.id);
    return (await this.get(args))!;
  }

  /** Record the analyst's answers to an evidence step's form (the step's observation). */
  async answer(request: ValidArgs<'incidents.answer'>, actor: string): Promise<IncidentDetail> {
    const fail = (why: string): never => {
      throw new InvalidRequestError('incidents.answer', why);
    };
    const incident =
      this.find(request.datasetId, request.incidentId) ??
      fail(`no incident ${request.incidentId} in dataset ${request.datasetId}`);
    const c =
      this.caseOf(request.datasetId, incident) ?? fail('a false positive has no evidence forms');
    const steps = this.store.incidents.steps(request.datasetId, incident.id);
    const obs = this.store.incidents.observations(request.datasetId, incident.id);
    const form =
      c.assess(steps, obs).forms.find((f) => f.step === request.step) ??
      fail(`step ${request.step} of ${incident.id} has no open evidence form`);
    const asked = new Set(form.questions.map((q) => q.id));
    for (const q of Object.keys(request.answers))
      if (!asked.has(q))
        fail(`question ${q} is not on the form of step ${request.step} (${[...asked].join(', ')})`);
    this.store.incidents.observe(request.datasetId, incident.id, {
      step: request.step,
      host: form.host,
      answers: request.answers,
      note: request.note,
      actor,
    });
    this.changes.decided(request.datasetId, incident.id);
    return await this.detail(request.datasetId, incident);
  }

  async report(args: ValidArgs<'incidents.report'>): Promise<{ markdown: string }> {
    const incident = this.find(args.datasetId, args.incidentId);
    if (!incident)
      throw new InvalidRequestError(
        'incidents.report',
        `no incident ${args.incidentId} in dataset ${args.datasetId}`,
      );
    return { markdown: incidentReport(await this.detail(args.datasetId, incident)) };
  }

  /** A false positive: one decision closes it (approve / edit with an untargeted verb / reject). */
  private decideFalsePositive(
    incident: GroupedIncident,
    steps: IncidentStepRow[],
    args: DecideArgs,
    fail: (why: string) => never,
  ): void {
    if (incidentState(incident, steps) === 'closed') fail(`incident ${incident.id} is closed`);
    let action: ResponseAction | null = CLOSE;
    if (args.decision === 'edit') {
      const a = args.action!;
      if (verb(a.verb)?.targetKind !== 'none' || a.target !== null)
        fail(
          `a false positive takes an untargeted verb (close-incident, monitor, escalate), not ${actionKey(a)}`,
        );
      action = { verb: a.verb, target: null };
    } else if (args.decision === 'reject') action = null;
    this.write(args, incident.id, {
      step: executed(steps).length + 1,
      decision: args.decision,
      actor: args.actor,
      note: args.note,
      recommended: CLOSE,
      action,
      feedback: action
        ? `${action.verb}: benign traffic, incident closed as a false positive`
        : 'closed without action',
      expected: 'benign traffic: the incident is closed as a false positive',
      stages: [false, false, false, false, false, false],
      prediction: null,
      afterAlertId: null,
    });
  }

  /** A decision on the incident's own entities: run (approve / edit) or refuse (reject) a step. */
  private async decideGrounded(
    incident: GroupedIncident,
    steps: IncidentStepRow[],
    args: DecideArgs,
    fail: (why: string) => never,
  ): Promise<void> {
    const c = this.caseOf(args.datasetId, incident)!;
    const state = incidentState(incident, steps);
    if (state === 'closed') fail(`incident ${incident.id} is closed`);
    const obs = this.store.incidents.observations(args.datasetId, incident.id);
    const detail = await this.detail(args.datasetId, incident);
    const rec = detail.recommended;
    const recAction: ResponseAction | null = rec && {
      verb: rec.action.verb,
      target: rec.action.target,
    };
    let action: ResponseAction | null = null;
    if (args.decision === 'edit') {
      const a = args.action!;
      if (!verb(a.verb)) fail(`unknown verb "${a.verb}"`);
      const why = c.response.validate({ verb: a.verb, target: a.target });
      if (why) fail(`${actionKey(a)} is not a valid action for ${incident.id}: ${why}`);
      action = { verb: a.verb, target: a.target };
    } else {
      if (!recAction)
        fail(`the agent abstains (${detail.abstainReason ?? 'no proposal'}): edit instead`);
      if (args.decision === 'approve') action = recAction;
    }
    const step = executed(steps).length + 1;
    // The prediction the analyst saw; an edit off the list is predicted here.
    const predicted = action
      ? (detail.candidates.find((x) => actionKey(x.action) === actionKey(action!))?.prediction ??
        c.response.predict({ action, asks: [] }, c.assess(steps, obs).leading))
      : null;
    const afterAlertId = c.grouping.maxAlertId;
    const row: IncidentStepInsert = {
      step,
      decision: args.decision,
      actor: args.actor,
      note: args.note,
      recommended: recAction,
      action,
      feedback: action
        ? `${actionKey(action)} ${args.decision === 'edit' ? 'run instead (edit)' : 'approved'} by ${args.actor}; observation: ${predicted?.answers.length ? "the analyst's answers to its form" : predicted?.stops ? `alerts after #${afterAlertId}` : 'none from the data'}`
        : `${recAction ? actionKey(recAction) : '-'} not run`,
      expected: predicted?.text ?? '',
      stages: [...detail.stages],
      prediction: predicted,
      afterAlertId,
    };
    if (action) {
      const after = c.assess([...steps, { ...row, id: 0, auditId: 0, at: '' }], obs);
      row.stages = [...after.stages];
    }
    this.write(args, incident.id, row);
    if (action) await this.connect(args, incident.id, action);
  }

  /** Run the user's connector for an approved step, if one is configured; audit what it did. */
  private async connect(
    args: DecideArgs,
    incidentId: string,
    action: ResponseAction,
  ): Promise<void> {
    if (!this.opts.connectorPath) return;
    const cfg = loadConnectorConfig(this.opts.connectorPath);
    if (!cfg.enabled || !cfg.templates[action.verb]) return;
    let detail: Record<string, unknown>;
    try {
      const r = await runConnector(cfg, action, { incidentId });
      detail = { datasetId: args.datasetId, action, ...r };
    } catch (err) {
      detail = { datasetId: args.datasetId, action, ran: false, error: (err as Error).message };
    }
    this.store.appendAudit({
      actor: args.actor,
      action: 'incident.connector',
      subject: `incident:${incidentId}`,
      detail,
    });
  }

  private write(args: DecideArgs, incidentId: string, s: IncidentStepInsert): void {
    this.store.incidents.record(args.datasetId, incidentId, s);
  }

  /** The dataset's incidents for this gap, grouped once per alert count. */
  private grouping(datasetId: number, gapMin: number): Grouping {
    const alertCount = this.store.alertCount(datasetId);
    const key = `${datasetId}|${gapMin}|${alertCount}`;
    const hit = this.groupings.get(key);
    if (hit) return remember(this.groupings, key, hit, GROUPINGS_KEPT);
    const alerts: IrAlert[] = flowAlertsToIr(flowAlertRows(this.store, datasetId));
    const { incidents, report } = groupIncidentsWithReport(alerts, { gapMs: gapMin * 60_000 });
    const g: Grouping = {
      datasetId,
      alertCount,
      incidents,
      byId: new Map(incidents.map((i) => [i.id, i])),
      cases: new Map(),
      alerts,
      context: indexContext(alerts),
      gateways: report.gateways,
      maxAlertId: alerts.reduce((m, a) => Math.max(m, a.alertId ?? 0), 0),
    };
    this.changes.grouped(datasetId, alertCount);
    return remember(this.groupings, key, g, GROUPINGS_KEPT);
  }

  /** An incident by id: from the newest current grouping that has it, else the default gap's. */
  private find(datasetId: number, incidentId: string): GroupedIncident | undefined {
    if (!this.store.getDataset(datasetId)) return undefined;
    const alertCount = this.store.alertCount(datasetId);
    for (const g of [...this.groupings.values()].reverse()) {
      if (g.datasetId !== datasetId || g.alertCount !== alertCount) continue;
      const i = g.byId.get(incidentId);
      if (i) return i;
    }
    return this.grouping(datasetId, DEFAULT_GAP_MIN).byId.get(incidentId);
  }

  /** The grounded case of an attack incident (null for a false positive), built once per grouping. */
  private caseOf(datasetId: number, incident: GroupedIncident): IncidentCase | null {
    if (incident.falsePositive) return null;
    const alertCount = this.store.alertCount(datasetId);
    const g = [...this.groupings.values()]
      .reverse()
      .find(
        (x) =>
          x.datasetId === datasetId &&
          x.alertCount === alertCount &&
          x.byId.get(incident.id) === incident,
      );
    if (!g) return new IncidentCase(incident, this.grouping(datasetId, DEFAULT_GAP_MIN));
    let c = g.cases.get(incident.id);
    if (!c) {
      c = new IncidentCase(incident, g);
      g.cases.set(incident.id, c);
    }
    return c;
  }
}
