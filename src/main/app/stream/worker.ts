/**
 * One `rampart worker`: pulls flows from the durable consumer it shares with every other worker,
 * classifies, recommends and stores them with the live feeds' writer, and acknowledges a message
 * only once its flow and alert are committed. A redelivered message whose flow is already stored
 * is acknowledged without a second write; a refused message is terminated (never redelivered);
 * a failed write is nak'ed, so the server redelivers it. Health and lag are reported on a timer.
 */
import { hostname } from 'node:os';
import type { Consumer, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import type { LineLabels } from '../../domain/ingest/lineParser';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import { FeedWriter, type FeedDetector } from '../feeds/writer';
import type { StreamTarget, StreamWorkerConfig } from './config';
import { ensureConsumer, ensureStream } from './jetstream';
import { MessageDecoder, type DecodedPart } from './messages';
import { PolicyWatch } from './policyWatch';
import { pickRows } from './rows';

/** What a worker reports every statusIntervalMs (one JSON line). */
export interface WorkerStatus {
  worker: string;
  at: string;
  stream: string;
  subject: string;
  durable: string;
  datasetId: number;
  detectorId: number;
  /** The installed policy and KG snapshot the worker recommends with (null: none yet). */
  policyId: number | null;
  kgSnapshotId: number | null;
  /** Times a newer policy or KG was picked up without a restart. */
  policyReloads: number;
  /** Flows this worker stored (each with its alert). */
  stored: number;
  /** Flows stored per second since the previous report. */
  flowsPerSec: number;
  /** Messages acknowledged (stored, or found already stored). */
  acked: number;
  /** Redelivered messages whose flow was already stored: acked without a second alert. */
  alreadyStored: number;
  /** Messages seen with a delivery count above 1. */
  redeliveries: number;
  /** Messages that are not a flow (terminated), and the reasons. */
  refused: number;
  refusedByReason: Record<string, number>;
  /** Batches whose write failed (their messages were nak'ed for redelivery). */
  writeErrors: number;
  /** Messages left for the consumer (not yet delivered), and delivered but not yet acked. */
  pending: number | null;
  ackPending: number | null;
  /** When this worker first got messages, and when it last stored (acked) a batch. */
  firstPulledAt: string | null;
  lastStoredAt: string | null;
  lastError: string | null;
  /** This process's CPU time so far (all threads: the store's PostgreSQL thread included), ms. */
  cpuMs: { user: number; system: number };
  /** CPU time between the first pull and the last stored batch (start-up left out), ms. */
  drainCpuMs: number | null;
}

/** What a worker needs besides the connection. */
export interface StreamWorkerDeps {
  store: Store;
  engine: DecisionEngine;
  detector: FeedDetector;
  labels: LineLabels;
  /** Label texts that mean "not labelled" (see FeedConfig.unlabelledLabels). */
  placeholders: readonly string[];
}

/** The name of the dataset every worker of a stream writes into. */
export function streamDatasetName(stream: string): string {
  return `Live stream: ${stream}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A worker; run() resolves with the last status once stopped (or idle, with exitWhenIdle). */
export class StreamWorker {
  readonly id = `${hostname()}:${process.pid}`;
  private readonly decoder: MessageDecoder;
  private readonly watch: PolicyWatch;
  private writer: FeedWriter | null = null;
  private jsm: JetStreamManager | null = null;
  private acked = 0;
  private alreadyStored = 0;
  private redeliveries = 0;
  private writeErrors = 0;
  private lastError: string | null = null;
  private firstPulledAt: number | null = null;
  private lastStoredAt: number | null = null;
  private cpuAtFirstPull: NodeJS.CpuUsage | null = null;
  private cpuAtLastStore: NodeJS.CpuUsage | null = null;
  private lastReport = { at: Date.now(), stored: 0 };

  constructor(
    private readonly nc: NatsConnection,
    private readonly target: StreamTarget,
    private readonly cfg: StreamWorkerConfig,
    private readonly deps: StreamWorkerDeps,
    private readonly onStatus: (s: WorkerStatus) => void = () => {},
    /** Which consumer settings this worker may change on an existing consumer. */
    private readonly update: { ackWait?: boolean; maxAckPending?: boolean } = {},
  ) {
    this.decoder = new MessageDecoder(deps.labels, deps.placeholders, cfg.batch);
    this.watch = new PolicyWatch(deps.store, deps.engine, deps.detector.detectorId);
  }

  /** Pull and store until `signal` aborts (the batch in hand is finished first). */
  async run(signal: AbortSignal): Promise<WorkerStatus> {
    const { store, engine, detector, labels } = this.deps;
    this.jsm = await this.nc.jetstreamManager();
    await ensureStream(this.jsm, this.target);
    await ensureConsumer(this.jsm, this.target, this.cfg, this.update);
    const datasetId = store.streamDataset(streamDatasetName(this.target.stream), labels.classNames);
    store.detectorChoice.setScoredBy(datasetId, detector.detectorId);
    this.writer = new FeedWriter(store, engine, detector, datasetId, labels.classNames);
    const consumer = await this.nc.jetstream().consumers.get(this.target.stream, this.cfg.durable);
    const policyTimer = setInterval(() => this.checkPolicy(), this.cfg.policyCheckMs);
    let reporting = false;
    const statusTimer = setInterval(() => {
      if (reporting) return;
      reporting = true;
      void this.report().finally(() => (reporting = false));
    }, this.cfg.statusIntervalMs);
    try {
      while (!signal.aborted) {
        const msgs = await this.pull(consumer, signal);
        if (msgs.length > 0) await this.handle(msgs);
        else if (this.cfg.exitWhenIdle && (await this.idle())) break;
      }
    } finally {
      clearInterval(policyTimer);
      clearInterval(statusTimer);
    }
    return this.report();
  }

  /** The status now, with the consumer's lag (asked of the server). */
  async report(): Promise<WorkerStatus> {
    let pending: number | null = null;
    let ackPending: number | null = null;
    try {
      const info = await this.jsm!.consumers.info(this.target.stream, this.cfg.durable);
      pending = info.num_pending;
      ackPending = info.num_ack_pending;
    } catch (err) {
      this.lastError = `consumer info: ${message(err)}`;
    }
    const s = this.status(pending, ackPending);
    this.onStatus(s);
    return s;
  }

  private status(pending: number | null, ackPending: number | null): WorkerStatus {
    const now = Date.now();
    const stored = this.writer?.stored ?? 0;
    const secs = (now - this.lastReport.at) / 1000;
    const flowsPerSec = secs > 0 ? Math.round((stored - this.lastReport.stored) / secs) : 0;
    this.lastReport = { at: now, stored };
    const c = this.decoder.counters;
    const cpu = process.cpuUsage();
    const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const first = this.cpuAtFirstPull;
    const last = this.cpuAtLastStore;
    return {
      worker: this.id,
      at: new Date(now).toISOString(),
      stream: this.target.stream,
      subject: this.target.subject,
      durable: this.cfg.durable,
      datasetId: this.writer?.datasetId ?? 0,
      detectorId: this.deps.detector.detectorId,
      ...this.watch.current,
      policyReloads: this.watch.reloads,
      stored,
      flowsPerSec,
      acked: this.acked,
      alreadyStored: this.alreadyStored,
      redeliveries: this.redeliveries,
      refused: c.malformed,
      refusedByReason: { ...c.byReason },
      writeErrors: this.writeErrors,
      pending,
      ackPending,
      firstPulledAt: iso(this.firstPulledAt),
      lastStoredAt: iso(this.lastStoredAt),
      lastError: this.lastError,
      cpuMs: { user: Math.round(cpu.user / 1000), system: Math.round(cpu.system / 1000) },
      drainCpuMs: first && last ? Math.round(ms(last) - ms(first)) : null,
    };
  }

  /** Up to `batch` messages; fewer (or none) when the pull expires first. */
  private async pull(consumer: Consumer, signal: AbortSignal): Promise<JsMsg[]> {
    const out: JsMsg[] = [];
    try {
      const iter = await consumer.fetch({
        max_messages: this.cfg.batch,
        expires: this.cfg.fetchExpiresMs,
      });
      const stop = () => iter.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const m of iter) out.push(m);
      } finally {
        signal.removeEventListener('abort', stop);
      }
    } catch (err) {
      // The server restarting, the consumer being recreated: wait and pull again.
      this.lastError = `fetch: ${message(err)}`;
      await sleep(1000);
    }
    return out;
  }

  /** Store what the messages decode to, then ack them; refused ones are terminated. */
  private async handle(msgs: JsMsg[]): Promise<void> {
    this.firstPulledAt ??= Date.now();
    this.cpuAtFirstPull ??= process.cpuUsage();
    for (const m of msgs) if (m.info.redeliveryCount > 1) this.redeliveries++;
    const { parts, refused } = this.decoder.decode(msgs);
    // No reason on the term: servers before 2.10.4 ignore a "+TERM reason" ack altogether (the
    // message would stay unacked and come back); the reason is in this worker's status instead.
    for (const r of refused) r.msg.term();
    if (refused.length > 0) {
      const r = refused[refused.length - 1]!;
      this.lastError = `stream seq ${r.msg.info.streamSequence} refused (${r.reason}): ${r.detail}`;
    }
    let failed = false;
    for (const part of parts) failed = !(await this.store(part)) || failed;
    // The acks leave now, not whenever the connection next flushes. A flush fails when the
    // connection drops meanwhile (a nats-server restart): that is no reason to stop the worker.
    // Acks that did not reach the server come back as redeliveries, which are acked unwritten.
    try {
      await this.nc.flush();
    } catch (err) {
      this.lastError = `flush: ${message(err)}`;
    }
    if (failed) await sleep(1000);
  }

  /** One part: drop flows already stored, write the rest, ack. False when the write failed. */
  private async store(part: DecodedPart): Promise<boolean> {
    const { store } = this.deps;
    const writer = this.writer!;
    const seqs = Array.from(part.batch.streamSeqs ?? []);
    let pending = part.msgs;
    try {
      const done = store.storedStreamSeqs(writer.datasetId, seqs);
      let batch = part.batch;
      if (done.size > 0) {
        const keep: number[] = [];
        seqs.forEach((s, i) => {
          if (done.has(s)) part.msgs[i]!.ack();
          else keep.push(i);
        });
        this.alreadyStored += done.size;
        this.acked += done.size;
        batch = pickRows(batch, keep);
        pending = keep.map((i) => part.msgs[i]!);
      }
      if (batch.count > 0) {
        const r = await writer.write(batch, this.decoder.counters.malformed);
        if (r.recommendError) this.lastError = r.recommendError;
      }
      for (const m of pending) m.ack();
      this.acked += pending.length;
      this.lastStoredAt = Date.now();
      this.cpuAtLastStore = process.cpuUsage();
      return true;
    } catch (err) {
      // Nothing of this part was committed (one transaction): the server redelivers it.
      for (const m of pending) {
        try {
          m.nak(1000);
        } catch {
          // The connection is gone: the server redelivers after the ack wait anyway.
        }
      }
      this.writeErrors++;
      this.lastError = `write of ${pending.length} flows failed (nak'ed for redelivery): ${message(err)}`;
      return false;
    }
  }

  private checkPolicy(): void {
    try {
      this.watch.check();
    } catch (err) {
      this.lastError = `policy check: ${message(err)}`;
    }
  }

  /** Whether the consumer has nothing left to deliver and nothing unacked. */
  private async idle(): Promise<boolean> {
    try {
      const info = await this.jsm!.consumers.info(this.target.stream, this.cfg.durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    } catch (err) {
      this.lastError = `consumer info: ${message(err)}`;
      return false;
    }
  }
}
