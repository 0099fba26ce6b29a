/** Progress of a load job: bar, the phase's own steps and ETA, rows read, rows/s and Cancel. */
import type { LoadPhase } from '../../../shared/contract';
import type { TrackedJob } from '../hooks/useJobTracker';
import { formatBytes, formatInt } from '../format';
import { formatStep, phaseEtaText } from './progressText';

/** What each phase of a load is doing, in the analyst's words. */
const PHASE_LABEL: Record<LoadPhase, string> = {
  reading: 'reading rows',
  training: 'training the detector',
  classifying: 'classifying flows',
  advising: 'advising: training the recommending policy',
  recommending: 'writing recommendations',
  done: 'finishing',
};

/** Props of {@link JobProgressBar}. */
export interface JobProgressBarProps {
  job: TrackedJob;
  onCancel(): void;
  cancelling: boolean;
}

/** The bar stays on screen after the job ends (full, or stopped) so the outcome can be read. */
export function JobProgressBar({ job, onCancel, cancelling }: JobProgressBarProps) {
  const p = job.progress;
  const f = job.finished;
  const state = f ? (f.cancelled ? 'cancelled' : f.ok ? 'done' : 'failed') : 'running';
  const fraction = f?.ok ? 1 : Math.min(1, Math.max(0, p?.fraction ?? 0));
  return (
    <div
      className={`panel job job-${state}`}
      data-testid="job-progress"
      data-state={state}
      data-job-id={job.jobId}
    >
      <div className="job-head">
        <b>{job.label}</b>
        <span className="muted" data-testid="job-phase" data-phase={f ? state : p?.phase}>
          {f ? state : p ? (PHASE_LABEL[p.phase] ?? p.phase) : 'starting'}
        </span>
        <span className="spacer" />
        {!f && (
          <button type="button" data-testid="job-cancel" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        data-testid="job-bar"
      >
        <div className="bar-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="job-stats mono">
        <span data-testid="job-percent">{(fraction * 100).toFixed(0)}%</span>
        <span data-testid="job-rows">{formatInt(p?.rowsRead ?? f?.rowsStored ?? 0)} rows</span>
        {p && <span data-testid="job-rate">{formatInt(p.rowsPerSec)} rows/s</span>}
        {p && !f && (
          <span data-testid="job-eta" data-eta={p.etaSec ?? ''}>
            {phaseEtaText(p.etaSec)}
          </span>
        )}
        {p?.step && !f ? (
          <span className="muted" data-testid="job-step" data-unit={p.step.unit}>
            {formatStep(p.step)}
          </span>
        ) : (
          p &&
          p.totalBytes > 0 && (
            <span className="muted">
              {formatBytes(p.bytesRead)} / {formatBytes(p.totalBytes)}
            </span>
          )
        )}
      </div>
    </div>
  );
}
