/**
 * Choosing the detector that scores data: what each stored detector is (the load it was trained
 * on, its classes, its policy, its training-set warning), which one a feed or an unlabelled load
 * gets by default (the newest that needs no confirmation, never silently one that does), and the
 * analyst's confirmation of a detector that failed the check.
 */
import { InvalidRequestError, type DetectorInfo, type RequestName } from '../../../shared/contract';
import type { DetectorHeader } from '../../store/detectorChoice';
import type { Store } from '../../store/store';
import { checkTrainingSet, checkWarning, failsCheck, type TrainingCheck } from './trainingCheck';

/** A detector header as the console shows it. */
function toInfo(store: Store, h: DetectorHeader): DetectorInfo {
  const check = h.training_check === null ? null : (JSON.parse(h.training_check) as TrainingCheck);
  const policy = store.engine.policyHeader({ detectorId: h.id });
  const failed = check !== null && failsCheck(check);
  return {
    id: h.id,
    datasetId: h.dataset_id,
    datasetName: h.dataset_name,
    createdAt: h.created_at,
    classes: check ? Object.keys(check.rowsByClass) : (JSON.parse(h.class_names) as string[]),
    rowsByClass: check ? check.rowsByClass : null,
    policy: policy ? { id: policy.id, method: policy.method, createdAt: policy.created_at } : null,
    needsConfirmation: failed && h.confirmed_at === null,
    warning: check ? checkWarning(check, h.id, h.confirmed_by ?? undefined) : null,
    confirmed: h.confirmed_at !== null ? { by: h.confirmed_by ?? '', at: h.confirmed_at } : null,
  };
}

/** One detector as DetectorInfo, or null when there is none with that id. */
export function detectorInfo(store: Store, detectorId: number | null): DetectorInfo | null {
  if (detectorId === null) return null;
  const h = store.detectorChoice.header(detectorId);
  return h ? toInfo(store, h) : null;
}

/** Every stored detector, newest first. */
export function listDetectors(store: Store): DetectorInfo[] {
  return store.detectorChoice.headers().map((h) => toInfo(store, h));
}

/** The default choice: the newest detector that needs no confirmation, and the newest of all. */
export function defaultDetector(store: Store): {
  usable: DetectorInfo | null;
  newest: DetectorInfo | null;
} {
  let usable: DetectorInfo | null = null;
  let newest: DetectorInfo | null = null;
  for (const h of store.detectorChoice.headers()) {
    const info = toInfo(store, h);
    newest ??= info;
    if (!info.needsConfirmation) {
      usable = info;
      break;
    }
  }
  return { usable, newest };
}

/**
 * The detector to score with: `chosen` when given (refused when missing or unconfirmed), else the
 * newest usable one. Refuses with the unconfirmed detector's warning when there is none usable.
 */
export function chooseDetector(
  store: Store,
  request: RequestName,
  chosen: number | undefined,
): DetectorInfo {
  const refuse = (why: string): never => {
    throw new InvalidRequestError(request, why);
  };
  if (chosen !== undefined) {
    const info = detectorInfo(store, chosen) ?? refuse(`there is no detector #${chosen}`);
    if (info.needsConfirmation)
      refuse(`${info.warning ?? `detector #${chosen} needs confirmation`} Confirm it first.`);
    return info;
  }
  const { usable, newest } = defaultDetector(store);
  if (usable) return usable;
  if (newest)
    return refuse(
      `${newest.warning ?? `detector #${newest.id} needs confirmation`} Confirm it, or load a labelled dataset with Benign flows.`,
    );
  return refuse(
    'no detector yet: load a labelled dataset (the demo dataset or a CICIDS CSV) to train one',
  );
}

/** Confirm a detector that failed its check, as `actor` (audited with the warning it overrides). */
export function confirmDetector(store: Store, detectorId: number, actor: string): DetectorInfo {
  const info = detectorInfo(store, detectorId);
  if (!info)
    throw new InvalidRequestError('detector.confirm', `there is no detector #${detectorId}`);
  if (!info.needsConfirmation) return info;
  store.detectorChoice.confirm(detectorId, actor, () =>
    store.appendAudit({
      actor,
      action: 'detector.confirm',
      subject: `detector:${detectorId}`,
      detail: { warning: info.warning, rowsByClass: info.rowsByClass },
    }),
  );
  return detectorInfo(store, detectorId)!;
}

/**
 * Run the training-set check for detectors stored before it existed (at start-up, once each), from
 * the labelled flows of the dataset each was trained on: an attack-only detector that an older
 * Rampart made the newest must not go on scoring feeds unnoticed after an upgrade.
 */
export function checkStoredDetectors(store: Store): number {
  const unchecked = store.detectorChoice.unchecked();
  for (const { id, dataset_id } of unchecked) {
    const names = JSON.parse(store.getDataset(dataset_id)?.class_names ?? '[]') as string[];
    const rows = Object.fromEntries(
      store.detectorChoice
        .labelledRowsByClass(dataset_id)
        .map(({ cls, n }) => [names[cls] ?? `#${cls}`, n]),
    );
    store.detectorChoice.setCheck(id, checkTrainingSet(rows));
  }
  return unchecked.length;
}
