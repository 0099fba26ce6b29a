/** One feed: state, address and token, counters, malformed reasons and examples, Stop. */
import type { FeedStatus } from '../../../shared/contract';
import { on, useCoreMutation, useCoreQuery } from '../api/useCore';
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
