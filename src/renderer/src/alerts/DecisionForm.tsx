/** Approve the recommendation in one click, or override it with another action and a disposition. */
import { useEffect, useImperativeHandle, useRef, useState, type FormEvent, type Ref } from 'react';
import type {
  AlertRow,
  DecideResult,
  RecommendationDetail,
  RequestArgs,
} from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { actionLabel, actionsForClass, type Catalogue } from '../catalogue';
import { dispositionText } from './DecisionHistory';

/** Commands the table's keyboard shortcuts send to the form. */
export interface DecisionCommands {
  approve(): void;
  override(): void;
}

/** The analyst's verdict on the flow. */
export type Disposition = 'tp' | 'fp' | 'other';

/** Props of {@link DecisionForm}. */
export interface DecisionFormProps {
  alert: AlertRow;
  recommendation: RecommendationDetail | null;
  catalogue: Catalogue;
  classes: string[];
  /** Called once a decision was recorded (the core answers after writing the audit row), with what it did. */
  onDecided(summary?: string): void;
  ref?: Ref<DecisionCommands>;
}

/** The form; keyed by alert id by its parent, so nothing carries over to the next alert. */
export function DecisionForm({
  alert,
  recommendation,
  catalogue,
  classes,
  onDecided,
  ref,
}: DecisionFormProps) {
  const client = useClient();
  const [note, setNote] = useState('');
  const [overriding, setOverriding] = useState(false);
  const [action, setAction] = useState<number | null>(null);
  const [disposition, setDisposition] = useState<Disposition>('tp');
  const [otherClass, setOtherClass] = useState('');
  const task = useTask<string>();
  const { error } = task;
  const busy = task.busy !== null;
  const result = task.result ?? null;
  const actionSelect = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (overriding) actionSelect.current?.focus();
  }, [overriding]);

  const trueClass: string | null =
    disposition === 'tp' ? alert.predictedClass : disposition === 'fp' ? 'Benign' : otherClass;

  const send = (args: RequestArgs<'alerts.decide'>, done: (r: DecideResult) => string) =>
    task.run(async () => {
      const r = await client.api['alerts.decide'](args);
      if (r.decided === 0) {
        onDecided();
        throw new Error(`Alert #${alert.id} no longer exists.`);
      }
      setOverriding(false);
      setNote('');
      const summary = done(r);
      onDecided(`Alert #${alert.id}: ${summary}`);
      return summary;
    }, true);

  const suffix = (r: DecideResult): string =>
    ` · audit #${r.auditIds.join(', #')}${r.kgVersion !== null ? ` · KG now v${r.kgVersion}` : ''}`;

  const approve = (): void => {
    if (busy || !recommendation) return;
    void send(
      { alertIds: [alert.id], decision: 'approve', note, expectStatus: alert.status },
      (r) => `Approved ${actionLabel(catalogue, recommendation.action)}${suffix(r)}`,
    );
  };

  const override = (): void => {
    if (busy || action === null || !trueClass) return;
    void send(
      {
        alertIds: [alert.id],
        decision: 'override',
        action,
        trueClass,
        note,
        expectStatus: alert.status,
      },
      (r) =>
        `Overridden with ${actionLabel(catalogue, action)}; ${dispositionText(trueClass, alert.predictedClass)}${suffix(r)}`,
    );
  };

  useImperativeHandle(ref, () => ({ approve, override: () => setOverriding(true) }));

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (overriding) override();
    else approve();
  };

  const noPolicy =
    'No recommendation to approve: no policy has been trained yet. Override instead.';
  return (
    <form
      className="dsec decide"
      data-testid="decision-form"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && overriding) {
          e.preventDefault();
          setOverriding(false);
        }
      }}
    >
      <label className="field">
        <span className="muted">Note (optional)</span>
        <input
          type="text"
          maxLength={2000}
          value={note}
          placeholder="Why, ticket number…"
          data-testid="decision-note"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {!overriding && (
        <div className="row">
          <button
            type="button"
            className="primary"
            data-testid="decision-approve"
            disabled={busy || !recommendation}
            title={recommendation ? 'Take the recommended action (key: A in the table)' : noPolicy}
            onClick={approve}
          >
            {busy ? 'Saving…' : 'Approve'}
          </button>
          <button
            type="button"
            data-testid="decision-override"
            disabled={busy}
            title="Take another action (key: O in the table)"
            onClick={() => setOverriding(true)}
          >
            Override…
          </button>
        </div>
      )}
      {overriding && (
        <div className="override" data-testid="override-form">
          <OverrideFields
            testIds={{
              action: 'override-action',
              disposition: 'override-disposition',
              cls: 'override-class',
            }}
            predictedClass={alert.predictedClass}
            recommended={recommendation?.action ?? null}
            catalogue={catalogue}
            classes={classes}
            action={action}
            onAction={setAction}
            disposition={disposition}
            onDisposition={setDisposition}
            otherClass={otherClass}
            onOtherClass={setOtherClass}
            actionRef={actionSelect}
          />
          <div className="row">
            <button
              type="submit"
              className="primary"
              data-testid="override-submit"
              disabled={busy || action === null || !trueClass}
            >
              {busy ? 'Saving…' : 'Submit override'}
            </button>
            <button
              type="button"
              data-testid="override-cancel"
              onClick={() => setOverriding(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className="ok" role="status" data-testid="decision-result">
          ✓ {result}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="decision-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** Props of {@link OverrideFields}. */
export interface OverrideFieldsProps {
  testIds: { action: string; disposition: string; cls: string };
  predictedClass: string;
  /** The recommended action (marked in the list); null when none. */
  recommended: number | null;
  catalogue: Catalogue;
  classes: string[];
  action: number | null;
  onAction(action: number | null): void;
  disposition: Disposition;
  onDisposition(d: Disposition): void;
  otherClass: string;
  onOtherClass(c: string): void;
  actionRef?: Ref<HTMLSelectElement>;
}

/**
 * The override's fields, for one alert or a queue group: the action taken (the predicted class's
 * ranked mitigations first, numbered) and the disposition (true / false positive or another class).
 */
export function OverrideFields({
  testIds,
  predictedClass,
  recommended,
  catalogue,
  classes,
  action,
  onAction,
  disposition,
  onDisposition,
  otherClass,
  onOtherClass,
  actionRef,
}: OverrideFieldsProps) {
  const { ranked, rest } = actionsForClass(catalogue, predictedClass);
  const others = classes.filter((c) => c !== predictedClass && c !== 'Benign');
  return (
    <>
      <label className="field">
        <span className="muted">Action taken</span>
        <select
          ref={actionRef}
          data-testid={testIds.action}
          value={action ?? ''}
          onChange={(e) => onAction(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">Choose an action…</option>
          {ranked.length > 0 && (
            <optgroup label={`Ranked for ${predictedClass}`}>
              {ranked.map((a, i) => (
                <option key={a.index} value={a.index}>
                  {i + 1}. {a.id} {a.name}
                  {a.index === recommended ? ' (recommended)' : ''}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={ranked.length > 0 ? 'Other actions' : 'Actions'}>
            {rest.map((a) => (
              <option key={a.index} value={a.index}>
                {a.id} {a.name}
                {a.index === recommended ? ' (recommended)' : ''}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field">
        <span className="muted">Disposition</span>
        <select
          data-testid={testIds.disposition}
          value={disposition}
          onChange={(e) => onDisposition(e.target.value as Disposition)}
        >
          <option value="tp">True positive (keeps {predictedClass})</option>
          <option value="fp">False positive (Benign)</option>
          <option value="other">Other class…</option>
        </select>
      </label>
      {disposition === 'other' && (
        <label className="field">
          <span className="muted">True class</span>
          <select
            data-testid={testIds.cls}
            value={otherClass}
            onChange={(e) => onOtherClass(e.target.value)}
          >
            <option value="">Choose a class…</option>
            {others.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
