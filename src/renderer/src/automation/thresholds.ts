/** The auto-approve form's data: one switch and threshold text per class, and its validation. */
import type { AppInfo, AutoApproveSettings } from '../../../shared/contract';

/** Lowest threshold the core accepts (Beta confidence mean). */
export const MIN_THRESHOLD = 0.5;
/** Highest threshold (approve only at full confidence). */
export const MAX_THRESHOLD = 1;
/** Granularity of the threshold input. */
export const THRESHOLD_STEP = 0.01;
/** What a class's threshold starts at when it is switched on with no value yet. */
export const DEFAULT_ON_THRESHOLD = '0.95';

/** One class's row: whether auto-approve is on, and the threshold as typed. */
export interface ClassDraft {
  on: boolean;
  text: string;
}

/** The form, by class name. */
export type Draft = Record<string, ClassDraft>;

/** The classes to list: app.info's, then any the catalogue or the saved settings add. */
export function panelClasses(info: AppInfo, saved: AutoApproveSettings): string[] {
  const all = [...info.classes, ...Object.keys(info.ranked), ...Object.keys(saved.thresholds)];
  return [...new Set(all)];
}

/** A saved value as the input shows it: two decimals when that is exact, else as stored. */
function thresholdText(v: number): string {
  return Number(v.toFixed(2)) === v ? v.toFixed(2) : String(v);
}

/** The form as the saved settings say (absent or null: off). */
export function draftFrom(classes: string[], saved: AutoApproveSettings): Draft {
  const draft: Draft = {};
  for (const c of classes) {
    const t = saved.thresholds[c];
    draft[c] =
      typeof t === 'number' ? { on: true, text: thresholdText(t) } : { on: false, text: '' };
  }
  return draft;
}

/** Why a threshold as typed is refused, or null when it is acceptable. */
export function thresholdProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'Enter a threshold between 0.50 and 1.00.';
  const v = Number(t);
  if (!Number.isFinite(v)) return `“${t}” is not a number.`;
  if (v < MIN_THRESHOLD || v > MAX_THRESHOLD)
    return `${t} is outside 0.50–1.00 (the Beta confidence mean).`;
  if (Math.abs(v / THRESHOLD_STEP - Math.round(v / THRESHOLD_STEP)) > 1e-9)
    return `Use steps of 0.01 (e.g. ${v.toFixed(2)}).`;
  return null;
}

/** The problem of each switched-on class whose threshold is refused. */
export function draftProblems(draft: Draft): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [c, d] of Object.entries(draft)) {
    const p = d.on ? thresholdProblem(d.text) : null;
    if (p) problems[c] = p;
  }
  return problems;
}

/**
 * The `autoApprove.set` thresholds of a valid draft: a number per switched-on class, null per
 * switched-off one. A class the core does not know (`known`) is left out when off, since the core
 * refuses unknown names and an absent class is off anyway.
 */
export function draftThresholds(
  draft: Draft,
  known: ReadonlySet<string>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [c, d] of Object.entries(draft)) {
    if (d.on) out[c] = Number(d.text.trim());
    else if (known.has(c)) out[c] = null;
  }
  return out;
}
