/**
 * The executed (and rejected) response steps, oldest first, as written with their audit rows: each
 * with what the planner predicted beside what was observed (the analyst's answers, later traffic,
 * or nothing yet), a contradicted prediction marked.
 */
import type { IncidentStepView } from '../../../shared/contract';
import { formatTime, formatWhen } from '../format';
import { actionText, contradicts, DECISION_WORDS, yesNo } from './incidentText';

/** The verdict of a step's observation against its prediction. */
function Verdict({ step }: { step: IncidentStepView }) {
  const o = step.observation;
  if (o.mismatch === true)
    return (
      <div className="inc-verdict bad" data-testid="history-verdict">
        ✗ prediction contradicted: the hypotheses were rescored
      </div>
    );
  if (o.mismatch === false)
    return (
      <div className="inc-verdict ok" data-testid="history-verdict">
        ✓ prediction held
      </div>
    );
  return null;
}

/** Question by question: expected (under which hypothesis) against the analyst's answer. */
function AnswerTable({ step }: { step: IncidentStepView }) {
  const expected = step.prediction?.answers ?? [];
  const given = step.observation.answers;
  const answered = step.observation.kind === 'answers';
  const questions = [
    ...new Set([...expected.map((a) => a.question), ...given.map((a) => a.question)]),
  ];
  if (questions.length === 0) return null;
  return (
    <table className="inc-table inc-answers">
      <thead>
        <tr>
          <th>Question</th>
          <th>Predicted</th>
          <th>Answered</th>
        </tr>
      </thead>
      <tbody>
        {questions.map((q) => {
          const e = expected.find((a) => a.question === q);
          const a = given.find((x) => x.question === q);
          const off = !!(e && a && contradicts(a.answer, e.expected));
          return (
            <tr
              key={q}
              data-testid="history-answer"
              data-question={q}
              data-expected={e ? yesNo(e.expected) : ''}
              data-answer={a?.answer ?? ''}
              data-mismatch={off}
              className={off ? 'mismatch' : undefined}
              title={e?.text}
            >
              <td className="mono">{q}</td>
              <td>{e ? `${yesNo(e.expected)} (${e.under})` : '—'}</td>
              <td>{a ? a.answer : answered ? 'not answered' : 'not yet'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One step. */
function HistoryStep({ s, stageNames }: { s: IncidentStepView; stageNames: string[] }) {
  const o = s.observation;
  return (
    <li
      data-testid="history-step"
      data-step={s.step}
      data-decision={s.decision}
      data-audit-id={s.auditId}
      data-observation={o.kind}
      data-mismatch={o.mismatch === null ? '' : String(o.mismatch)}
      className={o.mismatch ? 'mismatch' : undefined}
    >
      <div>
        <span className="mono muted">#{s.step}</span>{' '}
        {/* Decided on the analyst's clock, not the capture's: always with its day. */}
        <span className="mono muted" title={formatTime(s.at)}>
          {formatWhen(s.at, true)}
        </span>{' '}
        <b>{s.actor}</b> {DECISION_WORDS[s.decision]}:{' '}
        <span className="mono" data-testid="history-action">
          {s.decision === 'reject' ? actionText(s.recommended) : actionText(s.action)}
        </span>
      </div>
      {s.decision === 'edit' && s.recommended && (
        <div className="muted">instead of {actionText(s.recommended)}</div>
      )}
      <div className="muted small" data-testid="history-feedback">
        {s.feedback}
      </div>
      {s.note && (
        <div className="note" data-testid="history-note">
          “{s.note}”
        </div>
      )}
      {s.decision !== 'reject' && (
        <div className="inc-pred-obs">
          <div data-testid="history-prediction">
            <span className="muted small">Predicted</span>
            <div>{s.prediction?.text ?? (s.expected || '—')}</div>
          </div>
          <div data-testid="history-observation" data-kind={o.kind}>
            <span className="muted small">
              Observed{o.actor ? ` (${o.actor}${o.auditId ? `, audit #${o.auditId}` : ''})` : ''}
            </span>
            <div>{o.text}</div>
          </div>
        </div>
      )}
      <AnswerTable step={s} />
      <Verdict step={s} />
      <div className="muted small">
        stages after:{' '}
        <span data-testid="history-stages">
          {stageNames.filter((_, i) => s.stages[i]).join(', ') || 'none'}
        </span>{' '}
        · <span data-testid="history-audit">audit #{s.auditId}</span>
      </div>
    </li>
  );
}

/** The history section. */
export function IncidentHistory({
  history,
  stageNames,
}: {
  history: IncidentStepView[];
  stageNames: string[];
}) {
  return (
    <section className="dsec" data-testid="incident-history">
      <h4>History: prediction and observation</h4>
      {history.length === 0 ? (
        <p className="muted">No steps yet.</p>
      ) : (
        <ol className="history">
          {history.map((s) => (
            <HistoryStep key={`${s.step}-${s.auditId}`} s={s} stageNames={stageNames} />
          ))}
        </ol>
      )}
    </section>
  );
}
