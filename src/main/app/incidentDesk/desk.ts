/**
 * The incident desk behind `incidents.*`: a dataset's flow alerts grouped into incidents (cached
 * per dataset, gap and alert count), and per incident a response session in its family's twin
 * scenario, rebuilt by replaying the stored decisions. Every decision is written with its audit
 * row in one transaction before the call returns, then announced as `incidents.changed` (as are
 * alert changes that regroup the dataset, see {@link IncidentChanges}).
 */
import {
  InvalidRequestError,
  type IncidentDetail,
  type IncidentSummary,
  type ValidArgs,
} from '../../../shared/contract';
import { flowAlertsToIr, groupIncidents, type GroupedIncident } from '../../domain/ir/grouping';
import { flowAlertRows } from './storeAlerts';
import { NO_STAGES } from '../../domain/ir/core/recovery';
import type { ResponseAction } from '../../domain/ir/core/types';
import { actionKey, verb } from '../../domain/ir/core/verbs';
import type { IncidentStepInsert, IncidentStepRow } from '../../store/incidents';
import type { Store } from '../../store/store';
import type { EventHub } from '../hub/dispatch';
import { IncidentChanges } from './changes';
import { incidentReport } from './report';
import { scenarioFor } from './scenarios';
import { ResponseSession } from './session';
import { CLOSE, detailView, executed, incidentState, summaryView } from './views';

/** Gap (minutes) `get` groups with when no listed grouping holds the incident. */
export const DEFAULT_GAP_MIN = 10;
/** Groupings kept (each is one dataset × gap × alert count). */
const GROUPINGS_KEPT = 8;
/** Live response sessions kept; a miss replays the stored steps. */
const SESSIONS_KEPT = 32;

interface Grouping {
  datasetId: number;
  alertCount: number;
  incidents: GroupedIncident[];
  byId: Map<string, GroupedIncident>;
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

/** Incidents of stored datasets and their response sessions. */
export class IncidentDesk {
  private readonly groupings = new Map<string, Grouping>();
  private readonly sessions = new Map<string, ResponseSession>();
  private readonly changes: IncidentChanges;

  constructor(
    readonly store: Store,
    readonly events: EventHub,
  ) {
    this.changes = new IncidentChanges(store, events);
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
    const steps = this.store.incidents.steps(args.datasetId, incident.id);
    return detailView(incident, steps, this.session(args.datasetId, incident, steps));
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
    else this.decideInTwin(incident, steps, args, fail);
    this.changes.decided(args.datasetId, incident.id);
    return (await this.get(args))!;
  }

  async report(args: ValidArgs<'incidents.report'>): Promise<{ markdown: string }> {
    const incident = this.find(args.datasetId, args.incidentId);
    if (!incident)
      throw new InvalidRequestError(
        'incidents.report',
        `no incident ${args.incidentId} in dataset ${args.datasetId}`,
      );
    const steps = this.store.incidents.steps(args.datasetId, incident.id);
    const session = this.session(args.datasetId, incident, steps);
    return { markdown: incidentReport(detailView(incident, steps, session), session) };
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
        : 'rejected: closed without action',
      expected: 'benign traffic: the incident is closed as a false positive',
      stages: [...NO_STAGES],
    });
  }

  /** A decision in the incident's twin: run (approve / edit) or refuse (reject) a step. */
  private decideInTwin(
    incident: GroupedIncident,
    steps: IncidentStepRow[],
    args: DecideArgs,
    fail: (why: string) => never,
  ): void {
    const session =
      this.session(args.datasetId, incident, steps) ??
      fail(`no twin scenario for family ${incident.family}: respond by hand`);
    if (session.twin.done) fail(`incident ${incident.id} is already recovered`);
    const p = session.propose();
    const rec = p.recommended;
    let action: ResponseAction | null = null;
    if (args.decision === 'edit') {
      const a = args.action!;
      if (!verb(a.verb)) fail(`unknown verb "${a.verb}"`);
      if (!session.isValid(a)) {
        const targets = session.twin
          .validActions()
          .filter((v) => v.verb === a.verb)
          .map((v) => v.target ?? '(none)');
        fail(
          `${actionKey(a)} is not a valid action in ${session.spec.id} (targets of ${a.verb}: ${targets.join(', ') || 'none'})`,
        );
      }
      action = { verb: a.verb, target: a.target };
    } else {
      if (!rec) fail(`the agent abstains (${p.abstainReason ?? 'no proposal'}): edit instead`);
      if (args.decision === 'approve') action = rec!.action;
    }
    const step = session.twin.steps + 1;
    const expected =
      rec && action && actionKey(action) !== actionKey(rec.action)
        ? `agent recommended ${actionKey(rec.action)}: ${rec.expected}`
        : (rec?.expected ?? '');
    try {
      let feedback = `rejected: ${rec ? actionKey(rec.action) : '-'} not run`;
      if (action) feedback = session.execute(action).observation.feedback;
      else session.reject(rec!.action);
      this.write(args, incident.id, {
        step,
        decision: args.decision,
        actor: args.actor,
        note: args.note,
        recommended: rec?.action ?? null,
        action,
        feedback,
        expected,
        stages: [...session.twin.stages],
      });
    } catch (err) {
      // The session moved ahead of the database: drop it, the next call replays the stored steps.
      this.sessions.delete(`${args.datasetId}|${incident.id}`);
      throw err;
    }
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
    const incidents = groupIncidents(flowAlertsToIr(flowAlertRows(this.store, datasetId)), {
      gapMs: gapMin * 60_000,
    });
    const g = { datasetId, alertCount, incidents, byId: new Map(incidents.map((i) => [i.id, i])) };
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

  /** The live session of an incident, replayed from its steps on a miss; null without a scenario. */
  private session(
    datasetId: number,
    incident: GroupedIncident,
    steps: readonly IncidentStepRow[],
  ): ResponseSession | null {
    const scenarioId = scenarioFor(incident);
    if (!scenarioId) return null;
    const key = `${datasetId}|${incident.id}`;
    const hit = this.sessions.get(key);
    const session = hit ?? new ResponseSession(incident.id, scenarioId, steps);
    return remember(this.sessions, key, session, SESSIONS_KEPT);
  }
}
