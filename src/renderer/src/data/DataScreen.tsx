/** The data screen: load the demo dataset or CSV files, follow the job, read the outcome. */
import { useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { LiveFeedPanel } from '../feed/LiveFeedPanel';
import { formatInt } from '../format';
import type { TrackedJob } from '../hooks/useJobTracker';
import { DatasetList } from './DatasetList';
import { FilePicker } from './FilePicker';
import { JobProgressBar } from './JobProgressBar';
import { JobSummary } from './JobSummary';

/** Demo sizes offered; the first is the core's default. */
const DEFAULT_DEMO_ROWS = 20_000;
const DEMO_SIZES = [DEFAULT_DEMO_ROWS, 100_000, 500_000, 1_000_000];

/** Props of {@link DataScreen}. */
export interface DataScreenProps {
  job: TrackedJob | null;
  startJob(jobId: string, label: string): void;
  datasets: DatasetSummary[];
  onViewAlerts(): void;
}

/** Starts loads; at most one job is followed at a time. */
export function DataScreen({ job, startJob, datasets, onViewAlerts }: DataScreenProps) {
  const client = useClient();
  const task = useTask<void, string>();
  // An upload's progress replaces the label of the load being started.
  const [progress, setProgress] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const busy = task.busy === null ? null : (progress ?? task.busy);
  const error = task.error ?? cancelError;
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [demoRows, setDemoRows] = useState<number>(DEFAULT_DEMO_ROWS);
  const running = busy !== null || (job !== null && job.finished === null);

  const run = (label: string, begin: () => Promise<{ jobId: string }>): void => {
    setProgress(null);
    setCancelError(null);
    void task.run(async () => {
      const { jobId } = await begin();
      startJob(jobId, label);
    }, label);
  };

  const loadDemo = (): void => {
    run(`Demo dataset (${formatInt(demoRows)} flows)`, () =>
      client.api['datasets.loadDemo']({ rows: demoRows }),
    );
  };

  const loadFiles = (files: File[]): void => {
    const label = files.length === 1 ? (files[0]?.name ?? 'CSV') : `${files.length} CSV files`;
    run(label, async () => {
      const paths = await client.pathsFor(files, setProgress);
      setProgress(`Starting load of ${label}`);
      return client.api['datasets.loadPaths']({ paths });
    });
  };

  const cancel = (): void => {
    if (!job) return;
    setCancelling(job.jobId);
    client.api['jobs.cancel']({ jobId: job.jobId }).catch((err: unknown) =>
      setCancelError(String(err)),
    );
  };

  return (
    <section className="screen data" data-testid="data-screen">
      <div className="data-actions">
        <div className="panel">
          <h3>Demo dataset</h3>
          <p className="muted">Synthetic CICIDS-like flows with labels, generated locally.</p>
          <div className="row">
            <select
              data-testid="demo-rows"
              value={demoRows}
              disabled={running}
              onChange={(e) => setDemoRows(Number(e.target.value))}
            >
              {DEMO_SIZES.map((n) => (
                <option key={n} value={n}>
                  {formatInt(n)} flows
                </option>
              ))}
            </select>
            <button
              type="button"
              className="primary"
              data-testid="load-demo"
              disabled={running}
              onClick={loadDemo}
            >
              Load demo dataset
            </button>
          </div>
        </div>
        <div className="panel grow">
          <h3>CICIDS CSV files</h3>
          <FilePicker disabled={running} onFiles={loadFiles} />
        </div>
      </div>
      {busy && (
        <p className="panel muted" data-testid="busy">
          {busy}
        </p>
      )}
      {error && (
        <p className="panel error" data-testid="data-error">
          {error}
        </p>
      )}
      {job && <JobProgressBar job={job} onCancel={cancel} cancelling={cancelling === job.jobId} />}
      {job?.finished && <JobSummary f={job.finished} onViewAlerts={onViewAlerts} />}
      <LiveFeedPanel />
      <DatasetList datasets={datasets} locked={running} />
    </section>
  );
}
