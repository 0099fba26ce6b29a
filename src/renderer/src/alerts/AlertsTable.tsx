/** The virtualised alerts table: renders only the rows in view and pages them in as it scrolls. */
import { useCallback, useEffect, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { Catalogue } from '../catalogue';
import { AlertRowView, type CheckMode } from './AlertRowView';
import { keyStep, stepCursor } from './cursor';
import { eventTimesSpanDays } from './eventTime';
import type { SortKey } from './query';
import type { AlertPager } from './pager';
import { rowOffset, scrollTopToReveal } from './virtual';
import { useVirtualRows, VirtualScroll } from './virtualRows';

/** Row height in px; fixed so geometry is arithmetic, not measurement. */
export const ROW_H = 28;

export type { SortKey };

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
  /** Source (dataset / feed) names by id. */
  names: ReadonlyMap<number, string>;
  sort: SortKey;
  desc: boolean;
  onSort(key: SortKey): void;
  /** Focus the rows on mount (the analyst arrived here with the keyboard, e.g. from a group). */
  autoFocus?: boolean;
  /** Told once the rows took the focus, so the caller can stop asking. */
  onAutoFocused?(): void;
}

/** A header column; `also` is a second sort key sharing the column (the probability). */
interface Column {
  label: string;
  /** The label a narrow table shows instead. */
  short?: string;
  sort?: SortKey;
  title?: string;
  className?: string;
  also?: { sort: SortKey; label: string; title: string };
}

const COLUMNS: Column[] = [
  { label: '', title: 'Tick rows for bulk actions (Space; Shift/Ctrl-click)' },
  {
    label: 'Event time',
    short: 'Time',
    sort: 'time',
    title: 'When the flow happened, as its record writes it (12-hour CIC clocks resolved)',
    also: { sort: 'id', label: '#', title: 'Sort by arrival order (alert id)' },
  },
  { label: 'Source', title: 'The dataset or live feed the alert arrived in' },
  { label: 'Source → destination' },
  { label: 'Predicted', sort: 'class' },
  { label: 'Signature', className: 'col-sig' },
  {
    label: 'Confidence',
    short: 'Conf.',
    sort: 'confidence',
    title: 'Beta mean of the signature, bar: 95% interval',
  },
  {
    label: 'Recommended',
    short: 'Action',
    sort: 'action',
    title:
      'The policy’s action (ATT&CK ID) and π, the policy’s preference for it (not a confidence: see Risk); click: sort by action',
    also: {
      sort: 'probability',
      label: 'π',
      title: 'Sort by the policy’s preference π(a|s) (not a confidence)',
    },
  },
  {
    label: 'Risk',
    sort: 'risk',
    title:
      'P wrong: posterior probability that the recommended action is wrong for the flow’s true class; ⚑: needs review',
    also: {
      sort: 'reward',
      label: 'E[r]',
      title: 'Sort by the expected reward of the recommended action (lowest first)',
    },
  },
  { label: 'Advisor', title: 'KG or LLM advisor: suggested action and its historical reward' },
  { label: 'Status' },
  { label: 'True class', short: 'Truth' },
];

/** Letter keys that act on the selected alert. */
const COMMAND_KEYS: Record<string, TableCommand> = { a: 'approve', o: 'override' };

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
  names,
  sort,
  desc,
  onSort,
  autoFocus = false,
  onAutoFocused,
}: AlertsTableProps) {
  useSyncExternalStore(pager.subscribe, () => pager.version);
  const { scrollRef, scrollTop, setScrollTop, viewH, total, w } = useVirtualRows(pager, ROW_H);

  useEffect(() => {
    if (!autoFocus) return;
    scrollRef.current?.focus();
    onAutoFocused?.();
    // Only on mount: a later render must not pull the focus from the toolbar.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const select = useCallback(
    (i: number) => {
      onSelect(i);
      const el = scrollRef.current;
      if (!el) return;
      const st = scrollTopToReveal(i, total, ROW_H, el.scrollTop, el.clientHeight);
      if (st !== null) el.scrollTop = st;
    },
    [onSelect, total, scrollRef],
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
    const to = stepCursor(selected, step, total);
    select(to);
    // Shift+arrows tick the rows passed over, as in a file manager.
    if (e.shiftKey && Math.abs(step) === 1) onCheck(to, 'range');
  };

  const times: (number | null)[] = [];
  for (let i = w.first; i <= w.last; i++) times.push(pager.rowAt(i)?.timeMs ?? null);
  const withDate = eventTimesSpanDays(times);
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
        source={row ? (names.get(row.datasetId) ?? `#${row.datasetId}`) : ''}
        withDate={withDate}
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
          c.also && c.sort ? (
            <span key={c.label} className="cell th sort-pair">
              <SortButton
                sortKey={c.sort}
                label={c.label}
                short={c.short}
                title={c.title}
                sort={sort}
                desc={desc}
                onSort={onSort}
              />
              <SortButton
                sortKey={c.also.sort}
                label={c.also.label}
                title={c.also.title}
                sort={sort}
                desc={desc}
                onSort={onSort}
              />
            </span>
          ) : c.sort ? (
            <SortButton
              key={c.label}
              className="cell th"
              sortKey={c.sort}
              label={c.label}
              short={c.short}
              title={c.title}
              sort={sort}
              desc={desc}
              onSort={onSort}
            />
          ) : (
            <span key={k} className={`cell th ${c.className ?? ''}`} title={c.title}>
              <Label label={c.label} short={c.short} />
            </span>
          ),
        )}
      </div>
      <VirtualScroll
        scrollRef={scrollRef}
        spacerHeight={w.spacerHeight}
        onScrollTop={setScrollTop}
        testId="alerts-scroll"
        label="Alerts: ↑/↓ move, Space ticks, Shift+↑/↓ ticks a range, A approves, O overrides"
        onKeyDown={onKeyDown}
        empty={
          pager.total === 0
            ? { testId: 'alerts-empty', text: 'No alerts for this selection.' }
            : null
        }
      >
        {rows}
      </VirtualScroll>
    </div>
  );
}

/** A sortable header: first click sorts by its key, the next flips the direction. */
/** A header label, with the shorter one a narrow table shows (CSS picks). */
function Label({ label, short }: { label: string; short?: string | undefined }) {
  if (!short) return <>{label}</>;
  return (
    <>
      <span className="label-long">{label}</span>
      <span className="label-short">{short}</span>
    </>
  );
}

function SortButton({
  sortKey,
  label,
  short,
  title,
  className = '',
  sort,
  desc,
  onSort,
}: {
  sortKey: SortKey;
  label: string;
  short?: string | undefined;
  title: string | undefined;
  className?: string;
  sort: SortKey;
  desc: boolean;
  onSort(key: SortKey): void;
}) {
  const active = sort === sortKey;
  return (
    <button
      type="button"
      className={`${className} sortable${active ? ' active' : ''}`}
      title={title}
      onClick={() => onSort(sortKey)}
      data-testid={`sort-${sortKey}`}
    >
      <Label label={label} short={short} />
      {active ? (desc ? ' ▼' : ' ▲') : ''}
    </button>
  );
}
