/** Outcome of a finished load: rows kept, rows skipped by reason, and the first examples. */
import type { LoadFinished } from '../../../shared/contract';
import { formatInt } from '../format';

/** Last path segment; uploads live in long temp folders that say nothing to the analyst. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Summary panel; `onViewAlerts` is offered when the load produced a dataset. */
export function JobSummary({ f, onViewAlerts }: { f: LoadFinished; onViewAlerts(): void }) {
  const status = f.cancelled ? 'cancelled' : f.ok ? 'ok' : 'failed';
  const reasons = Object.entries(f.skippedByReason).sort((a, b) => b[1] - a[1]);
  const nonFinite = Object.entries(f.nonFinite ?? {}).sort((a, b) => b[1] - a[1]);
  const classes = Object.entries(f.classes ?? {}).filter(([, n]) => n > 0);
  const excluded = Object.entries(f.excluded ?? {}).sort((a, b) => b[1] - a[1]);
  // The note starts with the detector's training warning when there is one: shown once, as a warning.
  const rest =
    f.warning && f.error?.startsWith(f.warning) ? f.error.slice(f.warning.length).trim() : f.error;
  return (
    <div
      className={`panel summary summary-${status}`}
      data-testid="job-summary"
      data-status={status}
    >
      <div className="job-head">
        <b>
          {status === 'ok' ? 'Loaded' : status === 'cancelled' ? 'Cancelled' : 'Failed'}:{' '}
          <span data-testid="rows-stored">{formatInt(f.rowsStored)}</span> rows stored,{' '}
          <span data-testid="rows-skipped">{formatInt(f.rowsSkipped)}</span> skipped
        </b>
        <span className="spacer" />
        {f.ok && f.datasetId !== null && (
          <button
            type="button"
            className="primary"
            data-testid="view-alerts"
            onClick={onViewAlerts}
          >
            View alerts
          </button>
        )}
      </div>
      {f.warning && (
        <p className="warn" data-testid="job-warning">
          {f.warning}
        </p>
      )}
      {rest && (
        <p className="error" data-testid="job-error">
          {rest}
        </p>
      )}
      {classes.length > 0 && (
        <p className="muted" data-testid="stored-classes">
          Stored per class:{' '}
          {classes.map(([name, n], i) => (
            <span key={name} data-testid="stored-class" data-class={name} data-rows={n}>
              {i > 0 && ' · '}
              {name} {formatInt(n)}
            </span>
          ))}
        </p>
      )}
      {excluded.length > 0 && (
        <p className="muted" data-testid="excluded-note">
          Skipped as excluded classes:{' '}
          {excluded.map(([name, n]) => `${name} ${formatInt(n)}`).join(', ')}. To keep them, add
          them under Extra classes above (one click) and load again, or pass{' '}
          <code>--extra-classes {excluded.map(([name]) => name).join(',')}</code> to{' '}
          <code>rampart ingest</code>.
        </p>
      )}
      {nonFinite.length > 0 && (
        <p className="muted" data-testid="non-finite-note">
          Kept with Infinity / NaN values (zero-duration flows, stored as read):{' '}
          {nonFinite.map(([column, n]) => `${column} ${formatInt(n)}`).join(', ')}
        </p>
      )}
      {reasons.length > 0 && (
        <table className="dense" data-testid="skipped-reasons">
          <thead>
            <tr>
              <th>Skip reason</th>
              <th className="num">Rows</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map(([reason, n]) => (
              <tr key={reason}>
                <td>{reason}</td>
                <td className="num">{formatInt(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {f.examples.length > 0 && (
        <>
          <h4>First skipped rows</h4>
          <ul className="examples mono" data-testid="skipped-examples">
            {f.examples.map((e, i) => (
              <li key={i} title={`${e.file}:${e.line}`}>
                {baseName(e.file)}:{e.line} <b>{e.reason}</b>{' '}
                <span className="muted">{e.detail}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
