/**
 * Optional auto-approval, per predicted class, off by default: a freshly recommended pending alert
 * whose signature confidence (Beta mean) is at or above its class's threshold is approved as
 * recommended, with decision kind 'auto' and an automatic audit row — unless the recommendation
 * is flagged "needs review" (high risk, thin evidence or a novel flow): the console never acts
 * alone where it says an analyst should look. Automatic approvals are not
 * analyst labels, so they do not feed N/C or the KG (the system would be teaching itself).
 */
import {
  InvalidRequestError,
  type AutoApproveSettings,
  type ValidArgs,
} from '../../../shared/contract';
import type { DecisionWrite } from '../../store/engineStore';
import { announceAlertChanges } from '../hub/storeEvents';
import type { DecisionEngine } from './engine';

const SETTING = 'autoApprove';
/** Who automatic decisions are recorded as. */
export const AUTO_ACTOR = 'rampart:auto-approve';

/** Reads and applies the per-class thresholds. */
export class AutoApprover {
  private thresholds: Record<string, number | null>;

  constructor(private readonly engine: DecisionEngine) {
    this.thresholds =
      engine.store.engine.getSetting<AutoApproveSettings>(SETTING)?.thresholds ?? {};
    engine.afterRecommend = (ids) => this.apply(ids);
  }

  /** The thresholds in force (classes absent or null: off). */
  get(): AutoApproveSettings {
    return { thresholds: { ...this.thresholds } };
  }

  /** Replace the thresholds (audited as `actor`'s); applies to recommendations made from now on. */
  set(args: ValidArgs<'autoApprove.set'>, actor: string): AutoApproveSettings {
    const known = Object.keys(this.engine.catalogue.ranked);
    for (const cls of Object.keys(args.thresholds))
      if (!known.includes(cls))
        throw new InvalidRequestError(
          'autoApprove.set',
          `unknown class ${cls} (${known.join(', ')})`,
        );
    const before = this.thresholds;
    const thresholds = { ...args.thresholds };
    const store = this.engine.store;
    store.transaction(() => {
      store.engine.putSetting(SETTING, { thresholds });
      store.appendAudit({
        actor,
        action: 'settings.autoApprove',
        detail: { before, thresholds },
      });
    });
    this.thresholds = thresholds;
    return this.get();
  }

  /** Approve the qualifying alerts among `alertIds`; returns the ids approved. */
  apply(alertIds: readonly number[]): number[] {
    const active = Object.entries(this.thresholds).filter(([, t]) => t !== null);
    if (active.length === 0 || alertIds.length === 0) return [];
    const store = this.engine.store;
    const rows = store.engine.recommendedPendingAlerts(alertIds);
    const actions = this.engine.catalogue.actions;
    const writes: DecisionWrite[] = [];
    for (const r of rows) {
      const t = this.thresholds[r.predicted_class];
      if (t === null || t === undefined || r.conf_mean < t || r.needs_review === 1) continue;
      writes.push({
        datasetId: r.dataset_id,
        decision: {
          alertId: r.id,
          actor: AUTO_ACTOR,
          kind: 'auto',
          recommended: r.action,
          action: r.action,
          trueClass: null,
          note: `confidence ${r.conf_mean.toFixed(3)} ≥ ${t} for ${r.predicted_class}`,
        },
        status: 'auto',
        audit: {
          action: 'alert.auto-approve',
          subject: `alert:${r.id}`,
          detail: {
            predictedClass: r.predicted_class,
            confidence: r.conf_mean,
            threshold: t,
            recommended: { action: actions[r.action]?.id, probability: r.prob },
            decided: actions[r.action]?.id,
          },
        },
      });
    }
    if (writes.length === 0) return [];
    const { changes } = store.write(() => store.engine.recordDecisions(writes));
    announceAlertChanges(this.engine.events, changes);
    return writes.map((w) => w.decision.alertId);
  }
}
