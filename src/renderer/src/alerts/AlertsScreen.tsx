/**
 * The alerts screen: filter and sort controls, then either the virtualised table with bulk actions
 * and the detail, or the queue grouped by signature.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import { on, useRefetchOn } from '../api/useCore';
import type { Catalogue } from '../catalogue';
import { ExportMenu } from '../export/ExportMenu';
import { formatInt } from '../format';
import { filterArgs, type KgFilter } from '../kg/filter';
import { AlertDetailPanel } from './AlertDetailPanel';
import { AlertFiltersBar } from './AlertFiltersBar';
import type { CheckMode } from './AlertRowView';
import { AlertsTable, type SortKey, type TableCommand } from './AlertsTable';
import { BulkBar } from './BulkBar';
import type { DecisionCommands } from './DecisionForm';
import { AlertPager } from './pager';
import {
  defaultDesc,
  filtersFrom,
  NO_FILTERS,
  queryArgs,
  withQueueFilter,
  type AlertFilters,
  type AlertQuery,
  type QueueFilter,
} from './query';
import { SignatureGroups } from './SignatureGroups';

/** Props of {@link AlertsScreen}. */
export interface AlertsScreenProps {
  dataset: DatasetSummary;
  classes: string[];
  catalogue: Catalogue;
  onOpenReport(): void;
  /**
   * A filter to open the queue with (e.g. carried from the Graph screen). It replaces every
   * filter when the screen mounts and whenever a new object is passed; undefined changes nothing.
   */
  initialFilter?: QueueFilter;
}

/** How long to wait for more alerts.changed events before refetching (bulk decisions send many). */
const CHANGED_DEBOUNCE_MS = 250;

/** Controls plus the body, which is rebuilt (fresh pager, cleared selection) per query. */
export function AlertsScreen({
  dataset,
  classes,
  catalogue,
  onOpenReport,
  initialFilter,
}: AlertsScreenProps) {
  const [filters, setFilters] = useState<AlertFilters>(() => filtersFrom(initialFilter));
  const [seed, setSeed] = useState(initialFilter);
  // Bumped when the filters are reset from outside the bar: remounts it, dropping its drafts.
  const [barKey, setBarKey] = useState(0);
  const [sort, setSort] = useState<SortKey>('id');
  const [desc, setDesc] = useState(false);
  const [grouped, setGrouped] = useState(false);
  // The rows take the focus when the analyst came from a group with the keyboard.
  const [focusRows, setFocusRows] = useState(false);

  if (initialFilter !== seed) {
    // A filter carried in after mount: apply it now (React's "adjust state on a prop change").
    setSeed(initialFilter);
    if (initialFilter) {
      setFilters(filtersFrom(initialFilter));
      setGrouped(false);
      setBarKey((k) => k + 1);
    }
  }
  const query: AlertQuery = { datasetId: dataset.id, ...filters, sort, desc };

  const onFilters = useCallback((patch: Partial<AlertFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
  }, []);

  const onClear = useCallback(() => {
    setFilters(NO_FILTERS);
    setBarKey((k) => k + 1);
  }, []);

  const onKgFilter = useCallback((f: KgFilter) => {
    setFilters((cur) => withQueueFilter(cur, filterArgs(f)));
  }, []);

  const onPickGroup = useCallback((signatureId: number) => {
    setFilters((f) => ({ ...f, signatureId }));
    setGrouped(false);
    setFocusRows(true);
  }, []);

  // Focus once: a later remount (e.g. a new sort) must not take it again.
  const onAutoFocused = useCallback(() => setFocusRows(false), []);

  const onSort = useCallback(
    (key: SortKey) => {
      if (key === sort) setDesc((d) => !d);
      else {
        setSort(key);
        setDesc(defaultDesc(key));
      }
    },
    [sort],
  );

  const rowOnlyFilters =
    filters.minConfidence !== undefined ||
    filters.maxConfidence !== undefined ||
    filters.action !== undefined ||
    filters.text !== undefined;

  return (
    <section
      className="screen alerts"
      data-testid="alerts-screen"
      data-view={grouped ? 'groups' : 'rows'}
    >
      <AlertFiltersBar
        key={barKey}
        filters={filters}
        onFilters={onFilters}
        onClear={onClear}
        classes={classes}
        catalogue={catalogue}
      />
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            data-testid="alerts-group-toggle"
            checked={grouped}
            onChange={(e) => setGrouped(e.target.checked)}
          />{' '}
          Group by signature
        </label>
        <label>
          Sort{' '}
          <select
            data-testid="alerts-sort"
            value={sort}
            disabled={grouped}
            onChange={(e) => setSort(e.target.value as SortKey)}
          >
            <option value="id">Time (arrival)</option>
            <option value="confidence">Confidence</option>
            <option value="class">Class</option>
            <option value="action">Recommended action</option>
            <option value="probability">Policy preference π</option>
            <option value="risk">Risk (P wrong)</option>
            <option value="reward">Expected reward</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="alerts-desc"
            checked={desc}
            disabled={grouped}
            onChange={(e) => setDesc(e.target.checked)}
          />{' '}
          Descending
        </label>
        <span className="spacer" />
        <ExportMenu datasetId={dataset.id} />
        <button type="button" className="primary" data-testid="open-report" onClick={onOpenReport}>
          Detector report
        </button>
      </div>
      {grouped ? (
        <div className="alerts-body">
          <SignatureGroups
            datasetId={dataset.id}
            status={filters.status}
            version={`${dataset.alerts}:${dataset.status}`}
            predictedClass={filters.predictedClass}
            rowOnlyFilters={rowOnlyFilters}
            catalogue={catalogue}
            onPick={onPickGroup}
          />
        </div>
      ) : (
        // A new pager per query, so pages never mix; a change of the dataset's alert set (a live
        // feed adding alerts) refreshes the pages in place, keeping scroll, cursor and ticks.
        <AlertsBody
          key={JSON.stringify(query)}
          query={query}
          alertsVersion={`${dataset.alerts}:${dataset.status}`}
          classes={classes}
          catalogue={catalogue}
          onSort={onSort}
          onKgFilter={onKgFilter}
          autoFocus={focusRows}
          onAutoFocused={onAutoFocused}
        />
      )}
    </section>
  );
}

/** The cursor row: its index, and its alert id once its page is here. */
interface Cursor {
  index: number;
  id: number | null;
}

function AlertsBody({
  query,
  alertsVersion,
  classes,
  catalogue,
  onSort,
  onKgFilter,
  autoFocus,
  onAutoFocused,
}: {
  query: AlertQuery;
  /** Changes when the dataset's alert count or status does: the pages are fetched again. */
  alertsVersion: string;
  classes: string[];
  catalogue: Catalogue;
  onSort(key: SortKey): void;
  onKgFilter(filter: KgFilter): void;
  autoFocus: boolean;
  onAutoFocused(): void;
}) {
  const client = useClient();
  const [pager] = useState(
    () =>
      new AlertPager((offset, limit) =>
        client.api['alerts.query'](queryArgs(query, offset, limit)),
      ),
  );
  useSyncExternalStore(pager.subscribe, () => pager.version);
  const [cursor, setCursor] = useState<Cursor>({ index: -1, id: null });
  const [checked, setChecked] = useState<ReadonlySet<number>>(() => new Set());
  // Where a Shift range starts: the last row clicked or toggled.
  const anchor = useRef<number | null>(null);
  const [version, setVersion] = useState(0);
  const commands = useRef<DecisionCommands>(null);

  const refresh = useCallback(() => {
    pager.refresh();
    setVersion((v) => v + 1);
  }, [pager]);

  // Decisions change rows (a bulk decision sends many events); after a reconnect, events sent
  // while the stream was down are lost: refetch what is on screen either way.
  useRefetchOn([on('alerts.changed', (e) => e.datasetId === query.datasetId)], refresh, {
    debounceMs: CHANGED_DEBOUNCE_MS,
  });
  // New alerts or a new status: the same query's pages again, in place.
  const shownVersion = useRef(alertsVersion);
  useEffect(() => {
    if (shownVersion.current === alertsVersion) return;
    shownVersion.current = alertsVersion;
    pager.refresh();
  }, [pager, alertsVersion]);

  const onSelect = useCallback(
    (index: number) => {
      anchor.current = index;
      setCursor({ index, id: pager.rowAt(index)?.id ?? null });
    },
    [pager],
  );

  const onCheck = useCallback(
    (index: number, mode: CheckMode) => {
      const row = pager.rowAt(index);
      if (!row) return;
      const from = mode === 'range' ? anchor.current : null;
      if (mode === 'toggle' || from === null) anchor.current = index;
      setChecked((prev) => {
        const next = new Set(prev);
        if (from === null) {
          if (next.has(row.id)) next.delete(row.id);
          else next.add(row.id);
        } else {
          // A range only adds, and only rows whose page is here (the ones on screen).
          for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
            const r = pager.rowAt(i);
            if (r) next.add(r.id);
          }
        }
        return next;
      });
    },
    [pager],
  );

  const onCommand = useCallback((c: TableCommand) => {
    if (c === 'approve') commands.current?.approve();
    else commands.current?.override();
  }, []);

  const clearChecked = useCallback(() => setChecked(new Set()), []);
  const detailId =
    cursor.id ?? (cursor.index >= 0 ? (pager.rowAt(cursor.index)?.id ?? null) : null);

  return (
    <div className="alerts-body">
      <div className="alerts-main">
        <div className="statusline">
          <span data-testid="alerts-total">
            {pager.total === null ? 'loading…' : `${formatInt(pager.total)} alerts`}
          </span>
          {pager.error && (
            <span className="error" data-testid="alerts-error">
              {pager.error}
            </span>
          )}
          <span className="spacer" />
          <BulkBar alertIds={[...checked]} onClear={clearChecked} onDecided={refresh} />
        </div>
        <AlertsTable
          pager={pager}
          selected={cursor.index}
          selectedId={detailId}
          onSelect={onSelect}
          checked={checked}
          onCheck={onCheck}
          onCommand={onCommand}
          catalogue={catalogue}
          sort={query.sort}
          desc={query.desc}
          onSort={onSort}
          autoFocus={autoFocus}
          onAutoFocused={onAutoFocused}
        />
      </div>
      <AlertDetailPanel
        alertId={detailId}
        version={`${version}:${alertsVersion}`}
        catalogue={catalogue}
        classes={classes}
        onDecided={refresh}
        commands={commands}
        onFilter={onKgFilter}
      />
    </div>
  );
}
