/**
 * The load being started, on screen from the moment files are picked (while they upload or the
 * request travels) until its job exists and reports; the job's own bar replaces it then.
 */
import { formatBytes } from '../format';

/** A load asked for whose job does not exist yet. */
export interface PendingLoad {
  label: string;
  /** What is happening now, e.g. "Uploading flows.csv (1/2): 45%" or "Starting the load". */
  status: string;
  /** The picked files' count and total size; null for the demo dataset. */
  files: { count: number; bytes: number } | null;
}

/** Same panel and test ids as the job's bar, marked `data-pending`. */
export function PendingProgress({ pending }: { pending: PendingLoad }) {
  const { files } = pending;
  return (
    <div
      className="panel job job-running"
      data-testid="job-progress"
      data-state="running"
      data-pending="true"
    >
      <div className="job-head">
        <b>{pending.label}</b>
        <span className="muted" data-testid="job-phase" data-phase="starting">
          {pending.status}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={0}
        data-testid="job-bar"
      >
        <div className="bar-fill" style={{ width: '0%' }} />
      </div>
      <div className="job-stats mono">
        <span data-testid="job-percent">0%</span>
        {files && (
          <span className="muted" data-testid="pending-files">
            {files.count === 1 ? '1 file' : `${files.count} files`}, {formatBytes(files.bytes)}
          </span>
        )}
      </div>
    </div>
  );
}
