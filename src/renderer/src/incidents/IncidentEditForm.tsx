/**
 * The Edit form of a decision: run one of the candidates instead of the recommendation, or a free
 * verb + target (the core checks it against the incident's own entities). Esc closes it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IncidentActionView } from '../../../shared/contract';
import { actionKey, actionText } from './incidentText';

/** The value of the picker's free-entry option. */
export const OTHER = '__other__';

/** Props of {@link IncidentEditForm}. */
export interface IncidentEditFormProps {
  candidates: IncidentActionView[];
  busy: boolean;
  /** Bumped by the E key: focuses the picker even when the form is already open. */
  focusToken: number;
  onRun(action: { verb: string; target: string | null }): void;
  onClose(): void;
}

/** The form; its choice and free entry live as long as it is open. */
export function IncidentEditForm({
  candidates,
  busy,
  focusToken,
  onRun,
  onClose,
}: IncidentEditFormProps) {
  const [choice, setChoice] = useState('');
  const [verb, setVerb] = useState('');
  const [target, setTarget] = useState('');
  const picker = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    picker.current?.focus();
  }, [focusToken]);

  const action = (): { verb: string; target: string | null } | null => {
    if (choice === OTHER) {
      const v = verb.trim();
      return v ? { verb: v, target: target.trim() || null } : null;
    }
    const picked = candidates.find((a) => actionKey(a) === choice);
    return picked ? { verb: picked.verb, target: picked.target } : null;
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const a = action();
    if (!busy && a) onRun(a);
  };

  return (
    <form
      className="override"
      data-testid="incident-edit-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <label className="field">
        <span className="muted">Run instead</span>
        <select
          ref={picker}
          data-testid="incident-edit-choice"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">Pick an action…</option>
          {candidates.map((a) => (
            <option key={actionKey(a)} value={actionKey(a)}>
              {actionText(a)}
            </option>
          ))}
          <option value={OTHER}>Other verb and target…</option>
        </select>
      </label>
      {choice === OTHER && (
        <div className="row">
          <input
            type="text"
            maxLength={64}
            placeholder="verb, e.g. isolate-host"
            data-testid="incident-edit-verb"
            value={verb}
            onChange={(e) => setVerb(e.target.value)}
          />
          <input
            type="text"
            maxLength={200}
            placeholder="target (empty: none)"
            data-testid="incident-edit-target"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        </div>
      )}
      <div className="row">
        <button
          type="submit"
          className="primary"
          data-testid="incident-edit-submit"
          disabled={busy || action() === null}
        >
          Run this step
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
