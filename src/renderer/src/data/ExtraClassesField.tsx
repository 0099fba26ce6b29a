/**
 * The load's extra classes, as `rampart ingest --extra-classes` takes them: labels or excluded
 * groups (Bot, Heartbleed) to keep as classes of their own instead of skipping their rows. The
 * groups the last load skipped are offered as one-click choices.
 */
import { formatInt } from '../format';
import { parseExtraClasses } from './extraClasses';

/** Props of {@link ExtraClassesField}. */
export interface ExtraClassesFieldProps {
  /** The field's text: names separated by commas. */
  text: string;
  onChange(text: string): void;
  /** Rows the last load skipped per excluded group (LoadFinished.excluded). */
  skipped: Record<string, number>;
  disabled: boolean;
}

/** A text field plus a button per skipped group not named yet. */
export function ExtraClassesField({ text, onChange, skipped, disabled }: ExtraClassesFieldProps) {
  const { names, problem } = parseExtraClasses(text);
  const chosen = new Set(names.map((n) => n.toLowerCase()));
  const choices = Object.entries(skipped)
    .filter(([name]) => !chosen.has(name.toLowerCase()))
    .sort((a, b) => b[1] - a[1]);
  return (
    <div className="extra-classes" data-testid="extra-classes">
      <label>
        Extra classes{' '}
        <input
          type="text"
          data-testid="extra-classes-input"
          placeholder="e.g. Bot, Heartbleed"
          value={text}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p className="muted">
        Labels the class map skips by default (Bot, Heartbleed) are kept as classes of their own
        when named here, like <code>rampart ingest --extra-classes</code>.
      </p>
      {problem && (
        <p className="error" data-testid="extra-classes-error">
          {problem}
        </p>
      )}
      {choices.length > 0 && (
        <div className="row" data-testid="extra-class-choices">
          <span className="muted">Skipped by the last load:</span>
          {choices.map(([name, rows]) => (
            <button
              key={name}
              type="button"
              disabled={disabled}
              data-testid="extra-class-choice"
              data-class={name}
              title={`Keep ${name} rows as an extra class in the next load`}
              onClick={() => onChange(names.length ? `${names.join(', ')}, ${name}` : name)}
            >
              + {name} ({formatInt(rows)} rows)
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
