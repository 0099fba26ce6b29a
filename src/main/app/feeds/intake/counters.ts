/** What a feed received, accepted and refused, and how fast: the counters of FeedStatus. */
import type { SkipReason } from '../../../domain/ingest/types';

/**
 * Why an input was refused: the file loader's row reasons, plus the ones only a live source has.
 * Every refused input is counted under exactly one reason.
 */
export type MalformedReason =
  | SkipReason
  | 'bad-json' // an NDJSON line that is not a JSON object
  | 'missing-fields' // an NDJSON object whose keys are not a CICFlowMeter flow
  | 'bad-value' // an NDJSON value that is not a number, string or null (or holds a comma)
  | 'oversize-line' // a line longer than the limit (1 MiB by default)
  | 'no-header' // a CSV line on a stream before any CICFlowMeter header line
  | 'unauthorized' // a TCP connection or HTTP request without the feed's token
  | 'connection-limit'; // a connection over the listener's maxConnections, closed on accept

/** One refused input. */
export interface MalformedExample {
  /** e.g. `tcp 127.0.0.1:4000 conn#3 line 17`, `flows.csv:42`. */
  where: string;
  reason: MalformedReason;
  detail: string;
}

/** Tallies of one stream (a connection, a request) or of a whole feed. */
export class Tally {
  received = 0;
  accepted = 0;
  malformed = 0;
  readonly byReason: Partial<Record<MalformedReason, number>> = {};

  /** Counts an accepted flow. */
  accept(): void {
    this.received++;
    this.accepted++;
  }

  /** Counts a refused input. */
  refuse(reason: MalformedReason): void {
    this.received++;
    this.malformed++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
  }
}

/** How far back ratePerSec looks. */
const RATE_WINDOW_MS = 5000;

/** A feed's counters: the tally, the newest examples and the accepted-flow rate. */
export class FeedCounters extends Tally {
  readonly examples: MalformedExample[] = [];
  private readonly samples: { t: number; accepted: number }[] = [];

  constructor(private readonly maxExamples: number) {
    super();
  }

  /** Counts a refused input and keeps it as an example (the newest maxExamples stay). */
  refuseAt(reason: MalformedReason, where: string, detail: string): void {
    this.refuse(reason);
    if (this.maxExamples <= 0) return;
    this.examples.push({ where, reason, detail: detail.slice(0, 300) });
    if (this.examples.length > this.maxExamples) this.examples.shift();
  }

  /** Records the accepted count now (call a few times a second) for {@link ratePerSec}. */
  sample(now: number): void {
    this.samples.push({ t: now, accepted: this.accepted });
    while (this.samples.length > 2 && now - this.samples[0]!.t > RATE_WINDOW_MS) {
      this.samples.shift();
    }
  }

  /** Accepted flows per second over the last few seconds. */
  ratePerSec(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t <= first.t) return 0;
    return ((last.accepted - first.accepted) * 1000) / (last.t - first.t);
  }
}
