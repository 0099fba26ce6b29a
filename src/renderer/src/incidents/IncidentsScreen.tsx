/**
 * The Incidents screen: the dataset's alerts grouped into incidents, and for the selected one the
 * response agent's view (simulated in a twin scenario) with the analyst's decisions on its steps.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary, IncidentDetail } from '../../../shared/contract';
import { formatInt } from '../format';
import { IncidentDetailPanel } from './IncidentDetailPanel';
import { IncidentList } from './IncidentList';
import { useIncidentDetail, useIncidentList } from './useIncidents';
import './incidents.css';

/** Quiet-time choices (minutes) that split one source's alerts into two incidents. */
const GAPS = [2, 5, 10, 30, 60];
/** The core's default gap. */
const DEFAULT_GAP_MIN = 10;

/** Props of {@link IncidentsScreen}. */
export interface IncidentsScreenProps {
  dataset: DatasetSummary;
}

/** List on the left, the selected incident on the right. */
export function IncidentsScreen({ dataset }: IncidentsScreenProps) {
  const [gapMin, setGapMin] = useState(DEFAULT_GAP_MIN);
  const [attacksOnly, setAttacksOnly] = useState(false);
  const { list, error, reload } = useIncidentList(dataset.id, gapMin);
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = (list ?? []).filter((i) => !attacksOnly || !i.falsePositive);
  // The chosen incident if it is listed, else the first one.
  const selectedId = shown.find((i) => i.id === chosen)?.id ?? shown[0]?.id ?? null;
  const detail = useIncidentDetail(dataset.id, selectedId);
  const { replace } = detail;

  const onDecided = useCallback(
    (d: IncidentDetail) => {
      replace(d);
      reload();
    },
    [replace, reload],
  );

  return (
    <section className="screen incidents" data-testid="incidents-screen">
      <div className="toolbar">
        <h2>Incidents</h2>
        <span className="muted" data-testid="incidents-total">
          {list === null && !error
            ? 'loading…'
            : `${formatInt(shown.length)} incidents${attacksOnly ? ' (attacks)' : ''}`}
        </span>
        <label>
          Split after{' '}
          <select
            data-testid="incidents-gap"
            value={gapMin}
            onChange={(e) => setGapMin(Number(e.target.value))}
          >
            {GAPS.map((g) => (
              <option key={g} value={g}>
                {g} min quiet
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="incidents-attacks-only"
            checked={attacksOnly}
            onChange={(e) => setAttacksOnly(e.target.checked)}
          />{' '}
          Hide false positives
        </label>
      </div>
      {error && (
        <p className="error" data-testid="incidents-error">
          {error}
        </p>
      )}
      <div className="inc-body">
        <IncidentList incidents={shown} selectedId={selectedId} onSelect={setChosen} />
        {detail.detail ? (
          <IncidentDetailPanel
            datasetId={dataset.id}
            detail={detail.detail}
            onDecided={onDecided}
          />
        ) : (
          <aside className="inc-detail panel" data-testid="incident-detail-empty">
            {detail.error ? (
              <p className="error" data-testid="incident-detail-error">
                {detail.error}
              </p>
            ) : detail.missing ? (
              <p className="muted">This incident no longer exists.</p>
            ) : (
              <p className="muted">
                {detail.loading ? 'loading…' : list && shown.length === 0 ? 'No incidents.' : ''}
              </p>
            )}
          </aside>
        )}
      </div>
    </section>
  );
}
