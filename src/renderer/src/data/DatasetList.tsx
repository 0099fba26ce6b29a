/**
 * The stored datasets, each with the state of its last job (running at a stage, or interrupted by
 * a crash or kill) and the step it offers: resume, re-classify, delete.
 */
import { useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import { useCoreMutation } from '../api/useCore';
import { formatInt } from '../format';

/** Status text: the dataset's state and, while a job works on it, the stage it is at. */
function statusText(d: DatasetSummary): string {
  const j = d.job;
  if (j && (j.status === 'running' || j.status === 'queued')) {
    const part = j.total > 0 ? ` ${Math.round((100 * j.done) / j.total)}%` : '';
    return `${j.kind}: ${j.stage}${part}`;
  }
  if (d.status === 'interrupted' && j) return `interrupted at ${j.stage}`;
  return d.status;
}

/** Props of {@link DatasetList}. */
export interface DatasetListProps {
  datasets: DatasetSummary[];
  /** A load is being started or followed: no other dataset job starts meanwhile. */
  locked: boolean;
}

/** The dataset table with each dataset's next step. */
export function DatasetList({ datasets, locked }: DatasetListProps) {
  const reclassify = useCoreMutation('datasets.reclassify');
  const resume = useCoreMutation('datasets.resume');
  const remove = useCoreMutation('datasets.delete');
  const [confirming, setConfirming] = useState<number | null>(null);
  const sending = reclassify.busy || resume.busy || remove.busy;
  const error = reclassify.error ?? resume.error ?? remove.error;

  if (datasets.length === 0) return <p className="muted">No datasets yet.</p>;
  return (
    <div className="panel">
      {error && (
        <p className="error" data-testid="dataset-action-error">
          {error}
        </p>
      )}
      <table className="dense" data-testid="dataset-list">
        <thead>
          <tr>
            <th>Dataset</th>
            <th>Created</th>
            <th>Status</th>
            <th className="num">Rows stored</th>
            <th className="num">Skipped</th>
            <th className="num">Alerts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => {
            const working = d.job?.status === 'running' || d.job?.status === 'queued';
            const off = locked || sending || working;
            const offerReclassify = d.next?.action === 'reclassify' || d.status === 'ready';
            return [
              <tr key={d.id} data-testid="dataset-row" data-id={d.id} data-status={d.status}>
                <td>
                  {d.name}
                  {d.synthetic && <span className="muted"> (synthetic)</span>}
                </td>
                <td className="mono">{d.createdAt}</td>
                <td data-testid="dataset-status">{statusText(d)}</td>
                <td className="num">{formatInt(d.rowsStored)}</td>
                <td className="num">{formatInt(d.rowsSkipped)}</td>
                <td className="num">{formatInt(d.alerts)}</td>
                <td className="row">
                  {d.next?.action === 'resume' && (
                    <button
                      type="button"
                      className="primary"
                      data-testid="dataset-resume"
                      disabled={off}
                      onClick={() => void resume.run({ datasetId: d.id })}
                    >
                      Resume
                    </button>
                  )}
                  {offerReclassify && (
                    <button
                      type="button"
                      className={d.next?.action === 'reclassify' ? 'primary' : undefined}
                      data-testid="dataset-reclassify"
                      disabled={off}
                      onClick={() => void reclassify.run({ datasetId: d.id })}
                    >
                      Re-classify
                    </button>
                  )}
                  {confirming === d.id ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        data-testid="dataset-delete-confirm"
                        disabled={off}
                        onClick={() => {
                          setConfirming(null);
                          void remove.run({ datasetId: d.id });
                        }}
                      >
                        Delete {formatInt(d.rowsStored)} flows and {formatInt(d.alerts)} alerts
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      data-testid="dataset-delete"
                      disabled={off}
                      onClick={() => setConfirming(d.id)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>,
              d.next && (
                <tr key={`${d.id}-next`} className="next-step">
                  <td colSpan={7} className="muted" data-testid="dataset-next">
                    {d.next.why}
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
