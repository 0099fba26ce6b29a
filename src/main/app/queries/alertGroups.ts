/** `alerts.groups`: a dataset's alerts grouped by signature, largest groups first. */
import type { AlertGroup, ValidArgs } from '../../../shared/contract';
import { betaSummary } from '../../domain/detector';
import type { Store } from '../../store/store';

/** Groups of the dataset's alerts (optionally of one status) with each signature's confidence now. */
export function alertGroups(store: Store, q: ValidArgs<'alerts.groups'>): AlertGroup[] {
  return store.reports.alertGroups(q).map((r) => ({
    signatureId: r.signature_id,
    signatureText: r.text,
    predictedClass: r.predicted_class,
    alerts: r.alerts,
    pending: r.pending,
    confidence: betaSummary(r.c, r.n, { alpha: r.alpha, beta: r.beta }),
    topAction: r.top_action,
  }));
}
