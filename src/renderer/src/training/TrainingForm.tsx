/** Choosing a method and its hyperparameters (defaults shown, ranges checked) and starting a run. */
import { useState } from 'react';
import type { RequestArgs } from '../../../shared/contract';
import {
  defaultValues,
  fieldError,
  fieldsOf,
  HIDDEN,
  METHODS,
  toConfig,
  type FormValues,
  type Method,
} from './fields';

/** Props of {@link TrainingForm}. */
export interface TrainingFormProps {
  datasetId: number | null;
  /** Another run is running or paused, or a request is on its way. */
  disabled: boolean;
  onStart(args: RequestArgs<'training.start'>): void;
}

/** The form; fields a method does not use are not shown (nor sent). */
export function TrainingForm({ datasetId, disabled, onStart }: TrainingFormProps) {
  const [method, setMethod] = useState<Method>('ppo-kg-pt');
  const [values, setValues] = useState<FormValues>(defaultValues);
  const [install, setInstall] = useState(false);
  const { fields, hidden } = fieldsOf(method);
  const checked = toConfig(method, values);
  const errors = checked.errors ?? {};
  const set = (key: keyof FormValues, text: string) => setValues((v) => ({ ...v, [key]: text }));

  return (
    <form
      className="panel training-form"
      data-testid="training-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.config && datasetId !== null)
          onStart({ datasetId, method, config: checked.config, install });
      }}
    >
      <h3>Method</h3>
      <div className="methods" role="radiogroup">
        {METHODS.map((m) => (
          <label key={m.id} className="method" data-testid={`training-method-${m.id}`}>
            <input
              type="radio"
              name="method"
              value={m.id}
              checked={method === m.id}
              onChange={() => setMethod(m.id)}
            />
            <b>{m.label}</b> <span className="muted">{m.doc}</span>
          </label>
        ))}
      </div>
      <h3>Hyperparameters</h3>
      <div className="fields">
        {fields.map((f) => {
          const err = fieldError(f, values[f.key]) ?? errors[f.key] ?? null;
          return (
            <label key={f.key} className={err ? 'field invalid' : 'field'} title={f.doc}>
              <span>{f.label}</span>
              <input
                type="text"
                inputMode="decimal"
                value={values[f.key]}
                data-testid={`training-field-${f.key}`}
                aria-invalid={err !== null}
                onChange={(e) => set(f.key, e.target.value)}
              />
              <span className="muted small">
                {err ? <span className="error">{err}</span> : `default ${f.default}`}
              </span>
            </label>
          );
        })}
        {hidden && (
          <label className={errors['hidden'] ? 'field invalid' : 'field'} title={HIDDEN.doc}>
            <span>{HIDDEN.label}</span>
            <input
              type="text"
              value={values.hidden}
              data-testid="training-field-hidden"
              aria-invalid={errors['hidden'] !== undefined}
              onChange={(e) => set('hidden', e.target.value)}
            />
            <span className="muted small">
              {errors['hidden'] ? (
                <span className="error">{errors['hidden']}</span>
              ) : (
                `default ${HIDDEN.default.join(', ')}`
              )}
            </span>
          </label>
        )}
      </div>
      <label className="check install">
        <input
          type="checkbox"
          checked={install}
          data-testid="training-install"
          onChange={(e) => setInstall(e.target.checked)}
        />
        Install the trained policy for this dataset’s detector (new recommendations)
      </label>
      <div className="row">
        <button
          type="submit"
          className="primary"
          data-testid="training-start"
          disabled={disabled || datasetId === null || checked.config === null}
        >
          Start training
        </button>
        <button type="button" onClick={() => setValues(defaultValues())}>
          Reset to defaults
        </button>
        {datasetId === null && <span className="muted">Pick a dataset first.</span>}
      </div>
    </form>
  );
}
