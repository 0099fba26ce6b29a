/**
 * The Incidents screen: the dataset's alerts grouped into incidents, and for the selected one the
 * response planner's view, grounded in the incident's own data, with the analyst's decisions on
 * its steps and answers to its evidence forms.
 * It refetches on `incidents.changed` (another console's decision, new alerts) keeping the
 * selection and the decision form's drafts, and takes single-key commands (useIncidentKeys).
 */
import { useCallback, useRef, useState } from 'react';
import type { DatasetSummary, IncidentDetail } from '../../../shared/contract';
import { formatInt } from '../format';
import type { IncidentCommands } from './IncidentDecision';
import { IncidentDetailPanel } from './IncidentDetailPanel';
import { stepId, type IncidentCommand } from './incidentKeys';
import { IncidentList } from './IncidentList';
import { useIncidentDetail, useIncidentList } from './useIncidents';
import { useIncidentKeys } from './useIncidentKeys';
import './incidents.css';
import './incidentEvidence.css';

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
  const commands = useRef<IncidentCommands>(null);
  const screen = useRef<HTMLElement>(null);

  useIncidentKeys(screen, (command: IncidentCommand) => {
    if (command === 'next' || command === 'prev') {
      const to = stepId(
        shown.map((i) => i.id),
        selectedId,
        command === 'next' ? 1 : -1,
      );
      if (to) setChosen(to);
    } else commands.current?.[command]();
  });

  const onDecided = useCallback(
    (d: IncidentDetail) => {
      replace(d);
      reload();
    },
    [replace, reload],
  );

  return (
    <section className="screen incidents" data-testid="incidents-screen" ref={screen}>
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
        <span className="spacer" />
        <span className="muted small inc-keys" data-testid="incidents-keys">
          <kbd>J</kbd>/<kbd>K</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> next / previous · <kbd>A</kbd>{' '}
          approve · <kbd>E</kbd> edit · <kbd>R</kbd> reject · <kbd>Esc</kbd> leaves a field
        </span>
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
            commands={commands}
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
