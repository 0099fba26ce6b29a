/** An alert's decision status as a coloured pill. */
import type { AlertRow } from '../../../shared/contract';

/** What each status means, for the tooltip. */
const MEANING: Record<AlertRow['status'], string> = {
  pending: 'Waiting for an analyst decision',
  approved: 'An analyst approved the recommended action',
  overridden: 'An analyst took another action than the recommended one',
  auto: 'Decided automatically',
};

/** Status pill; `data-status` carries the raw value for tests and styling. */
export function StatusPill({
  status,
  testId = 'alert-status',
}: {
  status: AlertRow['status'];
  testId?: string;
}) {
  return (
    <span
      className={`pill status-${status}`}
      data-testid={testId}
      data-status={status}
      title={MEANING[status]}
    >
      {status}
    </span>
  );
}
