/** How a load's progress reads: a phase's steps in its own unit and the phase's ETA. */
import type { PhaseStep } from '../../../shared/contract';
import { formatBytes, formatEta, formatInt } from '../format';

/** A phase's steps in its own unit, e.g. "3.1 MiB / 14.2 MiB" or "8,192 / 25,000 alerts". */
export function formatStep(s: PhaseStep): string {
  switch (s.unit) {
    case 'bytes':
      return `${formatBytes(s.done)} / ${formatBytes(s.total)}`;
    case 'percent':
      return `${Math.floor(s.done)}% of the policy's training`;
    case 'seconds':
      return `${Math.floor(s.done)}s of about ${Math.ceil(s.total)}s`;
    default:
      return `${formatInt(s.done)} / ${formatInt(s.total)} ${s.unit}`;
  }
}

/** The ETA of the current phase; "estimating" until the phase has a rate. */
export function phaseEtaText(etaSec: number | null): string {
  return etaSec === null ? 'ETA estimating…' : `ETA ${formatEta(etaSec)} (this step)`;
}
