/** The virtualised alerts table: renders only the rows in view and pages them in as it scrolls. */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { ValidArgs } from '../../../shared/contract';
import { AlertRowView } from './AlertRowView';
import type { AlertPager } from './pager';
import { rowOffset, scrollTopToReveal, virtualWindow } from './virtual';

/** Row height in px; fixed so geometry is arithmetic, not measurement. */
export const ROW_H = 28;

/** Sort keys of alerts.query. */
export type SortKey = ValidArgs<'alerts.query'>['sort'];

/** Props of {@link AlertsTable}. */
export interface AlertsTableProps {
  pager: AlertPager;
  selected: number;
  onSelect(index: number): void;
  sort: SortKey;
  desc: boolean;
  onSort(key: SortKey): void;
}

const COLUMNS: { label: string; sort?: SortKey }[] = [
  { label: 'Time / flow', sort: 'id' },
  { label: 'Source → destination' },
  { label: 'Predicted', sort: 'class' },
  { label: 'Signature' },
  { label: 'Confidence (95%)', sort: 'confidence' },
  { label: 'True class' },
];

/** Move keys and how many rows each moves (a page key moves one screenful). */
function keyStep(key: string, pageRows: number, total: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return 1;
    case 'ArrowUp':
      return -1;
    case 'PageDown':
      return pageRows;
    case 'PageUp':
      return -pageRows;
    case 'Home':
      return -total;
    case 'End':
      return total;
    default:
      return null;
  }
}

/** The table; the selection lives with the caller so the detail panel can follow it. */
export function AlertsTable({ pager, selected, onSelect, sort, desc, onSort }: AlertsTableProps) {
  useSyncExternalStore(pager.subscribe, () => pager.version);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewH, setViewH] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewH(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const total = pager.total ?? 0;
  const w = virtualWindow(total, ROW_H, scrollTop, viewH);
  useEffect(() => {
    pager.want(w.first, w.last);
  }, [pager, w.first, w.last]);

  const select = useCallback(
    (i: number) => {
      onSelect(i);
      const el = scrollRef.current;
      if (!el) return;
      const st = scrollTopToReveal(i, total, ROW_H, el.scrollTop, el.clientHeight);
      if (st !== null) el.scrollTop = st;
    },
    [onSelect, total],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = keyStep(e.key, Math.max(1, Math.floor(viewH / ROW_H) - 1), total);
    if (step === null || total === 0) return;
    e.preventDefault();
    const from = selected < 0 ? (step > 0 ? -1 : total) : selected;
    select(Math.min(total - 1, Math.max(0, from + step)));
  };

  const rows = [];
  for (let i = w.first; i <= w.last; i++) {
    rows.push(
      <AlertRowView
        key={i}
        index={i}
        row={pager.rowAt(i)}
        top={rowOffset(i, w, ROW_H, scrollTop)}
        selected={i === selected}
        onSelect={onSelect}
      />,
    );
  }

  return (
    <div
      className="atable"
      role="grid"
      aria-rowcount={total}
      data-testid="alerts-table"
      data-total={pager.total ?? ''}
    >
      <div className="arow ahead" role="row">
        {COLUMNS.map((c) =>
          c.sort ? (
            <button
              key={c.label}
              type="button"
              className={`cell th sortable${sort === c.sort ? ' active' : ''}`}
              onClick={() => c.sort && onSort(c.sort)}
              data-testid={`sort-${c.sort}`}
            >
              {c.label}
              {sort === c.sort ? (desc ? ' ▼' : ' ▲') : ''}
            </button>
          ) : (
            <span key={c.label} className="cell th">
              {c.label}
            </span>
          ),
        )}
      </div>
      <div
        ref={scrollRef}
        className="ascroll"
        tabIndex={0}
        data-testid="alerts-scroll"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div className="aspacer" style={{ height: w.spacerHeight }}>
          {rows}
        </div>
        {pager.total === 0 && (
          <div className="empty" data-testid="alerts-empty">
            No alerts for this selection.
          </div>
        )}
      </div>
    </div>
  );
}
