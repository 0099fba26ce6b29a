/**
 * The queue grouped by signature (alerts.groups): per signature its text, predicted class, alert and
 * pending counts, Beta confidence and most common recommended action. A click or Enter on a group
 * filters the rows by its signature. ↑/↓, Page keys, Home and End move the cursor, as in the table.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AlertGroup, AlertRow } from '../../../shared/contract';
import { actionAt, type Catalogue } from '../catalogue';
import { ClassBadge } from '../components/ClassBadge';
import { formatInt } from '../format';
import { ConfidenceCell } from './ConfidenceCell';
import { keyStep, stepCursor } from './cursor';
import { GROUP_LIMIT, useAlertGroups } from './useAlertGroups';

/** Rows a page key moves. */
const PAGE_ROWS = 10;

/** Props of {@link SignatureGroups}. */
export interface SignatureGroupsProps {
  datasetId: number;
  /** Server-side: only alerts of this status are counted. */
  status: AlertRow['status'] | undefined;
  /** Changes when the dataset's alerts do (a load or a live feed): the groups are fetched again. */
  version: string;
  /** Client-side: a group has one predicted class, so this filter is exact. */
  predictedClass: string | undefined;
  /** Filters the groups cannot honour are set (confidence, action, text): say so. */
  rowOnlyFilters: boolean;
  catalogue: Catalogue;
  onPick(signatureId: number): void;
}

/** The grouped view; `signature-groups` carries `data-count` and `data-alerts` (their sum). */
export function SignatureGroups({
  datasetId,
  status,
  version,
  predictedClass,
  rowOnlyFilters,
  catalogue,
  onPick,
}: SignatureGroupsProps) {
  const { groups, error, loading } = useAlertGroups(datasetId, status, version);
  const shown = useMemo(
    () =>
      (groups ?? []).filter(
        (g) => predictedClass === undefined || g.predictedClass === predictedClass,
      ),
    [groups, predictedClass],
  );
  const [cursor, setCursor] = useState(-1);
  const active = Math.min(cursor, shown.length - 1);
  const listRef = useRef<HTMLDivElement>(null);
  const alerts = shown.reduce((n, g) => n + g.alerts, 0);
  const pending = shown.reduce((n, g) => n + g.pending, 0);

  // Toggling to this view is an explicit act: take the focus, so the arrows work straight away.
  useEffect(() => listRef.current?.focus(), []);
  useEffect(() => {
    if (active < 0) return;
    listRef.current
      ?.querySelector(`[data-index="${active}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const g = shown[active];
    if (e.key === 'Enter' && g) {
      e.preventDefault();
      onPick(g.signatureId);
      return;
    }
    const step = keyStep(e.key, PAGE_ROWS, shown.length);
    if (step === null || shown.length === 0) return;
    e.preventDefault();
    setCursor(stepCursor(active, step, shown.length));
  };

  return (
    <div className="alerts-main">
      <div className="statusline">
        <span data-testid="groups-total">
          {groups === null
            ? 'loading…'
            : `${formatInt(shown.length)} signatures · ${formatInt(alerts)} alerts · ${formatInt(pending)} pending`}
        </span>
        {groups !== null && groups.length >= GROUP_LIMIT && (
          <span className="warn">the {formatInt(GROUP_LIMIT)} largest groups only</span>
        )}
        {rowOnlyFilters && (
          <span className="muted" data-testid="groups-filters-note">
            confidence, action and search filters apply to the rows, not to the groups
          </span>
        )}
        {error && (
          <span className="error" data-testid="groups-error">
            {error}
          </span>
        )}
      </div>
      <div
        className="gtable"
        data-testid="signature-groups"
        data-count={groups === null ? '' : shown.length}
        data-alerts={groups === null ? '' : alerts}
        aria-busy={loading}
      >
        <div className="grp ghead" aria-hidden="true">
          <span className="cell th">Signature</span>
          <span className="cell th">Predicted</span>
          <span className="cell th num">Alerts</span>
          <span className="cell th num">Pending</span>
          <span className="cell th" title="Beta mean of the signature now, bar: 95% interval">
            Confidence
          </span>
          <span className="cell th" title="The action the policy recommends most in the group">
            Top recommended
          </span>
        </div>
        <div
          ref={listRef}
          className="gscroll"
          role="listbox"
          tabIndex={0}
          aria-label="Signature groups: ↑/↓ move, Enter shows the group's alerts"
          aria-activedescendant={shown[active] ? groupDomId(shown[active]) : undefined}
          data-testid="signature-groups-list"
          onKeyDown={onKeyDown}
        >
          {shown.map((g, i) => (
            <GroupRow
              key={g.signatureId}
              g={g}
              index={i}
              active={i === active}
              catalogue={catalogue}
              onPick={onPick}
            />
          ))}
          {groups !== null && shown.length === 0 && (
            <div className="empty" data-testid="groups-empty">
              No alerts for this selection.
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

const groupDomId = (g: AlertGroup): string => `signature-group-${g.signatureId}`;

function GroupRow({
  g,
  index,
  active,
  catalogue,
  onPick,
}: {
  g: AlertGroup;
  index: number;
  active: boolean;
  catalogue: Catalogue;
  onPick(signatureId: number): void;
}) {
  const top = g.topAction === null ? null : actionAt(catalogue, g.topAction);
  return (
    <div
      id={groupDomId(g)}
      className={active ? 'grp selected' : 'grp'}
      role="option"
      aria-selected={active}
      data-testid="signature-group"
      data-index={index}
      data-signature-id={g.signatureId}
      data-class={g.predictedClass}
      data-alerts={g.alerts}
      data-pending={g.pending}
      title={`Show the ${formatInt(g.alerts)} alerts of signature #${g.signatureId}`}
      onClick={() => onPick(g.signatureId)}
    >
      <span className="cell ellipsis">
        <span className="mono muted">#{g.signatureId}</span>{' '}
        <span className="mono sig" data-testid="group-signature-text">
          {g.signatureText}
        </span>
      </span>
      <span className="cell">
        <ClassBadge name={g.predictedClass} />
      </span>
      <span className="cell mono num" data-testid="group-alerts">
        {formatInt(g.alerts)}
      </span>
      <span className="cell mono num" data-testid="group-pending">
        {formatInt(g.pending)}
      </span>
      <span className="cell">
        <ConfidenceCell c={g.confidence} />
      </span>
      {top ? (
        <span
          className="cell rec-cell"
          data-testid="group-top-action"
          data-action-id={top.id}
          title={`${top.id} ${top.name}`}
        >
          <span className="mono aid">{top.id}</span>
          <span className="ellipsis rec-name">{top.name}</span>
        </span>
      ) : (
        <span className="cell muted" data-testid="group-top-action">
          —
        </span>
      )}
    </div>
  );
}
