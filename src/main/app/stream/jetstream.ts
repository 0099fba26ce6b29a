/**
 * The JetStream side both commands share: connecting, and making sure the file-backed stream and
 * the durable pull consumer exist with the settings asked for.
 */
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  nanos,
  StorageType,
  type ConsumerInfo,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import type { StreamTarget, StreamWorkerConfig } from './config';

/** Connect to the servers of a target; `name` shows up in the server's connection list. */
export function connectNats(target: Pick<StreamTarget, 'servers'>, name: string) {
  return connect({
    servers: target.servers.split(',').map((s) => s.trim()),
    name,
    // A restarted server is waited for instead of ending the process.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}

/** Whether a JetStream API error says the stream or consumer does not exist. */
function notFound(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /not found/i.test(msg);
}

/**
 * The stream exists (file storage) and carries `subject`: created when missing, its subjects
 * extended when it lacks the subject. Returns what was done.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  target: StreamTarget,
): Promise<'created' | 'extended' | 'existing'> {
  try {
    const info = await jsm.streams.info(target.stream);
    const subjects = info.config.subjects ?? [];
    if (subjects.includes(target.subject)) return 'existing';
    await jsm.streams.update(target.stream, { subjects: [...subjects, target.subject] });
    return 'extended';
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  await jsm.streams.add({
    name: target.stream,
    subjects: [target.subject],
    storage: StorageType.File,
  });
  return 'created';
}

/**
 * The durable pull consumer exists with explicit acks, filtered on the subject. Created with the
 * config's ack wait and max-ack-pending when missing; an existing one keeps its settings unless
 * `update` names the ones to change (workers sharing it must agree, so only an explicit option
 * changes them).
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  target: StreamTarget,
  cfg: Pick<StreamWorkerConfig, 'durable' | 'ackWaitMs' | 'maxAckPending'>,
  update: { ackWait?: boolean; maxAckPending?: boolean } = {},
): Promise<ConsumerInfo> {
  let info: ConsumerInfo | null = null;
  try {
    info = await jsm.consumers.info(target.stream, cfg.durable);
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  if (info === null) {
    return jsm.consumers.add(target.stream, {
      durable_name: cfg.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: target.subject,
      ack_wait: nanos(cfg.ackWaitMs),
      max_ack_pending: cfg.maxAckPending,
    });
  }
  const changes: { ack_wait?: number; max_ack_pending?: number } = {};
  if (update.ackWait && info.config.ack_wait !== nanos(cfg.ackWaitMs))
    changes.ack_wait = nanos(cfg.ackWaitMs);
  if (update.maxAckPending && info.config.max_ack_pending !== cfg.maxAckPending)
    changes.max_ack_pending = cfg.maxAckPending;
  return Object.keys(changes).length > 0
    ? jsm.consumers.update(target.stream, cfg.durable, changes)
    : info;
}

/** How long closeNats waits for a drain. */
const DRAIN_WAIT_MS = 5000;

/** Close a connection after flushing what it still has to send (acks included). */
export async function closeNats(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  // A drain needs the server: while it is away (reconnecting) it would wait for ever and keep
  // the process from exiting, so past a few seconds the connection is just closed.
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    nc.drain().then(
      () => true,
      () => false,
    ),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), DRAIN_WAIT_MS))),
  ]);
  clearTimeout(timer);
  if (!drained && !nc.isClosed()) await nc.close();
}
