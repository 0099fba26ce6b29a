/**
 * The stored datasets, each with the state of its last job (running at a stage, or interrupted by
 * a crash or kill) and the step it offers: resume, re-classify, delete; the detector and policy
 * that score it, the warning of a detector trained on it that needs confirmation, and a re-score
 * with another detector.
 */
import { useState } from 'react';
import type { DatasetSummary, DetectorInfo } from '../../../shared/contract';
import { useCoreMutation } from '../api/useCore';
import { formatInt } from '../format';
import { useDetectors } from '../hooks/useDatasets';
import { DetectorLine, detectorOption } from './DetectorText';

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
  const rescore = useCoreMutation('datasets.rescore');
  const confirm = useCoreMutation('detector.confirm');
  const detectors = useDetectors();
  const [confirming, setConfirming] = useState<number | null>(null);
  const sending = reclassify.busy || resume.busy || remove.busy || rescore.busy || confirm.busy;
  const error = reclassify.error ?? resume.error ?? remove.error ?? rescore.error ?? confirm.error;

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
              <DetectorRow
                key={`${d.id}-detector`}
                d={d}
                detectors={detectors}
                off={off}
                onConfirm={(detectorId) => void confirm.run({ detectorId })}
                onRescore={(detectorId) => void rescore.run({ datasetId: d.id, detectorId })}
              />,
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

/** Props of {@link DetectorRow}. */
interface DetectorRowProps {
  d: DatasetSummary;
  detectors: DetectorInfo[];
  off: boolean;
  onConfirm(detectorId: number): void;
  onRescore(detectorId: number): void;
}

/** What scores the dataset, the warning of its own detector, confirm and re-score. */
function DetectorRow({ d, detectors, off, onConfirm, onRescore }: DetectorRowProps) {
  const [pick, setPick] = useState<number | null>(null);
  const own = d.trained;
  const others = detectors.filter((x) => x.id !== d.scoredBy?.id);
  const chosen = others.find((x) => x.id === pick) ?? null;
  const replaceable = d.status === 'ready' && d.rowsStored > 0;
  return (
    <tr className="detector-row" data-testid="dataset-detector" data-id={d.id}>
      <td colSpan={7} className="small">
        <div className="row wrap">
          <DetectorLine label="Scored by" detector={d.scoredBy} testId="dataset-scored-by" />
          {own && own.id !== d.scoredBy?.id && (
            <DetectorLine label="Trained here" detector={own} testId="dataset-trained" />
          )}
          {replaceable && others.length > 0 && (
            <>
              <span className="spacer" />
              <select
                data-testid="dataset-rescore-detector"
                aria-label="Detector to re-score with"
                value={pick ?? ''}
                onChange={(e) => setPick(e.target.value === '' ? null : Number(e.target.value))}
              >
                <option value="">Re-score with…</option>
                {others.map((x) => (
                  <option key={x.id} value={x.id} disabled={x.needsConfirmation}>
                    {detectorOption(x)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                data-testid="dataset-rescore"
                disabled={off || chosen === null || chosen.needsConfirmation}
                onClick={() => chosen && onRescore(chosen.id)}
              >
                Re-score
              </button>
            </>
          )}
        </div>
        {own?.warning && (
          <p
            className={own.needsConfirmation ? 'warn' : 'muted'}
            data-testid="dataset-detector-warning"
            data-needs-confirmation={own.needsConfirmation ? 'true' : 'false'}
          >
            {own.warning}
            {own.confirmed && ` (${own.confirmed.at})`}{' '}
            {own.needsConfirmation && (
              <button
                type="button"
                data-testid="dataset-confirm-detector"
                disabled={off}
                onClick={() => onConfirm(own.id)}
              >
                Confirm detector #{own.id}
              </button>
            )}
          </p>
        )}
      </td>
    </tr>
  );
}
