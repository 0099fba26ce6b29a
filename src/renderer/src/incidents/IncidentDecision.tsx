/**
 * The recommended next step (RecommendedStep) and the analyst's answer: Approve it, Edit it
 * (IncidentEditForm: another candidate, or a free verb + target), or Reject it with a note. The
 * confirmation line appears only once the core has written the step and answered. The screen's
 * A / E / R keys reach the form through {@link IncidentCommands}.
 */
import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { IncidentDetail, RequestArgs } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { IncidentEditForm } from './IncidentEditForm';
import { RecommendedStep } from './RecommendedStep';

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

/** The form; keyed by incident by its parent, so nothing carries over to the next incident. */
export function IncidentDecision({ datasetId, detail, onDecided, ref }: IncidentDecisionProps) {
  const client = useClient();
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const task = useTask<string>();
  const { error } = task;
  const busy = task.busy !== null;
  const result = task.result ?? null;
  // R without a note: the note has the focus and Enter there rejects.
  const [rejectArmed, setRejectArmed] = useState(false);
  // Bumped by E: focuses the picker even when the form is already open.
  const [editFocus, setEditFocus] = useState(0);
  const noteInput = useRef<HTMLInputElement>(null);

  const rec = detail.recommended;
  // A recovered incident may still have a step to take (closing it, or evidence the plan wants):
  // only a closed one, or a recovered one with nothing proposed, takes no decision.
  const state = detail.summary.state;
  const finished = state === 'closed' || (state === 'recovered' && !rec && !detail.abstainReason);
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
      <RecommendedStep detail={detail} />
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
            <IncidentEditForm
              candidates={candidates}
              busy={busy}
              focusToken={editFocus}
              onRun={(action) => void send({ decision: 'edit', action, note })}
              onClose={() => setEditing(false)}
            />
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
