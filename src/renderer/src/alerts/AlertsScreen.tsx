/** The alerts screen: filter and sort controls, the virtualised table, bulk actions and the detail. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { AlertRow, DatasetSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import type { Catalogue } from '../catalogue';
import { formatInt } from '../format';
import { AlertDetailPanel } from './AlertDetailPanel';
import type { CheckMode } from './AlertRowView';
import { AlertsTable, type SortKey, type TableCommand } from './AlertsTable';
import { BulkBar } from './BulkBar';
import type { DecisionCommands } from './DecisionForm';
import { AlertPager } from './pager';

/** Props of {@link AlertsScreen}. */
export interface AlertsScreenProps {
  dataset: DatasetSummary;
  classes: string[];
  catalogue: Catalogue;
  onOpenReport(): void;
}

/** Decision statuses the filter offers. */
type Status = AlertRow['status'];
const STATUSES: Status[] = ['pending', 'approved', 'overridden', 'auto'];

interface Query {
  datasetId: number;
  predictedClass: string | undefined;
  status: Status | undefined;
  sort: SortKey;
  desc: boolean;
}

/** How long to wait for more alerts.changed events before refetching (bulk decisions send many). */
const CHANGED_DEBOUNCE_MS = 250;

/** Controls plus the body, which is rebuilt (fresh pager, cleared selection) per query. */
export function AlertsScreen({ dataset, classes, catalogue, onOpenReport }: AlertsScreenProps) {
  const [predictedClass, setPredictedClass] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [sort, setSort] = useState<SortKey>('id');
  const [desc, setDesc] = useState(false);
  const query: Query = { datasetId: dataset.id, predictedClass, status, sort, desc };

  const onSort = useCallback(
    (key: SortKey) => {
      if (key === sort) setDesc((d) => !d);
      else {
        setSort(key);
        // Most useful first: newest / most confident at the top.
        setDesc(key !== 'class');
      }
    },
    [sort],
  );

  return (
    <section className="screen alerts" data-testid="alerts-screen">
      <div className="toolbar">
        <label>
          Class{' '}
          <select
            data-testid="alerts-class-filter"
            value={predictedClass ?? ''}
            onChange={(e) => setPredictedClass(e.target.value || undefined)}
          >
            <option value="">All classes</option>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select
            data-testid="alerts-status-filter"
            value={status ?? ''}
            onChange={(e) => setStatus((e.target.value || undefined) as Status | undefined)}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort{' '}
          <select
            data-testid="alerts-sort"
            value={sort}
            onChange={(e) => setSort(e.target.value as SortKey)}
          >
            <option value="id">Time (arrival)</option>
            <option value="confidence">Confidence</option>
            <option value="class">Class</option>
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
        <span className="spacer" />
        <button type="button" className="primary" data-testid="open-report" onClick={onOpenReport}>
          Detector report
        </button>
      </div>
      {/* A new pager when the query or the dataset's alert set changes, so pages never mix. */}
      <AlertsBody
        key={`${JSON.stringify(query)}:${dataset.alerts}:${dataset.status}`}
        query={query}
        classes={classes}
        catalogue={catalogue}
        onSort={onSort}
      />
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
  classes,
  catalogue,
  onSort,
}: {
  query: Query;
  classes: string[];
  catalogue: Catalogue;
  onSort(key: SortKey): void;
}) {
  const client = useClient();
  const [pager] = useState(
    () =>
      new AlertPager((offset, limit) =>
        client.api['alerts.query']({
          datasetId: query.datasetId,
          offset,
          limit,
          sort: query.sort,
          desc: query.desc,
          ...(query.predictedClass ? { predictedClass: query.predictedClass } : {}),
          ...(query.status ? { status: query.status } : {}),
        }),
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

  useEffect(() => {
    let timer: number | undefined;
    const offChanged = client.subscribe('alerts.changed', (e) => {
      if (e.datasetId !== query.datasetId) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, CHANGED_DEBOUNCE_MS);
    });
    // Events sent while the stream was down are lost: refetch what is on screen when it is back.
    let dropped = false;
    const offConn = client.connection.onChange((s) => {
      if (s !== 'open') dropped = true;
      else if (dropped) {
        dropped = false;
        refresh();
      }
    });
    return () => {
      offChanged();
      offConn();
      window.clearTimeout(timer);
    };
  }, [client, query.datasetId, refresh]);

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
        />
      </div>
      <AlertDetailPanel
        alertId={detailId}
        version={version}
        catalogue={catalogue}
        classes={classes}
        onDecided={refresh}
        commands={commands}
      />
    </div>
  );
}
