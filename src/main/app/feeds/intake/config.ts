/** Tuning of live feeds: typed data with a documented default per field. */

/** How every feed of a FeedManager buffers, batches and reports. */
export interface FeedConfig {
  /** Most flows accepted but not yet stored; sources are paused while it is full. Default 16,384. */
  queueCapacity: number;
  /** Flows per store transaction (a batch is written as soon as it fills). Default 2,048. */
  batchSize: number;
  /** A partial batch is written after at most this long. Default 250 ms. */
  flushMs: number;
  /** Least time between two feed.status events of one feed (≤ 4/s). Default 250 ms. */
  statusIntervalMs: number;
  /** Malformed-input examples kept per feed (the newest). Default 20. */
  maxExamples: number;
  /** Longest accepted line; a longer one is counted as oversize-line and skipped. Default 1 MiB. */
  maxLineBytes: number;
  /** How often a tail re-checks its file for growth, truncation or replacement. Default 200 ms. */
  tailPollMs: number;
  /** A TCP sender must send its AUTH line within this long. Default 10 s. */
  authTimeoutMs: number;
  /**
   * Most open connections per TCP or HTTP listener; one more is closed as soon as it is accepted
   * (counted as connection-limit). Default 32: a handful of capture hosts with room to reconnect.
   */
  maxConnections: number;
  /**
   * An authenticated sender (a TCP connection after AUTH, an HTTP request's body) that sends
   * nothing for this long is disconnected; time spent held back by a full queue does not count.
   * 0: never. Default 5 min, so a quiet capture survives but a stalled one frees its slot.
   */
  idleTimeoutMs: number;
  /**
   * Label texts that mean "not labelled" (CICFlowMeter writes `NeedManualLabel` for live
   * captures); such rows are stored unlabelled instead of being counted as unknown-label.
   */
  unlabelledLabels: readonly string[];
}

export const DEFAULT_FEED_CONFIG: FeedConfig = {
  queueCapacity: 16_384,
  batchSize: 2048,
  flushMs: 250,
  statusIntervalMs: 250,
  maxExamples: 20,
  maxLineBytes: 1 << 20,
  tailPollMs: 200,
  authTimeoutMs: 10_000,
  maxConnections: 32,
  idleTimeoutMs: 300_000,
  unlabelledLabels: ['NeedManualLabel', 'No Label', ''],
};
