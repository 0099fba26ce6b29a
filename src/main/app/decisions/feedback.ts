/**
 * Analyst decisions (approve / override, with an optional disposition) as feedback: the audit row,
 * decision and status are written together before the call returns; a first decision on an alert
 * also updates its signature's N/C in that transaction, then the KG (saved as a new snapshot), and
 * the pending alerts of the signatures decided on get fresh recommendations.
 */
import {
  ConflictError,
  InvalidRequestError,
  type DecideResult,
  type ValidArgs,
} from '../../../shared/contract';
import { reward } from '../../domain/catalogue/catalogue';
import type { Experience } from '../../domain/catalogue/types';
import type { DecisionWrite } from '../../store/engineStore';
import type { AlertCore, RecommendationRecord } from '../../store/records';
import { announceAlertChanges } from '../hub/storeEvents';
import type { DecisionEngine } from './engine';
import { parseTrueCounts } from './trueCounts';

interface Target {
  core: AlertCore;
  rec: RecommendationRecord | undefined;
  action: number;
  trueClass: string;
  classNames: string[];
}

/** Apply one `alerts.decide` request, made by `actor` (whom the transport identified). */
export async function decide(
  engine: DecisionEngine,
  args: ValidArgs<'alerts.decide'>,
  actor: string,
  /** The queue group decided as one (recorded on every alert's audit row). */
  group?: string,
): Promise<DecideResult> {
  const { store, catalogue } = engine;
  const fail = (why: string): never => {
    throw new InvalidRequestError('alerts.decide', why);
  };
  const A = catalogue.actions.length;
  if (args.action !== undefined && args.action >= A)
    fail(`action ${args.action} is not in the catalogue (0..${A - 1})`);
  // Read, check and write in one transaction: on a shared database another analyst's decision
  // lands either wholly before it (and is seen) or after it, never between the read and the write.
  const {
    value: { auditIds, missing, targets, firsts },
    changes,
  } = store.write(() => {
    const missing: number[] = [];
    const targets: Target[] = [];
    const classesOf = new Map<number, string[]>();
    for (const id of new Set(args.alertIds)) {
      const core = store.engine.alertCore(id);
      if (!core) {
        missing.push(id);
        continue;
      }
      let classNames = classesOf.get(core.detector_id);
      if (!classNames) {
        classNames = JSON.parse(
          store.getDetector(core.detector_id)?.class_names ?? '[]',
        ) as string[];
        classesOf.set(core.detector_id, classNames);
      }
      const rec = store.engine.getRecommendation(id);
      const trueClass = args.trueClass ?? core.predicted_class;
      if (!classNames.includes(trueClass))
        fail(
          `true class ${trueClass} is not one of the detector's classes (${classNames.join(', ')})`,
        );
      const action = args.decision === 'override' ? args.action! : rec?.action;
      if (action === undefined)
        fail(`alert ${id} has no recommendation to approve yet: override it with an action`);
      targets.push({ core, rec, action: action!, trueClass, classNames });
    }
    if (args.expectStatus !== undefined) conflicts(engine, targets, args.expectStatus);
    const firsts = targets.filter((t) => t.core.status === 'pending');
    const counts = signatureCounts(engine, firsts);
    const auditIds = store.engine.recordDecisions(
      targets.map((t) => toWrite(engine, args, actor, t, group)),
    );
    store.updateSignatureCounts(counts);
    return { auditIds, missing, targets, firsts };
  });
  announceAlertChanges(engine.events, changes);
  const kgVersion = await learn(engine, firsts);
  return { decided: targets.length, missing, auditIds, kgVersion };
}

/** The fresh state of an alert someone else decided, as a conflict reports it. */
export interface DecidedElsewhere {
  alertId: number;
  status: string;
  actor: string | null;
  at: string | null;
  kind: string | null;
}

/**
 * Refuse (nothing written) when any target's status is no longer the one the analyst saw,
 * naming who decided it and when.
 */
function conflicts(engine: DecisionEngine, targets: readonly Target[], expected: string): void {
  const moved = targets.filter((t) => t.core.status !== expected);
  if (moved.length === 0) return;
  const state: DecidedElsewhere[] = moved.map((t) => {
    const last = engine.store.engine.decisionsOf(t.core.id).at(-1);
    return {
      alertId: t.core.id,
      status: t.core.status,
      actor: last?.actor ?? null,
      at: last?.at ?? null,
      kind: last?.kind ?? null,
    };
  });
  const first = state[0]!;
  const who = first.actor ? ` by ${first.actor}${first.at ? ` at ${first.at}` : ''}` : '';
  const more = state.length > 1 ? ` (and ${state.length - 1} more of the ${targets.length})` : '';
  throw new ConflictError(
    'alerts.decide',
    `conflict: alert ${first.alertId} is already ${first.status}${who}${more}; ` +
      `you saw it ${expected}. Nothing was recorded: review the fresh state and decide again.`,
    state,
  );
}

function toWrite(
  engine: DecisionEngine,
  args: ValidArgs<'alerts.decide'>,
  actor: string,
  t: Target,
  group: string | undefined,
): DecisionWrite {
  const actions = engine.catalogue.actions;
  const advice = t.rec ? engine.store.engine.getAdvice(t.rec.advice_id) : undefined;
  return {
    datasetId: t.core.dataset_id,
    decision: {
      alertId: t.core.id,
      actor,
      kind: args.decision,
      recommended: t.rec?.action ?? null,
      action: t.action,
      trueClass: t.trueClass,
      note: args.note,
    },
    status: args.decision === 'approve' ? 'approved' : 'overridden',
    audit: {
      action: `alert.${args.decision}`,
      subject: `alert:${t.core.id}`,
      detail: {
        previousStatus: t.core.status,
        predictedClass: t.core.predicted_class,
        trueClass: t.trueClass,
        recommended: t.rec
          ? {
              action: actions[t.rec.action]?.id,
              probability: t.rec.prob,
              policyId: t.rec.policy_id,
              advisor: advice?.advisor,
              adviceAction: advice ? actions[advice.action]?.id : undefined,
              kgVersion: advice?.kg_version,
            }
          : null,
        decided: actions[t.action]?.id,
        note: args.note,
        ...(group === undefined ? {} : { group }),
      },
    },
  };
}

/**
 * New N/C (and counts by true class) of each signature decided on for the first time; the
 * disposition is the flow's true class. A flow counts once (N never exceeds the flows seen): an
 * unlabelled flow, or a labelled one no load counted (outside the detector's split), adds one; a
 * test-split flow the load already counted with its stored label moves that count when the
 * analyst names another class, else changes nothing; a training-split flow (a calibration flow
 * already counted, or one the tree grew on, which B must not count) changes nothing.
 */
function signatureCounts(
  engine: DecisionEngine,
  firsts: readonly Target[],
): { id: number; n: number; c: number; trueCounts: string | null }[] {
  type Counts = { id: number; n: number; c: number; classes: number[] | null; names: string[] };
  const out = new Map<number, Counts>();
  for (const t of firsts) {
    const id = t.core.signature_id;
    let s = out.get(id);
    if (!s) {
      const sig = engine.store.getSignature(id);
      if (!sig) continue;
      const classes = parseTrueCounts(sig.true_counts, t.classNames.length);
      out.set(id, (s = { id, n: sig.n, c: sig.c, classes, names: t.classNames }));
    }
    const stored = engine.store.engine.storedLabelOf(t.core.id);
    const label = stored?.label ?? null;
    const predicted = t.core.predicted_class;
    if (label === null || stored?.split === null) {
      s.n++;
      if (t.trueClass === predicted) s.c++;
      bump(s, t.trueClass, 1);
    } else if (stored?.split === 'test' && label !== t.trueClass && s.names.includes(label)) {
      if (label === predicted) s.c--;
      if (t.trueClass === predicted) s.c++;
      bump(s, label, -1);
      bump(s, t.trueClass, 1);
    }
  }
  return [...out.values()].map((s) => ({
    id: s.id,
    n: s.n,
    c: s.c,
    trueCounts: s.classes ? JSON.stringify(s.classes) : null,
  }));
}

function bump(s: { classes: number[] | null; names: string[] }, cls: string, by: number): void {
  const i = s.names.indexOf(cls);
  if (s.classes && i >= 0) s.classes[i] = Math.max(0, (s.classes[i] ?? 0) + by);
}

/** KG experience from first decisions, a snapshot, and fresh pending recommendations. */
async function learn(engine: DecisionEngine, firsts: readonly Target[]): Promise<number | null> {
  let version: number | null = null;
  const byDetector = new Map<number, Target[]>();
  for (const t of firsts) {
    const list = byDetector.get(t.core.detector_id) ?? [];
    list.push(t);
    byDetector.set(t.core.detector_id, list);
  }
  for (const [detectorId, list] of byDetector) {
    const live = await engine.liveFor(detectorId);
    if (!live) continue;
    const exps: Experience[] = [];
    for (const t of list) {
      const leaf = live.leafOf.get(t.core.signature_id);
      if (leaf === undefined || !engine.catalogue.ranked[t.trueClass]) continue;
      exps.push({
        predictedClass: t.core.predicted_class,
        trueClass: t.trueClass,
        signature: leaf,
        confidence: t.core.conf_mean,
        action: t.action,
        reward: reward(engine.catalogue, t.trueClass, t.action),
      });
    }
    version = live.kg.update(exps);
    engine.saveGraph(live);
    const byDataset = new Map<number, Set<number>>();
    for (const t of list) {
      const set = byDataset.get(t.core.dataset_id) ?? new Set<number>();
      set.add(t.core.signature_id);
      byDataset.set(t.core.dataset_id, set);
    }
    for (const [datasetId, sigs] of byDataset) {
      const refreshed = await engine.refreshPending(live, datasetId, [...sigs]);
      if (refreshed.length > 0)
        engine.events.emit('alerts.changed', { datasetId, alertIds: refreshed });
    }
  }
  return version;
}
