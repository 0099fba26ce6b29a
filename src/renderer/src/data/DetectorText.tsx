/** How the console names a detector next to what it scores: id, the load it learned from, classes, policy. */
import type { DetectorInfo } from '../../../shared/contract';

/** "#3 · trained on <load> (DDoS, PortScan) · policy #2 ppo-kg-pt". */
export function detectorText(d: DetectorInfo): string {
  const policy = d.policy ? `policy #${d.policy.id} ${d.policy.method}` : 'no policy yet';
  return `#${d.id} · trained on ${d.datasetName} (${d.classes.join(', ')}) · ${policy}`;
}

/** A detector select's option text, marking one that needs confirmation. */
export function detectorOption(d: DetectorInfo): string {
  return `detector ${detectorText(d)}${d.needsConfirmation ? ' — needs confirmation' : ''}`;
}

/** The detector with its warning when its training set failed the check. */
export function DetectorLine({
  label,
  detector,
  testId,
}: {
  label: string;
  detector: DetectorInfo | null;
  testId: string;
}) {
  if (!detector)
    return (
      <span className="muted" data-testid={testId} data-detector-id="">
        {label}: none
      </span>
    );
  return (
    <span
      data-testid={testId}
      data-detector-id={detector.id}
      data-needs-confirmation={detector.needsConfirmation ? 'true' : 'false'}
      title={detector.warning ?? undefined}
    >
      <span className="muted">{label}:</span> detector {detectorText(detector)}
      {detector.needsConfirmation && <span className="warn"> (needs confirmation)</span>}
    </span>
  );
}
