/** One class in the auto-approve form: its on/off switch, its threshold and why it is refused. */
import { ClassBadge } from '../components/ClassBadge';
import {
  DEFAULT_ON_THRESHOLD,
  MAX_THRESHOLD,
  MIN_THRESHOLD,
  THRESHOLD_STEP,
  type ClassDraft,
} from './thresholds';

/** Props of {@link ThresholdRow}. */
export interface ThresholdRowProps {
  cls: string;
  value: ClassDraft;
  /** Why the threshold is refused (null: acceptable or off). */
  problem: string | null;
  disabled: boolean;
  onChange(value: ClassDraft): void;
}

/** The row; a class switched on with no threshold yet starts at {@link DEFAULT_ON_THRESHOLD}. */
export function ThresholdRow({ cls, value, problem, disabled, onChange }: ThresholdRowProps) {
  const errorId = `automation-error-${cls}`;
  return (
    <li
      className={problem ? 'automation-row invalid' : 'automation-row'}
      data-testid="automation-row"
      data-class={cls}
      data-on={value.on}
    >
      <ClassBadge name={cls} />
      <label className="check">
        <input
          type="checkbox"
          role="switch"
          aria-checked={value.on}
          checked={value.on}
          disabled={disabled}
          data-testid="automation-switch"
          onChange={(e) =>
            onChange({
              on: e.target.checked,
              text: e.target.checked && value.text === '' ? DEFAULT_ON_THRESHOLD : value.text,
            })
          }
        />{' '}
        {value.on ? 'On' : 'Off'}
      </label>
      <label className="threshold">
        at confidence ≥{' '}
        <input
          type="number"
          min={MIN_THRESHOLD}
          max={MAX_THRESHOLD}
          step={THRESHOLD_STEP}
          inputMode="decimal"
          placeholder="0.95"
          aria-label={`Auto-approve threshold for ${cls}`}
          aria-invalid={problem !== null}
          aria-describedby={problem ? errorId : undefined}
          value={value.text}
          disabled={disabled || !value.on}
          data-testid="automation-threshold"
          onChange={(e) => onChange({ on: value.on, text: e.target.value })}
        />
      </label>
      {problem && (
        <span className="error small" id={errorId} role="alert" data-testid="automation-row-error">
          {problem}
        </span>
      )}
    </li>
  );
}
