/**
 * The Incidents screen's keyboard: a window listener while the screen is mounted, so the keys work
 * wherever the focus is on the screen (or nowhere), except while typing in a field, inside a modal
 * (the print view), in the header, or when something else already handled the key (the list
 * handles its own arrows); the arrows stay with a focused radio button.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { incidentCommand, isTypingIn, ownsArrows, type IncidentCommand } from './incidentKeys';

/** Listen for the screen's single-key commands within `scope`; `run` may change between renders. */
export function useIncidentKeys(
  scope: RefObject<HTMLElement | null>,
  run: (command: IncidentCommand) => void,
): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const command = incidentCommand(e);
      // A held key repeats a move, never a decision.
      if (!command || (e.repeat && command !== 'next' && command !== 'prev')) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      const onScreen = el === null || el === document.body || !!scope.current?.contains(el);
      if (!onScreen || isTypingIn(el) || el?.closest('[aria-modal="true"]')) return;
      if (e.key.startsWith('Arrow') && ownsArrows(el)) return;
      e.preventDefault();
      latest.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scope]);
}
