/** Download the recommended GGUF model, with progress and Cancel (a job like a load). */
import { useState } from 'react';
import type { AdvisorStatus } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useCoreMutation } from '../api/useCore';
import { errorText, formatBytes } from '../format';

/** The recommended model, the button, and the download's progress from advisor.changed. */
export function DownloadPanel({ status }: { status: AdvisorStatus }) {
  const client = useClient();
  const download = useCoreMutation('advisor.download');
  const [cancelError, setCancelError] = useState<string | null>(null);
  const requestError = download.error ?? cancelError;
  const starting = download.busy;
  const [cancelling, setCancelling] = useState(false);
  const { recommended: r, download: d } = status;
  const running = d.state === 'downloading';
  const fraction = d.totalBytes ? Math.min(1, d.receivedBytes / d.totalBytes) : 0;

  const start = (): void => {
    setCancelError(null);
    setCancelling(false);
    void download.run({});
  };

  const cancel = async (): Promise<void> => {
    if (!d.jobId) return;
    setCancelling(true);
    try {
      await client.api['jobs.cancel']({ jobId: d.jobId });
    } catch (err) {
      setCancelError(errorText(err));
      setCancelling(false);
    }
  };

  const label = `${r.name}, ${formatBytes(r.sizeBytes)}, ${r.license}`;
  return (
    <div className="panel" data-testid="download-panel" data-state={d.state}>
      <h3>Recommended model</h3>
      <p>
        <b>{r.name}</b> · {formatBytes(r.sizeBytes)} · license {r.license}
      </p>
      <p className="mono small muted ellipsis" title={r.url}>
        {r.url}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="model-download"
          disabled={running || starting}
          onClick={start}
        >
          Download recommended model ({label})
        </button>
        {running && (
          <button
            type="button"
            data-testid="download-cancel"
            disabled={cancelling || !d.jobId}
            onClick={() => void cancel()}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {(running || d.state === 'done') && (
        <div className="download-progress">
          <div
            className="bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((d.state === 'done' ? 1 : fraction) * 100)}
            data-testid="download-bar"
          >
            <div
              className="bar-fill"
              style={{ width: `${((d.state === 'done' ? 1 : fraction) * 100).toFixed(1)}%` }}
            />
          </div>
          <span className="mono small" data-testid="download-bytes">
            {formatBytes(d.receivedBytes)}
            {d.totalBytes ? ` / ${formatBytes(d.totalBytes)}` : ' (size unknown)'}
          </span>
        </div>
      )}
      {d.state === 'done' && (
        <p className="ok" data-testid="download-done">
          ✓ Downloaded.
        </p>
      )}
      {d.state === 'cancelled' && <p className="muted">Download cancelled.</p>}
      {(requestError || (d.state === 'failed' && d.error)) && (
        <p className="error" role="alert" data-testid="download-error">
          Download failed: {requestError ?? d.error}
        </p>
      )}
    </div>
  );
}
