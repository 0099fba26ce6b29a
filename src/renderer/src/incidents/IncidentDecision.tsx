/**
 * The recommended next step (or why the agent abstains) and the analyst's answer: Approve it, Edit
 * it (another candidate, or a free verb + target), or Reject it with a note. The confirmation line
 * appears only once the core has written the step and answered. The screen's A / E / R keys reach
 * the form through {@link IncidentCommands}.
 */
import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { IncidentDetail, RequestArgs } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { actionKey, actionText } from './incidentText';

/** Commands the screen's keyboard shortcuts send to the form. */
export interface IncidentCommands {
  approve(): void;
  /** Open the edit form with its action picker focused. */
  edit(): void;
  /** Reject with the note written; without one, focus the note (Enter there then rejects). */
  reject(): void;
}

/** Props of {@link IncidentDecision}. */
export interface IncidentDecisionProps {
  datasetId: number;
  detail: IncidentDetail;
  /** The core's answer to a decision: the incident as it is now. */
  onDecided(detail: IncidentDetail): void;
  ref?: Ref<IncidentCommands>;
}

/** The value of the edit picker's free-entry option. */
const OTHER = '__other__';

/** The form; keyed by incident by its parent, so nothing carries over to the next incident. */
export function IncidentDecision({ datasetId, detail, onDecided, ref }: IncidentDecisionProps) {
  const client = useClient();
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState('');
  const [verb, setVerb] = useState('');
  const [target, setTarget] = useState('');
  const task = useTask<string>();
  const { error } = task;
  const busy = task.busy !== null;
  const result = task.result ?? null;
  // R without a note: the note has the focus and Enter there rejects.
  const [rejectArmed, setRejectArmed] = useState(false);
  // Bumped by E: focuses the picker even when the form is already open.
  const [editFocus, setEditFocus] = useState(0);
  const noteInput = useRef<HTMLInputElement>(null);
  const editChoice = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (editing) editChoice.current?.focus();
  }, [editing, editFocus]);

  const rec = detail.recommended;
  const finished = detail.summary.state === 'recovered' || detail.summary.state === 'closed';
  const candidates = detail.candidates.map((c) => c.action);

  const send = (
    args: Omit<RequestArgs<'incidents.decide'>, 'datasetId' | 'incidentId'>,
  ): Promise<unknown> =>
    task.run(async () => {
      const next = await client.api['incidents.decide']({
        datasetId,
        incidentId: detail.summary.id,
        ...args,
      });
      setNote('');
      setEditing(false);
      setRejectArmed(false);
      onDecided(next);
      const step = next.history[next.history.length - 1];
      return step
        ? `Step ${step.step} ${step.decision === 'reject' ? 'rejected' : step.decision === 'edit' ? 'edited and run' : 'approved and run'}: ${step.feedback} · audit #${step.auditId}`
        : 'Recorded.';
    }, true);

  const approve = (): void => {
    if (!busy && rec) void send({ decision: 'approve', note });
  };
  const reject = (): void => {
    if (!busy && rec && note.trim()) void send({ decision: 'reject', note });
  };
  const editAction = (): { verb: string; target: string | null } | null => {
    if (choice === OTHER) {
      const v = verb.trim();
      return v ? { verb: v, target: target.trim() || null } : null;
    }
    const picked = candidates.find((a) => actionKey(a) === choice);
    return picked ? { verb: picked.verb, target: picked.target } : null;
  };
  const submitEdit = (e: FormEvent): void => {
    e.preventDefault();
    const action = editAction();
    if (!busy && action) void send({ decision: 'edit', action, note });
  };

  useImperativeHandle(ref, () => ({
    approve,
    edit: () => {
      if (finished) return;
      setEditing(true);
      setEditFocus((n) => n + 1);
    },
    reject: () => {
      if (finished || !rec) return;
      if (note.trim()) reject();
      else {
        setRejectArmed(true);
        noteInput.current?.focus();
      }
    },
  }));

  const onNoteKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      // Leave the field so the single-key commands work again.
      e.preventDefault();
      setRejectArmed(false);
      e.currentTarget.blur();
    } else if (e.key === 'Enter' && rejectArmed) {
      e.preventDefault();
      reject();
    }
  };

  return (
    <section className="dsec decide" data-testid="incident-decision">
      <h4>Next step</h4>
      {rec ? (
        <div data-testid="incident-recommended" data-action={actionKey(rec.action)}>
          <div className="recline">
            <span className="label muted">Recommended</span>
            <b className="rec-name">{actionText(rec.action)}</b>
            <span className="mono muted" title="Cost">
              cost {rec.action.cost}
            </span>
          </div>
          <div className="muted" data-testid="incident-expected">
            expects: {rec.expected}
          </div>
        </div>
      ) : detail.abstainReason ? (
        <p className="warn" data-testid="incident-abstain">
          The agent asks you: {detail.abstainReason}
        </p>
      ) : (
        <p className="ok" data-testid="incident-finished">
          {finished ? `Incident ${detail.summary.state}: nothing left to do.` : 'No proposal.'}
        </p>
      )}
      {!finished && (
        <>
          <label className="field">
            <span className="muted">
              {rejectArmed
                ? 'Why reject it? Enter rejects, Esc leaves the note'
                : 'Note (needed to reject)'}
            </span>
            <input
              ref={noteInput}
              type="text"
              maxLength={2000}
              value={note}
              placeholder="Why, ticket number…"
              data-testid="incident-note"
              data-reject-armed={rejectArmed}
              onChange={(e) => setNote(e.target.value)}
              onKeyDown={onNoteKey}
            />
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="incident-approve"
              disabled={busy || !rec}
              title={rec ? 'Run the recommended step (A)' : 'Nothing to approve: edit instead'}
              aria-keyshortcuts="A"
              onClick={approve}
            >
              {busy ? 'Saving…' : 'Approve'} <kbd>A</kbd>
            </button>
            <button
              type="button"
              data-testid="incident-edit"
              disabled={busy}
              aria-expanded={editing}
              aria-keyshortcuts="E"
              title="Run another action instead (E)"
              onClick={() => setEditing((v) => !v)}
            >
              Edit… <kbd>E</kbd>
            </button>
            <button
              type="button"
              data-testid="incident-reject"
              disabled={busy || !rec || !note.trim()}
              title={
                note.trim() ? 'Refuse the recommended step (R)' : 'Say why in the note first (R)'
              }
              aria-keyshortcuts="R"
              onClick={reject}
            >
              Reject <kbd>R</kbd>
            </button>
          </div>
          {editing && (
            <form
              className="override"
              data-testid="incident-edit-form"
              onSubmit={submitEdit}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setEditing(false);
                }
              }}
            >
              <label className="field">
                <span className="muted">Run instead</span>
                <select
                  ref={editChoice}
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
                  disabled={busy || editAction() === null}
                >
                  Run this step
                </button>
                <button type="button" onClick={() => setEditing(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {result && (
        <p className="ok" data-testid="incident-result">
          ✓ {result}
        </p>
      )}
      {error && (
        <p className="error" data-testid="incident-error">
          {error}
        </p>
      )}
    </section>
  );
}
