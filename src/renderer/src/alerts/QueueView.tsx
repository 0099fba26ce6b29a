/**
 * The aggregated queue, the Alerts screen's default view: alerts grouped by signature × source ×
 * destination × service across every source, riskiest first, benign hidden; one decision per group
 * (audited per alert), after which the selection moves to the next group with alerts pending.
 */
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type {
  DatasetSummary,
  FoldedAddress,
  QueueGroup,
  QueuePage,
  RequestArgs,
  ValidArgs,
} from '../../../shared/contract';
import { useClient } from '../api/context';
import { on, useRefetchOn } from '../api/useCore';
import { actionAt, type Catalogue } from '../catalogue';
import { ClassBadge } from '../components/ClassBadge';
import { formatInt, formatShare } from '../format';
import { keyStep, stepCursor } from './cursor';
import { eventTimesSpanDays, formatEventRange, formatEventTime } from './eventTime';
import { GroupPanel } from './GroupPanel';
import { AlertPager } from './pager';
import { rowOffset, scrollTopToReveal } from './virtual';
import { useVirtualRows, VirtualScroll } from './virtualRows';

/** Height of a group row (two lines). */
export const GROUP_ROW_H = 44;

/** How the queue is ordered. */
export type QueueSort = ValidArgs<'alerts.queue'>['sort'];

export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  risk: 'Risk (highest P wrong)',
  severity: 'Severity',
  alerts: 'Alerts',
  pending: 'Pending',
  lastSeen: 'Last seen (event time)',
  firstSeen: 'First seen (event time)',
};

/** The queue's own filters (the screen's source, class, signature and search filters apply too). */
export interface QueueQuery {
  datasetId: number | undefined;
  predictedClass: string | undefined;
  signatureIds: number[] | undefined;
  text: string | undefined;
  needsReview: true | undefined;
  showBenign: boolean;
  pendingOnly: boolean;
  sort: QueueSort;
  desc: boolean;
}

/** The alerts.queue arguments of a page. */
export function queueArgs(
  q: QueueQuery,
  offset: number,
  limit: number,
): RequestArgs<'alerts.queue'> {
  const args: RequestArgs<'alerts.queue'> = {
    hideBenign: !q.showBenign,
    pendingOnly: q.pendingOnly,
    sort: q.sort,
    desc: q.desc,
    offset,
    limit,
  };
  if (q.datasetId !== undefined) args.datasetId = q.datasetId;
  if (q.predictedClass !== undefined) args.predictedClass = q.predictedClass;
  if (q.signatureIds !== undefined) args.signatureIds = q.signatureIds;
  if (q.text !== undefined) args.text = q.text;
  if (q.needsReview) args.needsReview = true;
  return args;
}

/** Severity words (the queue's severity is 3 high … 0 none). */
export const SEVERITY_WORDS = ['none', 'low', 'medium', 'high'] as const;

/** "205.174.165.73 (also 172.16.0.1)" — an address with the NAT aliases folded into it. */
export function addressText(a: FoldedAddress | null): string {
  if (!a) return '–';
  return a.aliases.length ? `${a.address} (also ${a.aliases.join(', ')})` : a.address;
}

/** Where the selection goes after the group at `index` was decided: the next with alerts pending. */
export function nextPending(
  rowAt: (i: number) => QueueGroup | undefined,
  index: number,
  total: number,
  decidedKey: string,
): number {
  for (let i = index + 1; i < total; i++) {
    const g = rowAt(i);
    if (g && g.key !== decidedKey && g.pending > 0) return i;
  }
  for (let i = 0; i < index; i++) {
    const g = rowAt(i);
    if (g && g.key !== decidedKey && g.pending > 0) return i;
  }
  return Math.min(index, total - 1);
}

/** How long to wait for more alerts.changed events (a live feed sends many) before refetching. */
const QUEUE_REFRESH_MS = 1000;

/** Props of {@link QueueView}. */
export interface QueueViewProps {
  query: QueueQuery;
  datasets: DatasetSummary[];
  catalogue: Catalogue;
  classes: string[];
  onShowBenign(show: boolean): void;
  /** Show a group's flows in the flat list. */
  onExpand(g: QueueGroup): void;
}

/** The queue list and the selected group's panel; rebuilt per query. */
export function QueueView({
  query,
  datasets,
  catalogue,
  classes,
  onShowBenign,
  onExpand,
}: QueueViewProps) {
  const client = useClient();
  const [pager] = useState(
    () =>
      new AlertPager<QueueGroup, QueuePage>((offset, limit) =>
        client.api['alerts.queue'](queueArgs(query, offset, limit)),
      ),
  );
  useSyncExternalStore(pager.subscribe, () => pager.version);
  const [cursor, setCursor] = useState<{ index: number; key: string | null }>({
    index: -1,
    key: null,
  });
  const refresh = useCallback(() => pager.refresh(), [pager]);
  useRefetchOn(
    [
      on('alerts.changed', (e) => query.datasetId === undefined || e.datasetId === query.datasetId),
      on('datasets.changed', () => true),
    ],
    refresh,
    // Throttled: a live feed's steady stream of events still refreshes the queue once a second.
    { throttleMs: QUEUE_REFRESH_MS },
  );

  const total = pager.total ?? 0;
  const rowAt = useCallback((i: number) => pager.rowAt(i), [pager]);
  // Nothing picked yet: the first group (the riskiest) is selected once it is here.
  const selected =
    cursor.index < 0
      ? pager.rowAt(0)
        ? 0
        : -1
      : cursor.key !== null && pager.rowAt(cursor.index)?.key !== cursor.key
        ? findKey(pager, cursor.key, cursor.index)
        : cursor.index;
  const group = selected >= 0 ? (pager.rowAt(selected) ?? null) : null;

  const onSelect = useCallback(
    (index: number) => setCursor({ index, key: pager.rowAt(index)?.key ?? null }),
    [pager],
  );
  const [lastDecision, setLastDecision] = useState<string | null>(null);
  const onDecided = useCallback(
    (decided: QueueGroup, summary: string) => {
      setLastDecision(summary);
      const to = nextPending(rowAt, selected, total, decided.key);
      setCursor({ index: to, key: pager.rowAt(to)?.key ?? null });
      pager.refresh();
    },
    [pager, rowAt, selected, total],
  );
  const commands = useRef<{ approve(): void; override(): void }>(null);
  const summary = pager.last;
  const withDate = eventTimesSpanDays(
    summary?.rows.flatMap((g) => [g.firstSeen, g.lastSeen]) ?? [],
  );
  const names = new Map(datasets.map((d) => [d.id, d.name]));

  return (
    <div className="alerts-body queue-body">
      <div className="alerts-main">
        <div className="statusline" data-testid="queue-summary">
          <span data-testid="queue-total" data-total={pager.total ?? ''}>
            {summary === null
              ? 'loading…'
              : `${formatInt(summary.total)} groups · ${formatInt(summary.alerts)} alerts · ${formatInt(summary.pending)} pending`}
          </span>
          {summary !== null && (summary.hiddenBenign > 0 || query.showBenign) && (
            <label className="check" title="Benign alerts are hidden by default">
              <input
                type="checkbox"
                data-testid="queue-show-benign"
                checked={query.showBenign}
                onChange={(e) => onShowBenign(e.target.checked)}
              />{' '}
              {query.showBenign
                ? 'Benign shown'
                : `Show ${formatInt(summary.hiddenBenign)} benign alerts`}
            </label>
          )}
          {lastDecision && (
            <span className="ok ellipsis" role="status" data-testid="queue-last-decision">
              ✓ {lastDecision}
            </span>
          )}
          {pager.error && (
            <span className="error" data-testid="queue-error">
              {pager.error}
            </span>
          )}
        </div>
        {summary !== null && summary.unrecommended > 0 && (
          <Preparing unrecommended={summary.unrecommended} alerts={summary.alerts} />
        )}
        <QueueList
          pager={pager}
          selected={selected}
          onSelect={onSelect}
          catalogue={catalogue}
          names={names}
          withDate={withDate}
          onCommand={(c) =>
            c === 'approve' ? commands.current?.approve() : commands.current?.override()
          }
          onExpand={() => group && onExpand(group)}
        />
      </div>
      <GroupPanel
        key={group?.key ?? 'none'}
        group={group}
        datasetId={query.datasetId}
        catalogue={catalogue}
        classes={classes}
        names={names}
        withDate={withDate}
        onDecided={onDecided}
        onExpand={onExpand}
        commands={commands}
      />
    </div>
  );
}

/** The row holding `key` near `hint` among the loaded rows (a refresh may have moved it); else hint. */
function findKey(pager: AlertPager<QueueGroup, QueuePage>, key: string, hint: number): number {
  const total = pager.total ?? 0;
  for (let d = 0; d < 400; d++) {
    for (const i of [hint + d, hint - d]) {
      if (i >= 0 && i < total && pager.rowAt(i)?.key === key) return i;
    }
  }
  return Math.min(hint, total - 1);
}

/** Recommendations still being prepared (the load's advising phase, a feed's first policy). */
function Preparing({ unrecommended, alerts }: { unrecommended: number; alerts: number }) {
  const done = Math.max(0, alerts - unrecommended);
  return (
    <div className="banner info preparing" role="status" data-testid="queue-preparing">
      Recommendations are being prepared: {formatInt(done)} of {formatInt(alerts)} alerts have one
      so far (the policy trains after classifying).{' '}
      <progress max={alerts} value={done} aria-label="alerts with a recommendation" />
    </div>
  );
}

const COMMAND_KEYS: Record<string, 'approve' | 'override'> = { a: 'approve', o: 'override' };

function QueueList({
  pager,
  selected,
  onSelect,
  catalogue,
  names,
  withDate,
  onCommand,
  onExpand,
}: {
  pager: AlertPager<QueueGroup, QueuePage>;
  selected: number;
  onSelect(index: number): void;
  catalogue: Catalogue;
  names: Map<number, string>;
  withDate: boolean;
  onCommand(c: 'approve' | 'override'): void;
  onExpand(): void;
}) {
  const { scrollRef, scrollTop, setScrollTop, viewH, total, w } = useVirtualRows(
    pager,
    GROUP_ROW_H,
  );
  // Keep the selection in view (also when a decision moved it).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selected < 0) return;
    const st = scrollTopToReveal(selected, total, GROUP_ROW_H, el.scrollTop, el.clientHeight);
    if (st !== null) el.scrollTop = st;
  }, [selected, total, scrollRef]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const command = COMMAND_KEYS[e.key.toLowerCase()];
    if (command && selected >= 0) {
      e.preventDefault();
      onCommand(command);
      return;
    }
    if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      onExpand();
      return;
    }
    const step = keyStep(e.key, Math.max(1, Math.floor(viewH / GROUP_ROW_H) - 1), total);
    if (step === null || total === 0) return;
    e.preventDefault();
    onSelect(stepCursor(selected, step, total));
  };

  const rows = [];
  for (let i = w.first; i <= w.last; i++) {
    const g = pager.rowAt(i);
    const top = rowOffset(i, w, GROUP_ROW_H, scrollTop);
    rows.push(
      g ? (
        <GroupRow
          key={i}
          index={i}
          g={g}
          top={top}
          selected={i === selected}
          catalogue={catalogue}
          names={names}
          withDate={withDate}
          onSelect={onSelect}
        />
      ) : (
        <div
          key={i}
          className="qrow placeholder"
          style={{ transform: `translateY(${top}px)` }}
          aria-busy="true"
        >
          <span className="cell muted">loading…</span>
        </div>
      ),
    );
  }
  return (
    <div className="atable qtable" role="grid" aria-rowcount={total} data-testid="queue">
      <div className="qrow qhead" role="row">
        <span className="cell th">Risk</span>
        <span className="cell th">Severity · class</span>
        <span className="cell th">Source → destination</span>
        <span className="cell th num">Alerts</span>
        <span className="cell th">Recommended</span>
        <span className="cell th">Seen (event time)</span>
      </div>
      <VirtualScroll
        scrollRef={scrollRef}
        spacerHeight={w.spacerHeight}
        onScrollTop={setScrollTop}
        testId="queue-scroll"
        label="Queue: ↑/↓ move, A approves the group, O overrides it, Enter shows its flows"
        onKeyDown={onKeyDown}
        empty={
          pager.total === 0
            ? { testId: 'queue-empty', text: 'Nothing in the queue for this selection.' }
            : null
        }
      >
        {rows}
      </VirtualScroll>
    </div>
  );
}

function GroupRow({
  index,
  g,
  top,
  selected,
  catalogue,
  names,
  withDate,
  onSelect,
}: {
  index: number;
  g: QueueGroup;
  top: number;
  selected: boolean;
  catalogue: Catalogue;
  names: Map<number, string>;
  withDate: boolean;
  onSelect(index: number): void;
}) {
  const action = g.topAction === null ? null : actionAt(catalogue, g.topAction);
  const service = g.allPorts ? ':*' : g.dstPort === null ? '' : `:${g.dstPort}`;
  const ports = g.allPorts ? `${formatInt(g.ports)} port${g.ports === 1 ? '' : 's'} · ` : '';
  const to = g.allDsts ? `${formatInt(g.dsts)} hosts` : addressText(g.dst);
  const sources = g.datasetIds.map((id) => names.get(id) ?? `#${id}`).join(', ');
  return (
    <div
      className={`qrow${selected ? ' selected' : ''}${g.pending === 0 ? ' done' : ''}`}
      role="row"
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="queue-group"
      data-index={index}
      data-key={g.key}
      data-signature-id={g.signatureId}
      data-class={g.predictedClass}
      data-alerts={g.alerts}
      data-pending={g.pending}
      data-severity={g.severity}
      data-max-risk={g.maxRisk ?? ''}
      onMouseDown={() => onSelect(index)}
    >
      <span className={`cell risk-cell${g.needsReview > 0 ? ' review' : ''}`}>
        <span className="mono num" data-testid="group-risk">
          {g.maxRisk === null ? '—' : formatShare(g.maxRisk)}
        </span>
        {g.needsReview > 0 && (
          <span
            className="review-flag"
            data-testid="group-needs-review"
            title={`${formatInt(g.needsReview)} pending alerts need review`}
          >
            ⚑ {formatInt(g.needsReview)}
          </span>
        )}
      </span>
      <span className="cell two-line">
        <span className={`sev sev-${g.severity}`} data-testid="group-severity">
          {SEVERITY_WORDS[g.severity]}
        </span>
        <ClassBadge name={g.predictedClass} testId="group-class" />
      </span>
      <span className="cell two-line" title={`${addressText(g.src)} → ${to}${service}`}>
        <span className="mono ellipsis" data-testid="group-flow">
          {g.src?.address ?? '–'} →{' '}
          {g.allDsts ? `${formatInt(g.dsts)} hosts` : (g.dst?.address ?? '–')}
          {service}
        </span>
        <span className="muted ellipsis small" title={g.signatureText}>
          {ports}#{g.signatureId} {g.signatureText}
        </span>
      </span>
      <span className="cell two-line num">
        <span className="mono" data-testid="group-alerts">
          {formatInt(g.alerts)}
        </span>
        <span className="muted small" data-testid="group-pending">
          {g.pending === 0 ? 'done' : `${formatInt(g.pending)} pending`}
        </span>
      </span>
      <span className="cell two-line">
        {action ? (
          <span className="mono aid" data-testid="group-action" data-action-id={action.id}>
            {action.id} <span className="muted">{action.name}</span>
          </span>
        ) : (
          <span className="muted" data-testid="group-action">
            — preparing
          </span>
        )}
        <span className="muted small ellipsis" data-testid="group-sources" title={sources}>
          {sources}
        </span>
      </span>
      <span
        className="cell two-line mono small"
        data-testid="group-seen"
        title={formatEventRange(g.firstSeen, g.lastSeen, true)}
      >
        <span className="ellipsis">{formatEventTime(g.firstSeen, withDate)}</span>
        {g.lastSeen !== g.firstSeen && (
          <span className="ellipsis muted">– {formatEventTime(g.lastSeen, withDate)}</span>
        )}
      </span>
    </div>
  );
}
