/**
 * The Incidents screen: the dataset's alerts grouped into incidents, and for the selected one the
 * response planner's view, grounded in the incident's own data, with the analyst's decisions on
 * its steps and answers to its evidence forms.
 * It refetches on `incidents.changed` (another console's decision, new alerts) keeping the
 * selection and the decision form's drafts, and takes single-key commands (useIncidentKeys).
 * Triage first: false positives are hidden until asked for (their count shown), the most serious
 * incidents lead, and every time carries its day when the incidents span more than one.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DatasetSummary, IncidentDetail } from '../../../shared/contract';
import { formatInt } from '../format';
import type { IncidentCommands } from './IncidentDecision';
import { IncidentDetailPanel } from './IncidentDetailPanel';
import { stepId, type IncidentCommand } from './incidentKeys';
import { IncidentList } from './IncidentList';
import {
  DEFAULT_INCIDENT_SORT,
  hideFalsePositives,
  INCIDENT_SORTS,
  SORT_NAMES,
  sortIncidents,
  type IncidentSort,
  type IncidentSortKey,
} from './incidentSort';
import { listNeedsDates } from './incidentText';
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
  const [showFalsePositives, setShowFalsePositives] = useState(false);
  const [sort, setSort] = useState<IncidentSort>(DEFAULT_INCIDENT_SORT);
  const { list, error, reload } = useIncidentList(dataset.id, gapMin);
  const [chosen, setChosen] = useState<string | null>(null);
  const { shown, hidden } = useMemo(() => {
    const { shown, hidden } = hideFalsePositives(list ?? [], !showFalsePositives);
    return { shown: sortIncidents(shown, sort), hidden };
  }, [list, showFalsePositives, sort]);
  // Days are shown when any listed incident, hidden ones included, is on another day.
  const withDates = useMemo(() => listNeedsDates(list ?? []), [list]);
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
          {list === null && !error ? 'loading…' : `${formatInt(shown.length)} incidents`}
        </span>
        <button
          type="button"
          className="small"
          data-testid="incidents-fp-toggle"
          aria-pressed={showFalsePositives}
          data-hidden={hidden}
          onClick={() => setShowFalsePositives((v) => !v)}
          title="False positives: incidents whose alerts were all classified benign"
        >
          {showFalsePositives
            ? 'Hide false positives'
            : `Show ${formatInt(hidden)} false positive${hidden === 1 ? '' : 's'}`}
        </button>
        <label>
          Sort by{' '}
          <select
            data-testid="incidents-sort"
            value={sort.key}
            onChange={(e) => setSort({ key: e.target.value as IncidentSortKey, desc: true })}
          >
            {INCIDENT_SORTS.map((k) => (
              <option key={k} value={k}>
                {SORT_NAMES[k]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="small"
          data-testid="incidents-sort-dir"
          data-desc={sort.desc}
          onClick={() => setSort((s) => ({ ...s, desc: !s.desc }))}
          title={sort.desc ? 'Descending: click for ascending' : 'Ascending: click for descending'}
        >
          {sort.desc ? '↓ desc' : '↑ asc'}
        </button>
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
        <IncidentList
          incidents={shown}
          selectedId={selectedId}
          onSelect={setChosen}
          withDates={withDates}
        />
        {detail.detail ? (
          <IncidentDetailPanel
            datasetId={dataset.id}
            detail={detail.detail}
            withDates={withDates}
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
                {detail.loading
                  ? 'loading…'
                  : list && shown.length === 0
                    ? hidden > 0
                      ? `No incidents but ${formatInt(hidden)} false positives (hidden).`
                      : 'No incidents.'
                    : ''}
              </p>
            )}
          </aside>
        )}
      </div>
    </section>
  );
}
