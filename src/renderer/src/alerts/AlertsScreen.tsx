/** The alerts screen: filter and sort controls, the virtualised table and the signature panel. */
import { useCallback, useState, useSyncExternalStore } from 'react';
import type { DatasetSummary } from '../../../shared/contract';
import { useClient } from '../api/context';
import { formatInt } from '../format';
import { AlertsTable, type SortKey } from './AlertsTable';
import { AlertPager } from './pager';
import { SignaturePanel } from './SignaturePanel';

/** Props of {@link AlertsScreen}. */
export interface AlertsScreenProps {
  dataset: DatasetSummary;
  classes: string[];
  onOpenReport(): void;
}

interface Query {
  datasetId: number;
  predictedClass: string | undefined;
  sort: SortKey;
  desc: boolean;
}

/** Controls plus the body, which is rebuilt (fresh pager, cleared selection) per query. */
export function AlertsScreen({ dataset, classes, onOpenReport }: AlertsScreenProps) {
  const [predictedClass, setPredictedClass] = useState<string | undefined>(undefined);
  const [sort, setSort] = useState<SortKey>('id');
  const [desc, setDesc] = useState(false);
  const query: Query = { datasetId: dataset.id, predictedClass, sort, desc };

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
        onSort={onSort}
      />
    </section>
  );
}

function AlertsBody({ query, onSort }: { query: Query; onSort(key: SortKey): void }) {
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
        }),
      ),
  );
  useSyncExternalStore(pager.subscribe, () => pager.version);
  const [selected, setSelected] = useState(-1);

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
        </div>
        <AlertsTable
          pager={pager}
          selected={selected}
          onSelect={setSelected}
          sort={query.sort}
          desc={query.desc}
          onSort={onSort}
        />
      </div>
      <SignaturePanel alert={selected >= 0 ? pager.rowAt(selected) : undefined} />
    </div>
  );
}
