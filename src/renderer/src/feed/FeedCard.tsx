/**
 * One feed: state, address and token, the detector and policy scoring it (and a newer detector,
 * which never takes over by itself: the analyst may switch), counters, malformed reasons, Stop.
 */
import type { DetectorInfo, FeedStatus } from '../../../shared/contract';
import { on, useCoreMutation, useCoreQuery } from '../api/useCore';
import { DetectorLine } from '../data/DetectorText';
import { formatInt } from '../format';
import { CopyField } from './CopyField';
import { reasonsByCount, senderExample, sourceText } from './feedText';

/** Props of {@link FeedCard}. */
export interface FeedCardProps {
  feed: FeedStatus;
  onStopped(s: FeedStatus): void;
}

/** A feed's panel; counters update from feed.status, the alert count from alerts.changed. */
export function FeedCard({ feed: s, onStopped }: FeedCardProps) {
  const alerts = useAlertTotal(s.datasetId);
  const { run: stopFeed, busy: stopping, error } = useCoreMutation('feed.stop');
  const active = s.state === 'running' || s.state === 'starting';
  const reasons = reasonsByCount(s);
  const example = senderExample(s);

  const stop = (): void => {
    void stopFeed({ feedId: s.feedId }).then((final) => final && onStopped(final));
  };

  return (
    <div
      className={`panel feed feed-${s.state}`}
      data-testid="feed-card"
      data-feed-id={s.feedId}
      data-kind={s.kind}
      data-state={s.state}
    >
      <div className="job-head">
        <b>{s.kind}</b>
        <span className={`pill feed-state-${s.state}`} data-testid="feed-state">
          {s.state}
        </span>
        <span className="mono ellipsis" data-testid="feed-source" title={sourceText(s)}>
          {sourceText(s)}
        </span>
        <span className="spacer" />
        {active && (
          <button type="button" data-testid="feed-stop" disabled={stopping} onClick={stop}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
      </div>
      {s.token !== null && (
        <div className="row wrap">
          <span className="muted">Token</span>
          <CopyField value={s.token} label="feed token" testId="feed-token" size={30} />
          {example && (
            <CopyField value={example} label="sender command" testId="feed-example" size={48} />
          )}
        </div>
      )}
      <div className="job-stats">
        <Stat label="received" testId="feed-received" value={formatInt(s.received)} />
        <Stat label="accepted" testId="feed-accepted" value={formatInt(s.accepted)} />
        <Stat label="malformed" testId="feed-malformed" value={formatInt(s.malformed)} />
        <Stat
          label="alerts"
          testId="feed-alerts"
          value={alerts === null ? '–' : formatInt(alerts)}
        />
        <Stat label="flows/s" testId="feed-rate" value={formatInt(s.ratePerSec)} />
        <Stat label="queued" testId="feed-queued" value={formatInt(s.queued)} />
        {s.kind !== 'replay' && (
          <Stat label="connections" testId="feed-connections" value={formatInt(s.connections)} />
        )}
      </div>
      <div className="row wrap small">
        <DetectorLine label="Scored by" detector={s.detector} testId="feed-detector" />
      </div>
      {active && s.newerDetector && <NewerDetector feed={s} newer={s.newerDetector} />}
      {(s.error || error) && (
        <p className={s.state === 'failed' ? 'error' : 'warn'} data-testid="feed-note">
          {error ?? s.error}
        </p>
      )}
      {reasons.length > 0 && (
        <table className="dense" data-testid="feed-reasons">
          <thead>
            <tr>
              <th>Malformed reason</th>
              <th className="num">Inputs</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map(([reason, n]) => (
              <tr key={reason} data-reason={reason}>
                <td>{reason}</td>
                <td className="num">{formatInt(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.examples.length > 0 && (
        <ul className="examples mono small" data-testid="feed-examples">
          {s.examples
            .slice()
            .reverse()
            .map((e, i) => (
              <li key={i}>
                {e.where} <b>{e.reason}</b> <span className="muted">{e.detail}</span>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

/** A newer detector than the feed's: what it is, its warning, and the analyst's switch. */
function NewerDetector({ feed, newer }: { feed: FeedStatus; newer: DetectorInfo }) {
  const confirm = useCoreMutation('detector.confirm');
  const swap = useCoreMutation('feed.switchDetector');
  const busy = confirm.busy || swap.busy;
  const error = confirm.error ?? swap.error;
  return (
    <div
      className="panel inset"
      data-testid="feed-newer"
      data-detector-id={newer.id}
      data-needs-confirmation={newer.needsConfirmation ? 'true' : 'false'}
    >
      <p className="small">
        A newer detector exists; this feed stays on detector #{feed.detector?.id ?? '?'} until you
        switch. <DetectorLine label="Newer" detector={newer} testId="feed-newer-detector" />
      </p>
      {newer.warning && (
        <p className="warn small" data-testid="feed-newer-warning">
          {newer.warning}
        </p>
      )}
      <div className="row">
        {newer.needsConfirmation && (
          <button
            type="button"
            data-testid="feed-confirm-detector"
            disabled={busy}
            onClick={() => void confirm.run({ detectorId: newer.id })}
          >
            Confirm detector #{newer.id}
          </button>
        )}
        <button
          type="button"
          data-testid="feed-switch"
          disabled={busy || newer.needsConfirmation}
          onClick={() => void swap.run({ feedId: feed.feedId, detectorId: newer.id })}
        >
          Switch to detector #{newer.id}
        </button>
      </div>
      {error && (
        <p className="error" data-testid="feed-switch-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <span>
      <span className="muted">{label}</span> <b data-testid={testId}>{value}</b>
    </span>
  );
}

/** Least time between two counts while a feed keeps adding alerts. */
const TOTAL_THROTTLE_MS = 400;

/** Total alerts of `datasetId` (null while unknown or without a dataset). */
function useAlertTotal(datasetId: number | null): number | null {
  const { data } = useCoreQuery(
    'alerts.query',
    { datasetId: datasetId ?? 0, limit: 1 },
    {
      enabled: datasetId !== null,
      // Throttled, not debounced: a steady feed must still show its count growing.
      refetchOn: [on('alerts.changed', (e) => e.datasetId === datasetId)],
      throttleMs: TOTAL_THROTTLE_MS,
    },
  );
  return data?.total ?? null;
}
