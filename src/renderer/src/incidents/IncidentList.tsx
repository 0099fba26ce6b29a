/**
 * The incident list: one row per incident (severity, family, attack stages in words, sources →
 * targets, span, alerts, chained-from, false-positive marker, state, steps). The list takes the keyboard: arrows, Page keys, Home/End.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { IncidentSummary } from '../../../shared/contract';
import { keyStep, stepCursor } from '../alerts/cursor';
import { formatInt } from '../format';
import { hostsText, spanText, spanTitle, tacticsText } from './incidentText';

/** Rows a Page key moves. */
const PAGE_ROWS = 10;

/** Props of {@link IncidentList}. */
export interface IncidentListProps {
  incidents: IncidentSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** Show each time's day (the incidents span more than one day). */
  withDates: boolean;
}

/** The list; the selection lives with the caller so the detail can follow it. */
export function IncidentList({ incidents, selectedId, onSelect, withDates }: IncidentListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const selected = incidents.findIndex((i) => i.id === selectedId);

  useEffect(() => {
    // Keep the selected row in view as the keyboard moves it.
    const row = listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = keyStep(e.key, PAGE_ROWS, incidents.length);
    if (step === null || incidents.length === 0) return;
    e.preventDefault();
    const to = incidents[stepCursor(selected, step, incidents.length)];
    if (to) onSelect(to.id);
  };

  return (
    <div
      className="inc-list panel"
      role="listbox"
      tabIndex={0}
      aria-label="Incidents (arrow keys move)"
      aria-activedescendant={selectedId ? `incident-${selectedId}` : undefined}
      data-testid="incidents-list"
      data-with-dates={withDates}
      ref={listRef}
      onKeyDown={onKeyDown}
    >
      <div className="inc-row inc-head" aria-hidden="true">
        <span>Severity</span>
        <span>Family</span>
        <span>Attack stages</span>
        <span>Sources → targets</span>
        <span>Time span</span>
        <span className="num">Alerts</span>
        <span>State · steps</span>
      </div>
      {incidents.map((i) => (
        <div
          key={i.id}
          id={`incident-${i.id}`}
          role="option"
          aria-selected={i.id === selectedId}
          className={i.id === selectedId ? 'inc-row selected' : 'inc-row'}
          data-testid="incident-row"
          data-incident-id={i.id}
          data-family={i.family}
          data-false-positive={i.falsePositive}
          data-severity={i.severity}
          data-severity-rank={i.severityRank}
          data-alerts={i.alerts}
          data-first-seen={i.firstSeen}
          data-scenario={i.scenarioId ?? ''}
          data-state={i.state}
          data-steps={i.steps}
          onClick={() => {
            onSelect(i.id);
            listRef.current?.focus();
          }}
        >
          <span>
            <span className={`pill inc-sev-${i.severity}`} data-testid="incident-severity">
              {i.severity}
            </span>
          </span>
          <span className="inc-family">
            <b>{i.family}</b>
            {i.falsePositive && (
              <span className="pill inc-fp" title="Grouped as benign traffic: a false positive">
                FP
              </span>
            )}
            {i.chainedFrom.length > 0 && (
              <span
                className="muted small"
                data-testid="incident-chained"
                title={`Chained from ${i.chainedFrom.join(', ')}`}
              >
                ⤷{i.chainedFrom.length}
              </span>
            )}
          </span>
          <span className="small" data-testid="incident-tactics" title={tacticsText(i.tactics)}>
            {tacticsText(i.tactics)}
          </span>
          <span
            className="mono ellipsis"
            title={`${i.sources.join(', ')} → ${i.targets.join(', ')}`}
          >
            {hostsText(i.sources)} → {hostsText(i.targets)}
          </span>
          <span className="mono small" data-testid="incident-span" title={spanTitle(i)}>
            {/* A dated span drops the seconds to fit; the title has them, the duration too. */}
            {spanText(i, withDates, !withDates)}
          </span>
          <span className="num mono">{formatInt(i.alerts)}</span>
          <span title={`${i.state}, ${i.steps} response steps taken`}>
            <span className={`pill inc-state-${i.state}`}>{i.state}</span>
            {i.steps > 0 && <span className="mono"> {i.steps}</span>}
          </span>
        </div>
      ))}
    </div>
  );
}
