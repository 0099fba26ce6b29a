/**
 * The selected queue group: what it is (signature, endpoints with their NAT aliases, counts, event
 * times, sources), its recommended action, and one decision for all its pending alerts.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { QueueGroup } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { actionAt, actionLabel, type Catalogue } from '../catalogue';
import { ClassBadge } from '../components/ClassBadge';
import { formatInt, formatShare } from '../format';
import { OverrideFields, type Disposition } from './DecisionForm';
import { formatEventRange } from './eventTime';
import { addressText, SEVERITY_WORDS } from './QueueView';

/** Props of {@link GroupPanel}. */
export interface GroupPanelProps {
  group: QueueGroup | null;
  /** The source filter the queue shows (a group decision covers only that source's alerts). */
  datasetId: number | undefined;
  catalogue: Catalogue;
  classes: string[];
  names: Map<number, string>;
  withDate: boolean;
  /** Told after a decision was recorded, with what it did. */
  onDecided(group: QueueGroup, summary: string): void;
  onExpand(group: QueueGroup): void;
  commands: Ref<{ approve(): void; override(): void }>;
}

/** The group's facts and its decision form; keyed by group by its parent. */
export function GroupPanel({
  group,
  datasetId,
  catalogue,
  classes,
  names,
  withDate,
  onDecided,
  onExpand,
  commands,
}: GroupPanelProps) {
  const client = useClient();
  const task = useTask<string>();
  const [overriding, setOverriding] = useState(false);
  const [action, setAction] = useState<number | null>(null);
  const [disposition, setDisposition] = useState<Disposition>('tp');
  const [otherClass, setOtherClass] = useState('');
  const [note, setNote] = useState('');
  const actionSelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (overriding) actionSelect.current?.focus();
  }, [overriding]);
  const busy = task.busy !== null;

  const decide = (decision: 'approve' | 'override'): void => {
    if (!group || busy || group.pending === 0) return;
    if (decision === 'approve' && group.topAction === null) return;
    const trueClass =
      disposition === 'tp' ? undefined : disposition === 'fp' ? 'Benign' : otherClass || undefined;
    if (decision === 'override' && (action === null || (disposition === 'other' && !trueClass)))
      return;
    void task.run(async () => {
      const r = await client.api['alerts.decideGroup']({
        group: {
          signatureId: group.signatureId,
          src: group.src?.address ?? null,
          dst: group.dst?.address ?? null,
          dstPort: group.dstPort,
          allPorts: group.allPorts,
          allDsts: group.allDsts,
          ...(datasetId === undefined ? {} : { datasetId }),
        },
        decision,
        ...(decision === 'override' ? { action: action!, trueClass } : {}),
        note,
      });
      const what =
        decision === 'approve'
          ? `Approved ${actionLabel(catalogue, group.topAction!)}`
          : `Overridden with ${actionLabel(catalogue, action!)}`;
      const summary = `${what} for ${formatInt(r.decided)} alerts of ${group.predictedClass} ${group.src?.address ?? ''} → ${group.dst?.address ?? ''} · audit #${r.auditIds[0]}${r.auditIds.length > 1 ? `–#${r.auditIds[r.auditIds.length - 1]}` : ''}`;
      onDecided(group, summary);
      return summary;
    }, true);
  };

  useImperativeHandle(commands, () => ({
    approve: () => decide('approve'),
    override: () => setOverriding(true),
  }));

  if (!group) {
    return (
      <aside className="detail" data-testid="group-panel">
        <p className="muted">Select a group to see it and decide on it.</p>
      </aside>
    );
  }
  const top = group.topAction === null ? null : actionAt(catalogue, group.topAction);
  return (
    <aside className="detail group-panel" data-testid="group-panel" data-key={group.key}>
      <header className="dsec">
        <h3>
          <span className={`sev sev-${group.severity}`}>{SEVERITY_WORDS[group.severity]}</span>{' '}
          <ClassBadge name={group.predictedClass} /> {formatInt(group.alerts)} alerts
        </h3>
        <p className="mono small" title={group.signatureText}>
          signature #{group.signatureId}: {group.signatureText}
        </p>
      </header>
      <dl className="dsec kv">
        <dt>Source</dt>
        <dd className="mono" data-testid="group-src">
          {addressText(group.src)}
        </dd>
        <dt>Destination</dt>
        <dd className="mono" data-testid="group-dst">
          {group.allDsts
            ? `${formatInt(group.dsts)} hosts, ${formatInt(group.ports)} ports (a sweep: one group for every host probed)`
            : addressText(group.dst)}
          {group.allDsts
            ? ''
            : group.allPorts
              ? ` · ${formatInt(group.ports)} ports (a scan: one group for every port probed)`
              : group.dstPort === null
                ? ''
                : ` port ${group.dstPort}`}
        </dd>
        <dt>Pending</dt>
        <dd data-testid="group-panel-pending">
          {formatInt(group.pending)} of {formatInt(group.alerts)}
          {group.needsReview > 0 && (
            <span className="review-flag"> · ⚑ {formatInt(group.needsReview)} need review</span>
          )}
        </dd>
        <dt>Highest risk</dt>
        <dd>{group.maxRisk === null ? '— (no recommendation yet)' : formatShare(group.maxRisk)}</dd>
        <dt>Seen</dt>
        <dd className="mono">{formatEventRange(group.firstSeen, group.lastSeen, withDate)}</dd>
        <dt>Sources</dt>
        <dd data-testid="group-panel-sources">
          {group.datasetIds.map((id) => names.get(id) ?? `#${id}`).join(', ')}
        </dd>
        <dt>Recommended</dt>
        <dd data-testid="group-panel-action" data-action-id={top?.id ?? ''}>
          {top ? `${top.id} ${top.name} (most alerts’ recommendation)` : 'being prepared'}
        </dd>
      </dl>
      <div className="dsec">
        <button type="button" data-testid="group-expand" onClick={() => onExpand(group)}>
          Show the {formatInt(group.alerts)} flows (Enter)
        </button>
      </div>
      <form
        className="dsec decide"
        data-testid="group-decision"
        onSubmit={(e) => {
          e.preventDefault();
          decide(overriding ? 'override' : 'approve');
        }}
      >
        <label className="field">
          <span className="muted">Note (optional)</span>
          <input
            type="text"
            maxLength={2000}
            value={note}
            data-testid="group-note"
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {!overriding ? (
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="group-approve"
              disabled={busy || group.pending === 0 || top === null}
              title="Take the recommended action for every pending alert of the group (key: A)"
              onClick={() => decide('approve')}
            >
              {busy ? 'Saving…' : `Approve ${formatInt(group.pending)} pending`}
            </button>
            <button
              type="button"
              data-testid="group-override"
              disabled={busy || group.pending === 0}
              title="Take another action for the group (key: O)"
              onClick={() => setOverriding(true)}
            >
              Override…
            </button>
          </div>
        ) : (
          <div className="override" data-testid="group-override-form">
            <OverrideFields
              testIds={{
                action: 'group-override-action',
                disposition: 'group-override-disposition',
                cls: 'group-override-class',
              }}
              predictedClass={group.predictedClass}
              recommended={group.topAction}
              catalogue={catalogue}
              classes={classes}
              action={action}
              onAction={setAction}
              disposition={disposition}
              onDisposition={setDisposition}
              otherClass={otherClass}
              onOtherClass={setOtherClass}
              actionRef={actionSelect}
            />
            <div className="row">
              <button
                type="submit"
                className="primary"
                data-testid="group-override-submit"
                disabled={busy || action === null || (disposition === 'other' && !otherClass)}
              >
                {busy ? 'Saving…' : `Override ${formatInt(group.pending)} pending`}
              </button>
              <button type="button" onClick={() => setOverriding(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {task.error && (
          <p className="error" role="alert" data-testid="group-decision-error">
            {task.error}
          </p>
        )}
      </form>
    </aside>
  );
}
