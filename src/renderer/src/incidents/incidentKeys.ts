/**
 * The Incidents screen's single-key commands: A approve, E edit, R reject the recommended step;
 * j / k and the arrow keys move in the list. None fires while the analyst types in a field, and
 * the arrows stay with a radio group (an evidence form's answers).
 */

/** What a key asks the screen to do. */
export type IncidentCommand = 'approve' | 'edit' | 'reject' | 'next' | 'prev';

/** The parts of a keyboard event the mapping reads. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The parts of an element that tell whether keys typed there are text. */
export interface FieldLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const COMMANDS: Record<string, IncidentCommand> = {
  a: 'approve',
  e: 'edit',
  r: 'reject',
  j: 'next',
  k: 'prev',
  ArrowDown: 'next',
  ArrowUp: 'prev',
};

/** Input types whose keys are not text (a checkbox, a button): shortcuts still work there. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range']);

/** The command of a key press, or null (another key, or with Ctrl / Meta / Alt). */
export function incidentCommand(e: KeyLike): IncidentCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return COMMANDS[e.key.length === 1 ? e.key.toLowerCase() : e.key] ?? null;
}

/** Whether keys pressed in this element are typing (text fields, pickers, editable content). */
export function isTypingIn(el: FieldLike | null): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase());
}

/** Whether the element moves with the arrow keys itself (a radio group), so they are not the list's. */
export function ownsArrows(el: FieldLike | null): boolean {
  return (
    (el?.tagName ?? '').toUpperCase() === 'INPUT' && (el?.type ?? '').toLowerCase() === 'radio'
  );
}

/** The next (step 1) or previous (-1) id in the list, staying at the ends; the first when none. */
export function stepId(
  ids: readonly string[],
  current: string | null,
  step: 1 | -1,
): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return ids[step > 0 ? 0 : ids.length - 1] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))] ?? null;
}
