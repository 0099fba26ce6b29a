/** The incident's alerts, oldest first (the core caps them; the total says how many there are). */
import type { IncidentDetail } from '../../../shared/contract';
import { formatInt, formatTime, formatWhen } from '../format';

/** The timeline section. */
export function IncidentTimeline({
  timeline,
  total,
  withDates,
}: {
  timeline: IncidentDetail['timeline'];
  total: number;
  /** Show each time's day (the listed incidents span more than one day). */
  withDates: boolean;
}) {
  return (
    <section className="dsec" data-testid="incident-timeline">
      <h4>
        Timeline{' '}
        <span className="muted small" data-testid="timeline-total">
          {timeline.length < total
            ? `first ${formatInt(timeline.length)} of ${formatInt(total)} alerts`
            : `${formatInt(total)} alerts`}
        </span>
      </h4>
      <ol className="inc-timeline">
        {timeline.map((a, i) => (
          <li key={i} data-testid="timeline-row" data-priority={a.priority}>
            <span className="mono muted" data-testid="timeline-time" title={formatTime(a.time)}>
              {formatWhen(a.time, withDates)}
            </span>
            <span className="mono ellipsis">
              {a.src} → {a.dst}
            </span>
            <span className="ellipsis" title={a.signature}>
              {a.signature}
            </span>
            <span className="muted small ellipsis">{a.classification}</span>
            <span className={`pill inc-prio-${Math.min(a.priority, 4)}`} title="Priority">
              P{a.priority}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
