/** Bulk approve of the ticked alerts, with one note shared by all of them. */
import { useState, type FormEvent } from 'react';
import type { DecideResult } from '../../../shared/contract';
import { useCoreMutation } from '../api/useCore';
import { formatInt } from '../format';

/** What a bulk approve did, in words. */
function approvedText(r: DecideResult): string {
  const missing = r.missing.length > 0 ? ` (${r.missing.length} no longer exist)` : '';
  return `Approved ${formatInt(r.decided)} alert${r.decided === 1 ? '' : 's'}${missing}`;
}

/** Props of {@link BulkBar}. */
export interface BulkBarProps {
  alertIds: number[];
  onClear(): void;
  /** Called after the core recorded the decisions. */
  onDecided(): void;
}

/** The bar; the outcome stays visible after the ticks are cleared. */
export function BulkBar({ alertIds, onClear, onDecided }: BulkBarProps) {
  const [note, setNote] = useState('');
  const decide = useCoreMutation('alerts.decide');
  const { busy, error } = decide;
  const result = decide.result ? approvedText(decide.result) : null;
  const n = alertIds.length;

  const approve = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (n === 0 || busy) return;
    if (!(await decide.run({ alertIds, decision: 'approve', note }))) return;
    setNote('');
    onClear();
    onDecided();
  };

  if (n === 0 && !result && !error) return null;
  return (
    <form className="bulkbar" data-testid="bulk-bar" onSubmit={(e) => void approve(e)}>
      {n > 0 && (
        <>
          <b data-testid="bulk-count">{formatInt(n)} selected</b>
          <input
            type="text"
            maxLength={2000}
            value={note}
            placeholder="Note for all of them (optional)"
            data-testid="bulk-note"
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="primary" data-testid="bulk-approve" disabled={busy}>
            {busy ? 'Approving…' : 'Approve selected'}
          </button>
          <button type="button" data-testid="bulk-clear" disabled={busy} onClick={onClear}>
            Clear
          </button>
        </>
      )}
      {result && (
        <span className="ok" role="status" data-testid="bulk-result">
          ✓ {result}
        </span>
      )}
      {error && (
        <span className="error" role="alert" data-testid="bulk-error">
          {error}
        </span>
      )}
    </form>
  );
}
