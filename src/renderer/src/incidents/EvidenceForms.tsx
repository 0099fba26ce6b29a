/**
 * Open evidence forms: an executed evidence step (collect logs, say) asks the analyst what was
 * found. Each question is answered yes / no / unknown, with what every hypothesis expects beside
 * it; the answers (`incidents.answer`) are the step's observation and rescore the hypotheses.
 */
import { useState, type FormEvent } from 'react';
import {
  INCIDENT_ANSWERS,
  type IncidentDetail,
  type IncidentFormView,
} from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { yesNo } from './incidentText';

type Answer = (typeof INCIDENT_ANSWERS)[number];

/** Props of {@link EvidenceForms}. */
export interface EvidenceFormsProps {
  datasetId: number;
  incidentId: string;
  forms: IncidentFormView[];
  /** The leading hypothesis, marked among the expectations. */
  leading: string | null;
  /** The core's answer: the incident as it is now. */
  onAnswered(detail: IncidentDetail): void;
}

/** One form: a radio group per question, a note, and the submit. */
function EvidenceForm({
  form,
  leading,
  busy,
  onSubmit,
}: {
  form: IncidentFormView;
  leading: string | null;
  busy: boolean;
  onSubmit(answers: Record<string, Answer>, note: string): void;
}) {
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [note, setNote] = useState('');
  const answered = Object.keys(answers).length;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!busy && answered > 0) onSubmit(answers, note);
  };
  return (
    <form
      className="inc-form"
      data-testid="evidence-form"
      data-step={form.step}
      data-verb={form.verb}
      data-host={form.host}
      onSubmit={submit}
    >
      <div className="recline">
        <b>
          Step {form.step}: {form.verb} on <span className="mono">{form.host}</span>
        </b>{' '}
        <span className="muted small">what did it show?</span>
      </div>
      {form.questions.map((q) => (
        <fieldset key={q.id} data-testid="form-question" data-question={q.id}>
          <legend>{q.text}</legend>
          <div className="muted small">
            expected:{' '}
            {q.expected.map((x, i) => (
              <span
                key={x.hypothesis}
                data-testid="question-expected"
                data-hypothesis={x.hypothesis}
                data-value={yesNo(x.value)}
              >
                {i > 0 && ' · '}
                <b>{yesNo(x.value)}</b> under {x.hypothesis}
                {x.hypothesis === leading && ' (leading)'}
              </span>
            ))}
          </div>
          <div className="row" role="radiogroup" aria-label={q.text}>
            {INCIDENT_ANSWERS.map((v) => (
              <label key={v} className="check">
                <input
                  type="radio"
                  name={`form-${form.step}-${q.id}`}
                  value={v}
                  data-testid="form-answer"
                  data-value={v}
                  checked={answers[q.id] === v}
                  onChange={() => setAnswers((a) => ({ ...a, [q.id]: v }))}
                />
                {v}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <label className="field">
        <span className="muted">Note (what you looked at)</span>
        <input
          type="text"
          maxLength={2000}
          value={note}
          placeholder="log file, line, ticket…"
          data-testid="form-note"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="primary"
        data-testid="form-submit"
        disabled={busy || answered === 0}
        title={
          answered ? 'Record the answers as this step’s observation' : 'Answer a question first'
        }
      >
        {busy ? 'Saving…' : `Record ${answered} of ${form.questions.length} answers`}
      </button>
    </form>
  );
}

/** The forms section, keyed by incident by its parent; the last outcome stays after its form goes. */
export function EvidenceForms({
  datasetId,
  incidentId,
  forms,
  leading,
  onAnswered,
}: EvidenceFormsProps) {
  const client = useClient();
  const task = useTask<string>();
  const result = task.result ?? null;
  if (forms.length === 0 && !result && !task.error) return null;

  const submit = (step: number, answers: Record<string, Answer>, note: string): void => {
    void task.run(async () => {
      const next = await client.api['incidents.answer']({
        datasetId,
        incidentId,
        step,
        answers,
        note,
      });
      onAnswered(next);
      const obs = next.history.find((h) => h.step === step && h.decision !== 'reject')?.observation;
      const verdict =
        obs?.mismatch === true
          ? 'the prediction was contradicted'
          : obs?.mismatch === false
            ? 'the prediction held'
            : 'recorded';
      return `Answers to step ${step} recorded: ${verdict}${obs?.auditId ? ` · audit #${obs.auditId}` : ''}`;
    }, true);
  };

  return (
    <section className="dsec" data-testid="incident-forms">
      <h4>Evidence to record</h4>
      {forms.map((f) => (
        <EvidenceForm
          key={f.step}
          form={f}
          leading={leading}
          busy={task.busy !== null}
          onSubmit={(answers, note) => submit(f.step, answers, note)}
        />
      ))}
      {result && (
        <p className="ok" data-testid="form-result">
          ✓ {result}
        </p>
      )}
      {task.error && (
        <p className="error" data-testid="form-error">
          {task.error}
        </p>
      )}
    </section>
  );
}
