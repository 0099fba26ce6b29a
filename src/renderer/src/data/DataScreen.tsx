/**
 * The data screen: load the demo dataset or CSV files (with the extra classes the CLI's
 * --extra-classes takes), follow the job from the moment files are picked, read the outcome.
 */
import { useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { LiveFeedPanel } from '../feed/LiveFeedPanel';
import { formatInt } from '../format';
import type { TrackedJob } from '../hooks/useJobTracker';
import { DatasetList } from './DatasetList';
import { ExtraClassesField } from './ExtraClassesField';
import { parseExtraClasses } from './extraClasses';
import { FilePicker } from './FilePicker';
import { JobProgressBar } from './JobProgressBar';
import { JobSummary } from './JobSummary';
import { PendingProgress, type PendingLoad } from './PendingProgress';

/** Demo sizes offered; the first is the core's default. */
const DEFAULT_DEMO_ROWS = 20_000;
const DEMO_SIZES = [DEFAULT_DEMO_ROWS, 100_000, 500_000, 1_000_000];
const NONE_SKIPPED: Record<string, number> = {};

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
  // The load asked for until its job exists: shown at once, with the upload's progress.
  const [pending, setPending] = useState<PendingLoad | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const error = task.error ?? cancelError;
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [demoRows, setDemoRows] = useState<number>(DEFAULT_DEMO_ROWS);
  const [extraText, setExtraText] = useState('');
  const extras = parseExtraClasses(extraText);
  // The groups the finished load on screen skipped, offered as extra classes for the next one.
  const skipped = job?.finished?.excluded ?? NONE_SKIPPED;
  // The files last picked, to load again (e.g. with an extra class the summary named).
  const [lastFiles, setLastFiles] = useState<File[] | null>(null);
  const running = task.busy !== null || (job !== null && job.finished === null);

  const run = (
    label: string,
    files: PendingLoad['files'],
    begin: (status: (s: string) => void) => Promise<{ jobId: string }>,
  ): void => {
    if (task.busy !== null) return;
    setCancelError(null);
    const status = (s: string) => setPending((p) => (p ? { ...p, status: s } : p));
    setPending({ label, status: 'starting', files });
    void task
      .run(async () => {
        const { jobId } = await begin(status);
        startJob(jobId, label);
      }, label)
      .finally(() => setPending(null));
  };

  const loadDemo = (): void => {
    run(`Demo dataset (${formatInt(demoRows)} flows)`, null, () =>
      client.api['datasets.loadDemo']({ rows: demoRows }),
    );
  };

  const loadFiles = (files: File[]): void => {
    if (extras.problem) return;
    setLastFiles(files);
    const label = files.length === 1 ? (files[0]?.name ?? 'CSV') : `${files.length} CSV files`;
    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    const extraClasses = extras.names;
    run(label, { count: files.length, bytes }, async (status) => {
      status('reading the picked files');
      const paths = await client.pathsFor(files, status);
      status(`starting the load of ${label}`);
      return client.api['datasets.loadPaths']({ paths, extraClasses });
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
          <FilePicker disabled={running || extras.problem !== null} onFiles={loadFiles} />
          <ExtraClassesField
            text={extraText}
            onChange={setExtraText}
            skipped={skipped}
            disabled={running}
          />
          {lastFiles && (
            <button
              type="button"
              data-testid="reload-files"
              disabled={running || extras.problem !== null}
              onClick={() => loadFiles(lastFiles)}
            >
              Load {lastFiles.length === 1 ? lastFiles[0]?.name : `the ${lastFiles.length} files`}{' '}
              again{extras.names.length > 0 ? ` keeping ${extras.names.join(', ')}` : ''}
            </button>
          )}
        </div>
      </div>
      {error && (
        <p className="panel error" data-testid="data-error">
          {error}
        </p>
      )}
      {pending ? (
        <PendingProgress pending={pending} />
      ) : (
        job && <JobProgressBar job={job} onCancel={cancel} cancelling={cancelling === job.jobId} />
      )}
      {!pending && job?.finished && <JobSummary f={job.finished} onViewAlerts={onViewAlerts} />}
      <LiveFeedPanel />
      <DatasetList datasets={datasets} locked={running} />
    </section>
  );
}
