/**
 * `rampart publish` and `rampart worker`: flows through a NATS JetStream stream. publish puts
 * CICFlowMeter CSV rows on a subject; every worker sharing a durable consumer classifies,
 * recommends and stores them, acknowledging each message only after its alert is committed.
 */
import { createReadStream, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import { DecisionEngine } from '../../app/decisions/engine';
import { DEFAULT_FEED_CONFIG } from '../../app/feeds/intake/config';
import { EventHub } from '../../app/hub/dispatch';
import { chooseDetector } from '../../app/loads/detectorChoice';
import { loadStoredDetector } from '../../app/loads/storedDetector';
import {
  DEFAULT_STREAM_TARGET,
  DEFAULT_STREAM_WORKER,
  type StreamTarget,
  type StreamWorkerConfig,
} from '../../app/stream/config';
import { closeNats, connectNats, ensureStream } from '../../app/stream/jetstream';
import { publishFlows, type PublishFormat, type PublishInput } from '../../app/stream/publisher';
import { StreamWorker, type WorkerStatus } from '../../app/stream/worker';
import { lineLabels } from '../../domain/ingest/lineParser';
import { Store } from '../../store/store';
import {
  optFlag,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { dataDirFor, defaultDbPath } from './defaults';
import { int } from './format';

const NATS_OPTIONS = { nats: 'string', subject: 'string', stream: 'string' } as const;

/** --nats, --subject (required) and --stream. */
function streamTarget(p: ParsedArgs): StreamTarget {
  const subject = optString(p, 'subject');
  if (!subject) throw new UsageError('--subject is required (e.g. --subject flows.sensor1)');
  return {
    servers: optString(p, 'nats', DEFAULT_STREAM_TARGET.servers)!,
    subject,
    stream: optString(p, 'stream', DEFAULT_STREAM_TARGET.stream)!,
  };
}

/** `rampart publish`: CICFlowMeter CSVs (or stdin) onto a JetStream subject. */
export const publish: CliCommand = {
  name: 'publish',
  synopsis: [
    [
      '<csv…|-> --subject S [--nats nats://127.0.0.1:4222] [--stream RAMPART_FLOWS]',
      '[--rate N] [--format ndjson|csv] [--extra-classes Bot,…] [--json]',
    ],
  ],
  summary: [
    'publish CICFlowMeter CSV rows to a NATS JetStream subject, one message per flow (creates the',
    'file-backed stream when missing); bad lines are skipped and named. CICFlowMeter writes CSV',
    'files: publish them, or pipe its output with `-` (stdin, header line first); --rate N: flows/s',
  ],
  options: {
    ...NATS_OPTIONS,
    rate: 'string',
    format: 'string',
    'extra-classes': 'string',
    json: 'boolean',
  },
  positionals: true,
  run: publishCommand,
};

async function publishCommand(p: ParsedArgs): Promise<number> {
  if (p.positionals.length === 0)
    throw new UsageError('publish needs at least one CSV file (or - for stdin)');
  const format = optString(p, 'format', 'ndjson') as PublishFormat;
  if (format !== 'ndjson' && format !== 'csv')
    throw new UsageError('--format must be ndjson or csv');
  const target = streamTarget(p);
  const ratePerSec = optNumber(p, 'rate', 0, 0, 10_000_000);
  const extras = (optString(p, 'extra-classes') ?? '').split(',').filter((c) => c.trim() !== '');
  const inputs: PublishInput[] = p.positionals.map((f) =>
    f === '-'
      ? { name: 'stdin', open: () => process.stdin }
      : { name: basename(f), open: () => createReadStream(resolve(f), { highWaterMark: 1 << 16 }) },
  );
  const nc = await connectNats(target, 'rampart publish');
  try {
    const made = await ensureStream(await nc.jetstreamManager(), target);
    const report = await publishFlows(nc.jetstream(), inputs, {
      subject: target.subject,
      format,
      ratePerSec,
      window: 1024,
      placeholders: DEFAULT_FEED_CONFIG.unlabelledLabels,
      labels: lineLabels(extras.map((c) => c.trim())),
    });
    if (optFlag(p, 'json'))
      console.log(JSON.stringify({ ...target, stream: target.stream, ...report }));
    else {
      console.log(
        `published ${int(report.published)} flows to ${target.subject} (stream ${target.stream} ${made}, ` +
          `seq ${report.firstSeq ?? '-'}..${report.lastSeq ?? '-'}) in ${report.seconds.toFixed(1)} s: ` +
          `${int(report.flowsPerSec)} flows/s`,
      );
      if (report.skipped > 0) {
        console.log(
          `skipped ${int(report.skipped)} lines: ${JSON.stringify(report.skippedByReason)}`,
        );
        for (const e of report.examples) console.log(`  ${e.where}: ${e.reason}: ${e.detail}`);
      }
    }
    return report.published > 0 ? 0 : 1;
  } finally {
    await closeNats(nc);
  }
}

/** `rampart worker`: one worker of a stream's durable consumer. */
export const worker: CliCommand = {
  name: 'worker',
  synopsis: [
    [
      '--subject S [--db FILE|postgres://…] [--nats URL] [--stream RAMPART_FLOWS]',
      '[--durable rampart-workers] [--batch 500] [--detector ID] [--ack-wait 30]',
      '[--max-ack-pending 20000] [--status-json FILE] [--status-every 5] [--exit-when-idle]',
    ],
  ],
  summary: [
    "classify, recommend and store the stream's flows; every worker with the same --durable shares",
    'the messages, and a message is acked only once its alert is committed (redeliveries never',
    'duplicate one). Health and lag (stored, flows/s, consumer pending / ack pending, redeliveries,',
    'last error) go to stdout as one JSON line every few seconds, or to --status-json FILE.',
    'SIGINT/SIGTERM: finish the batch, flush the acks, exit 0. Several workers on one database need',
    'PostgreSQL (a SQLite file has one writing process).',
  ],
  options: {
    ...NATS_OPTIONS,
    db: 'string',
    durable: 'string',
    batch: 'string',
    detector: 'string',
    'ack-wait': 'string',
    'max-ack-pending': 'string',
    'status-json': 'string',
    'status-every': 'string',
    'exit-when-idle': 'boolean',
  },
  positionals: false,
  run: workerCommand,
};

/** Write a status file whole (a reader never sees half of it). */
function writeStatusFile(path: string, s: WorkerStatus): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s) + '\n');
  renameSync(tmp, path);
}

function workerConfig(p: ParsedArgs): StreamWorkerConfig {
  const d = DEFAULT_STREAM_WORKER;
  return {
    ...d,
    durable: optString(p, 'durable', d.durable)!,
    batch: optNumber(p, 'batch', d.batch, 1, 10_000),
    ackWaitMs: optNumber(p, 'ack-wait', d.ackWaitMs / 1000, 1, 3600) * 1000,
    maxAckPending: optNumber(p, 'max-ack-pending', d.maxAckPending, 1, 1_000_000),
    statusIntervalMs: optNumber(p, 'status-every', d.statusIntervalMs / 1000, 0.2, 3600) * 1000,
    exitWhenIdle: optFlag(p, 'exit-when-idle'),
  };
}

async function workerCommand(p: ParsedArgs): Promise<number> {
  const target = streamTarget(p);
  const cfg = workerConfig(p);
  const detectorArg = p.options.has('detector')
    ? optNumber(p, 'detector', 0, 1, Number.MAX_SAFE_INTEGER)
    : undefined;
  const statusFile = optString(p, 'status-json');
  const db = optString(p, 'db', defaultDbPath()) ?? defaultDbPath();
  const store = Store.open(db);
  const engine = new DecisionEngine(store, new EventHub(), dataDirFor(db));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const chosen = chooseDetector(store, 'feed.start', detectorArg);
    const detector = loadStoredDetector(store, chosen.id);
    if (!detector) throw new Error(`there is no detector #${chosen.id}`);
    const extras = detector.detector.classNames.filter(
      (c) => !(TRAFFIC_CLASSES as readonly string[]).includes(c),
    );
    const nc = await connectNats(target, `rampart worker ${process.pid}`);
    try {
      const report = (s: WorkerStatus) =>
        statusFile ? writeStatusFile(statusFile, s) : console.log(JSON.stringify(s));
      const w = new StreamWorker(
        nc,
        target,
        cfg,
        {
          store,
          engine,
          detector,
          labels: lineLabels(extras),
          placeholders: DEFAULT_FEED_CONFIG.unlabelledLabels,
        },
        report,
        { ackWait: p.options.has('ack-wait'), maxAckPending: p.options.has('max-ack-pending') },
      );
      console.error(
        `rampart worker ${w.id}: ${target.stream}/${cfg.durable} (${target.subject}) → ${store.path}, detector #${detector.detectorId}`,
      );
      const last = await w.run(stop.signal);
      if (statusFile) console.log(JSON.stringify(last));
      return 0;
    } finally {
      await closeNats(nc);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.dispose();
    store.close();
  }
}
