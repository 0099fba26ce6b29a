/** The run in progress (or the latest): controls, progress, speed, losses, λ, backend and curve. */
import type { TrainingStatus } from '../../../shared/contract';
import { formatInt, formatTime } from '../format';
import { backendText } from './backendText';
import { CurveChart } from './CurveChart';

/** What each phase is doing, in words. */
const PHASE_LABEL: Record<TrainingStatus['phase'], string> = {
  preparing: 'reading the dataset and rebuilding the detector’s split',
  pretrain: 'behaviour cloning on the advisor’s choices',
  rl: 'PPO updates',
  supervised: 'supervised epochs',
  evaluating: 'evaluating on the test split',
  done: 'done',
};

/** Props of {@link RunPanel}. */
export interface RunPanelProps {
  run: TrainingStatus;
  busy: boolean;
  onControl(action: 'pause' | 'resume' | 'stop'): void;
}

/** One run's live view. */
export function RunPanel({ run, busy, onControl }: RunPanelProps) {
  const fraction =
    run.state === 'completed'
      ? 1
      : run.totalEpisodes > 0
        ? Math.min(1, run.episodes / run.totalEpisodes)
        : 0;
  const backend = backendText(run.backend, run.backendReason);
  return (
    <div className="panel run-panel" data-testid="training-run" data-run-id={run.runId}>
      <div className="job-head">
        <b>{run.method.toUpperCase()}</b>
        <span
          className={`pill run-${run.state}`}
          data-testid="training-state"
          data-state={run.state}
        >
          {run.state}
        </span>
        <span className="muted" data-testid="training-phase" data-phase={run.phase}>
          {PHASE_LABEL[run.phase]}
        </span>
        <span className="spacer" />
        <button
          type="button"
          data-testid="training-pause"
          disabled={busy || run.state !== 'running' || run.phase === 'evaluating'}
          onClick={() => onControl('pause')}
        >
          Pause
        </button>
        <button
          type="button"
          data-testid="training-resume"
          disabled={busy || run.state !== 'paused'}
          onClick={() => onControl('resume')}
        >
          Resume
        </button>
        <button
          type="button"
          data-testid="training-stop"
          disabled={busy || (run.state !== 'running' && run.state !== 'paused')}
          onClick={() => onControl('stop')}
        >
          Stop
        </button>
      </div>
      <div
        className={`bar run-bar run-${run.state}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        data-testid="training-bar"
      >
        <div className="bar-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <dl className="run-stats mono">
        <div>
          <dt>Episodes</dt>
          <dd data-testid="training-episodes" data-episodes={run.episodes}>
            {formatInt(run.episodes)} / {formatInt(run.totalEpisodes)}
          </dd>
        </div>
        <div>
          <dt>Episodes/s</dt>
          <dd data-testid="training-rate">{formatInt(run.episodesPerSec)}</dd>
        </div>
        <div>
          <dt>λ (KL weight)</dt>
          <dd data-testid="training-lambda">
            {run.method === 'ppo-kg' || run.method === 'ppo-kg-pt'
              ? run.lambda.toFixed(3)
              : '– (no KL term)'}
          </dd>
        </div>
        <div>
          <dt>Backend</dt>
          <dd data-testid="training-backend" title={run.backendReason ?? undefined}>
            <b>{backend.name}</b> <span className="muted">— {backend.why}</span>
          </dd>
        </div>
      </dl>
      {run.error && (
        <p className="error" data-testid="training-run-error">
          {run.error}
        </p>
      )}
      <div className="run-body">
        <CurveChart points={run.curve} totalEpisodes={run.totalEpisodes} />
        <Losses run={run} />
      </div>
      <p className="muted small">
        Started {formatTime(run.startedAt)} · dataset #{run.datasetId}
        {run.installedPolicyId !== null && (
          <span data-testid="training-installed">
            {' '}
            · installed as policy #{run.installedPolicyId}
          </span>
        )}
      </p>
    </div>
  );
}

function num(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** The last PPO update's losses (CleanRL's names). */
function Losses({ run }: { run: TrainingStatus }) {
  const l = run.losses;
  return (
    <dl className="kv losses" data-testid="training-losses">
      <dt>policy_loss</dt>
      <dd>{num(l?.policy_loss)}</dd>
      <dt>value_loss</dt>
      <dd>{num(l?.value_loss)}</dd>
      <dt>entropy</dt>
      <dd>{num(l?.entropy)}</dd>
      <dt>approx_kl</dt>
      <dd>{num(l?.approx_kl, 5)}</dd>
      <dt>kl_llm</dt>
      <dd data-testid="training-kl-llm">
        {l && l.kl_llm === null ? '– (no advice term)' : num(l?.kl_llm)}
      </dd>
      {!l && (
        <dd className="muted small">
          {run.method === 'dl' || run.method === 'llm-kg'
            ? 'no PPO updates in this method'
            : 'after the first update'}
        </dd>
      )}
    </dl>
  );
}
