/** Tuning of the JetStream intake (`rampart publish`, `rampart worker`): typed data with defaults. */

/** Where flows travel: the stream, its subject and the durable consumer workers share. */
export interface StreamTarget {
  /** NATS server URL(s), comma-separated. Default nats://127.0.0.1:4222. */
  servers: string;
  /** Subject flows are published on (and the worker's filter). No default: always given. */
  subject: string;
  /** JetStream stream holding the flows (file storage). Default RAMPART_FLOWS. */
  stream: string;
}

/** How a worker pulls, stores and reports. */
export interface StreamWorkerConfig {
  /** Durable consumer name; every worker with the same name shares its messages. Default rampart-workers. */
  durable: string;
  /** Most messages fetched (and stored in one transaction) per pull. Default 500. */
  batch: number;
  /** How long the server waits for an ack before redelivering a message. Default 30 s. */
  ackWaitMs: number;
  /**
   * Most messages delivered and not yet acked, across every worker of the consumer: the
   * backpressure bound (a slow worker simply pulls less). Default 20,000.
   */
  maxAckPending: number;
  /** How long one pull waits for messages when the stream is idle. Default 2 s (the floor is 1 s). */
  fetchExpiresMs: number;
  /** How often health and lag are reported. Default 5 s. */
  statusIntervalMs: number;
  /** How often the installed policy and KG version are re-checked. Default 3 s. */
  policyCheckMs: number;
  /** Exit once the consumer has nothing pending or unacked (a batch run, a benchmark). Default false. */
  exitWhenIdle: boolean;
}

export const DEFAULT_STREAM_TARGET: Omit<StreamTarget, 'subject'> = {
  servers: 'nats://127.0.0.1:4222',
  stream: 'RAMPART_FLOWS',
};

export const DEFAULT_STREAM_WORKER: StreamWorkerConfig = {
  durable: 'rampart-workers',
  batch: 500,
  ackWaitMs: 30_000,
  maxAckPending: 20_000,
  fetchExpiresMs: 2000,
  statusIntervalMs: 5000,
  policyCheckMs: 3000,
  exitWhenIdle: false,
};

/** Message header carrying the CSV header line of a `--format csv` message. */
export const CSV_HEADER = 'Rampart-Csv-Header';
