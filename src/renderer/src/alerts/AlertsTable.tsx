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
import type { Catalogue } from '../catalogue';
import { AlertRowView, type CheckMode } from './AlertRowView';
import type { AlertPager } from './pager';
import { rowOffset, scrollTopToReveal, virtualWindow } from './virtual';

/** Row height in px; fixed so geometry is arithmetic, not measurement. */
export const ROW_H = 28;

/** Sort keys of alerts.query. */
export type SortKey = ValidArgs<'alerts.query'>['sort'];

/** Single-key commands on the selected alert, handled by the detail panel. */
export type TableCommand = 'approve' | 'override';

/** Props of {@link AlertsTable}. */
export interface AlertsTableProps {
  pager: AlertPager;
  /** Index of the cursor row (-1: none). */
  selected: number;
  /** Id of the alert the cursor is on, so a refresh that moves rows keeps the highlight on it. */
  selectedId: number | null;
  onSelect(index: number): void;
  /** Alert ids ticked for bulk actions. */
  checked: ReadonlySet<number>;
  onCheck(index: number, mode: CheckMode): void;
  onCommand(command: TableCommand): void;
  catalogue: Catalogue;
  sort: SortKey;
  desc: boolean;
  onSort(key: SortKey): void;
}

const COLUMNS: { label: string; sort?: SortKey; title?: string; className?: string }[] = [
  { label: '', title: 'Tick rows for bulk actions (Space; Shift/Ctrl-click)' },
  { label: 'Time / flow', sort: 'id' },
  { label: 'Source → destination' },
  { label: 'Predicted', sort: 'class' },
  { label: 'Signature', className: 'col-sig' },
  {
    label: 'Confidence',
    sort: 'confidence',
    title: 'Beta mean of the signature, bar: 95% interval',
  },
  { label: 'Recommended', title: 'The policy’s action (ATT&CK ID) and its probability' },
  { label: 'Advisor', title: 'KG or LLM advisor: suggested action and its historical reward' },
  { label: 'Status' },
  { label: 'True class' },
];

/** Letter keys that act on the selected alert. */
const COMMAND_KEYS: Record<string, TableCommand> = { a: 'approve', o: 'override' };

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
export function AlertsTable({
  pager,
  selected,
  selectedId,
  onSelect,
  checked,
  onCheck,
  onCommand,
  catalogue,
  sort,
  desc,
  onSort,
}: AlertsTableProps) {
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
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ' && selected >= 0) {
      e.preventDefault();
      onCheck(selected, 'toggle');
      return;
    }
    const command = COMMAND_KEYS[e.key.toLowerCase()];
    if (command && selected >= 0) {
      e.preventDefault();
      onCommand(command);
      return;
    }
    const step = keyStep(e.key, Math.max(1, Math.floor(viewH / ROW_H) - 1), total);
    if (step === null || total === 0) return;
    e.preventDefault();
    const from = selected < 0 ? (step > 0 ? -1 : total) : selected;
    const to = Math.min(total - 1, Math.max(0, from + step));
    select(to);
    // Shift+arrows tick the rows passed over, as in a file manager.
    if (e.shiftKey && Math.abs(step) === 1) onCheck(to, 'range');
  };

  const rows = [];
  for (let i = w.first; i <= w.last; i++) {
    const row = pager.rowAt(i);
    rows.push(
      <AlertRowView
        key={i}
        index={i}
        row={row}
        top={rowOffset(i, w, ROW_H, scrollTop)}
        selected={selectedId !== null && row ? row.id === selectedId : i === selected}
        checked={row ? checked.has(row.id) : false}
        catalogue={catalogue}
        onSelect={onSelect}
        onCheck={onCheck}
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
        {COLUMNS.map((c, k) =>
          c.sort ? (
            <button
              key={c.label}
              type="button"
              className={`cell th sortable${sort === c.sort ? ' active' : ''}`}
              title={c.title}
              onClick={() => c.sort && onSort(c.sort)}
              data-testid={`sort-${c.sort}`}
            >
              {c.label}
              {sort === c.sort ? (desc ? ' ▼' : ' ▲') : ''}
            </button>
          ) : (
            <span key={k} className={`cell th ${c.className ?? ''}`} title={c.title}>
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
        aria-label="Alerts: ↑/↓ move, Space ticks, Shift+↑/↓ ticks a range, A approves, O overrides"
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
