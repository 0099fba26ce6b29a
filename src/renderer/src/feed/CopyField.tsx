/** A read-only value with a Copy button (falls back to selecting the text). */
import { useRef, useState } from 'react';

/** Props of {@link CopyField}. */
export interface CopyFieldProps {
  value: string;
  label: string;
  testId: string;
  /** Width of the field in characters. */
  size?: number;
}

/** Shows `value`; Copy puts it on the clipboard, or selects it where the clipboard is refused. */
export function CopyField({ value, label, testId, size = 24 }: CopyFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = (): void => {
    const fallback = (): void => {
      input.current?.select();
      setCopied('no');
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(value).then(() => setCopied('yes'), fallback);
  };
  return (
    <span className="row">
      <input
        ref={input}
        type="text"
        className="mono"
        readOnly
        value={value}
        size={size}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      <button type="button" data-testid={`${testId}-copy`} onClick={copy} title={`Copy ${label}`}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      {copied === 'no' && <span className="muted small">selected: press Ctrl+C</span>}
    </span>
  );
}
