/**
 * The alerts screen: filter and sort controls, then either the virtualised table with bulk actions
 * and the detail, or the queue grouped by signature.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DatasetSummary, QueueGroup } from '../../../shared/contract';
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
import { QUEUE_SORT_LABELS, QueueView, type QueueQuery, type QueueSort } from './QueueView';

/** Props of {@link AlertsScreen}. */
export interface AlertsScreenProps {
  /** Every source (dataset or live feed): one queue over all of them, a source is a filter. */
  datasets: DatasetSummary[];
  classes: string[];
  catalogue: Catalogue;
  onOpenReport(): void;
  /**
   * A filter to open the queue with (e.g. carried from the Graph screen). It replaces every
   * filter when the screen mounts and whenever a new object is passed; undefined changes nothing.
   */
  initialFilter?: QueueFilter & { datasetId?: number };
  /** A source picked in the header: the queue narrows to it (the Source filter shows it). */
  source?: { id: number } | null;
}

/** How long to wait for more alerts.changed events before refetching (bulk decisions send many). */
const CHANGED_DEBOUNCE_MS = 250;

/** The screen's two views: the aggregated queue (default) and the flat list of flows. */
export type AlertsView = 'queue' | 'flows';

/** Controls plus the body, which is rebuilt (fresh pager, cleared selection) per query. */
export function AlertsScreen({
  datasets,
  classes,
  catalogue,
  onOpenReport,
  initialFilter,
  source = null,
}: AlertsScreenProps) {
  const [filters, setFilters] = useState<AlertFilters>(() => ({
    ...carriedFilters(initialFilter),
    ...(source ? { datasetId: source.id } : {}),
  }));
  const [seed, setSeed] = useState(initialFilter);
  // Bumped when the filters are reset from outside the bar: remounts it, dropping its drafts.
  const [barKey, setBarKey] = useState(0);
  const [seenSource, setSeenSource] = useState(source);
  if (source !== seenSource) {
    setSeenSource(source);
    if (source) {
      setFilters((f) => ({ ...f, datasetId: source.id }));
      setBarKey((k) => k + 1);
    }
  }
  const [sort, setSort] = useState<SortKey>('id');
  const [desc, setDesc] = useState(false);
  // A filter carried in (a graph click) opens the flows it names; otherwise the queue.
  const [view, setView] = useState<AlertsView>(initialFilter ? 'flows' : 'queue');
  const [queueSort, setQueueSort] = useState<QueueSort>('risk');
  const [showBenign, setShowBenign] = useState(false);
  const [pendingOnly, setPendingOnly] = useState(false);
  // The rows take the focus when the analyst came from a group with the keyboard.
  const [focusRows, setFocusRows] = useState(false);

  if (initialFilter !== seed) {
    // A filter carried in after mount: apply it now (React's "adjust state on a prop change").
    setSeed(initialFilter);
    if (initialFilter) {
      setFilters(carriedFilters(initialFilter));
      setView('flows');
      setBarKey((k) => k + 1);
    }
  }
  const query: AlertQuery = { ...filters, sort, desc };
  const shown = datasets.filter(
    (d) => filters.datasetId === undefined || d.id === filters.datasetId,
  );
  const alertsVersion = shown.map((d) => `${d.id}:${d.alerts}:${d.status}`).join(',');

  const onFilters = useCallback((patch: Partial<AlertFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
  }, []);

  const onClear = useCallback(() => {
    setFilters(NO_FILTERS);
    setBarKey((k) => k + 1);
  }, []);

  const onKgFilter = useCallback((f: KgFilter) => {
    setFilters((cur) => withQueueFilter(cur, filterArgs(f) as QueueFilter));
  }, []);

  /** Related flows of an alert (or a group's flows): the flat list filtered to them. */
  const onPivot = useCallback((patch: Partial<AlertFilters>) => {
    setFilters((f) => ({
      ...f,
      signatureId: undefined,
      signatureIds: undefined,
      signatureLabel: undefined,
      src: undefined,
      dst: undefined,
      dstPort: undefined,
      predictedClass: undefined,
      text: undefined,
      ...patch,
    }));
    setBarKey((k) => k + 1);
    setView('flows');
    setFocusRows(true);
  }, []);

  const onExpand = useCallback(
    (g: QueueGroup) =>
      onPivot({
        signatureId: g.signatureId,
        src: g.src?.address,
        dst: g.allDsts ? undefined : g.dst?.address,
        dstPort: g.allPorts ? undefined : (g.dstPort ?? undefined),
      }),
    [onPivot],
  );

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

  const queueQuery: QueueQuery = {
    datasetId: filters.datasetId,
    predictedClass: filters.predictedClass,
    signatureIds:
      filters.signatureIds ??
      (filters.signatureId === undefined ? undefined : [filters.signatureId]),
    text: filters.text,
    needsReview: filters.needsReview,
    showBenign,
    pendingOnly,
    sort: queueSort,
    desc: true,
  };

  return (
    <section className="screen alerts" data-testid="alerts-screen" data-view={view}>
      <AlertFiltersBar
        key={barKey}
        filters={filters}
        onFilters={onFilters}
        onClear={onClear}
        classes={classes}
        catalogue={catalogue}
        datasets={datasets}
      />
      <div className="toolbar">
        <span className="segmented" role="group" aria-label="View">
          <button
            type="button"
            className={view === 'queue' ? 'active' : ''}
            aria-pressed={view === 'queue'}
            data-testid="alerts-view-queue"
            title="Alerts grouped by signature × source × destination × service, riskiest first"
            onClick={() => setView('queue')}
          >
            Queue
          </button>
          <button
            type="button"
            className={view === 'flows' ? 'active' : ''}
            aria-pressed={view === 'flows'}
            data-testid="alerts-view-flows"
            title="Every alert, one row per flow"
            onClick={() => setView('flows')}
          >
            Flows
          </button>
        </span>
        {view === 'queue' ? (
          <>
            <label>
              Sort{' '}
              <select
                data-testid="queue-sort"
                value={queueSort}
                onChange={(e) => setQueueSort(e.target.value as QueueSort)}
              >
                {(Object.keys(QUEUE_SORT_LABELS) as QueueSort[]).map((k) => (
                  <option key={k} value={k}>
                    {QUEUE_SORT_LABELS[k]}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                data-testid="queue-pending-only"
                checked={pendingOnly}
                onChange={(e) => setPendingOnly(e.target.checked)}
              />{' '}
              Pending only
            </label>
          </>
        ) : (
          <>
            <label>
              Sort{' '}
              <select
                data-testid="alerts-sort"
                value={sort}
                onChange={(e) => setSort(e.target.value as SortKey)}
              >
                <option value="id">Arrival order</option>
                <option value="time">Event time</option>
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
                onChange={(e) => setDesc(e.target.checked)}
              />{' '}
              Descending
            </label>
          </>
        )}
        <span className="spacer" />
        <ExportMenu datasetId={filters.datasetId} />
        <button type="button" className="primary" data-testid="open-report" onClick={onOpenReport}>
          Detector report
        </button>
      </div>
      {view === 'queue' ? (
        <QueueView
          key={JSON.stringify(queueQuery)}
          query={queueQuery}
          datasets={datasets}
          catalogue={catalogue}
          classes={classes}
          onShowBenign={setShowBenign}
          onExpand={onExpand}
        />
      ) : (
        // A new pager per query, so pages never mix; a change of the sources' alert sets (a live
        // feed adding alerts) refreshes the pages in place, keeping scroll, cursor and ticks.
        <AlertsBody
          key={JSON.stringify(query)}
          query={query}
          alertsVersion={alertsVersion}
          classes={classes}
          catalogue={catalogue}
          datasets={datasets}
          onSort={onSort}
          onKgFilter={onKgFilter}
          onPivot={onPivot}
          autoFocus={focusRows}
          onAutoFocused={onAutoFocused}
        />
      )}
    </section>
  );
}

/** The filters a carried-in filter means (its source included). */
function carriedFilters(f: (QueueFilter & { datasetId?: number }) | undefined): AlertFilters {
  return { ...filtersFrom(f), datasetId: f?.datasetId };
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
  datasets,
  onSort,
  onKgFilter,
  onPivot,
  autoFocus,
  onAutoFocused,
}: {
  query: AlertQuery;
  /** Changes when the sources' alert counts or status do: the pages are fetched again. */
  alertsVersion: string;
  classes: string[];
  catalogue: Catalogue;
  datasets: DatasetSummary[];
  onSort(key: SortKey): void;
  onKgFilter(filter: KgFilter): void;
  onPivot(patch: Partial<AlertFilters>): void;
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
  useRefetchOn(
    [on('alerts.changed', (e) => query.datasetId === undefined || e.datasetId === query.datasetId)],
    refresh,
    {
      debounceMs: CHANGED_DEBOUNCE_MS,
    },
  );
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
  const [lastDecision, setLastDecision] = useState<string | null>(null);
  // After a decision the cursor moves on to the next pending alert (the decided one keeps its row).
  const onDecided = useCallback(
    (summary?: string) => {
      if (summary) setLastDecision(summary);
      const at = cursor.index;
      const decidedId = cursor.id ?? pager.rowAt(at)?.id ?? null;
      const total = pager.total ?? 0;
      let to = -1;
      for (let i = at + 1; i < total; i++) {
        const r = pager.rowAt(i);
        if (!r) break;
        if (r.id !== decidedId && r.status === 'pending') {
          to = i;
          break;
        }
      }
      if (to >= 0) setCursor({ index: to, id: pager.rowAt(to)?.id ?? null });
      refresh();
    },
    [cursor, pager, refresh],
  );
  const names = new Map(datasets.map((d) => [d.id, d.name]));
  const detailId =
    cursor.id ?? (cursor.index >= 0 ? (pager.rowAt(cursor.index)?.id ?? null) : null);

  return (
    <div className="alerts-body">
      <div className="alerts-main">
        <div className="statusline">
          <span data-testid="alerts-total">
            {pager.total === null ? 'loading…' : `${formatInt(pager.total)} alerts`}
          </span>
          {lastDecision && (
            <span className="ok ellipsis" role="status" data-testid="last-decision">
              ✓ {lastDecision}
            </span>
          )}
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
          names={names}
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
        onDecided={onDecided}
        commands={commands}
        onFilter={onKgFilter}
        onPivot={onPivot}
      />
    </div>
  );
}
