/**
 * One live feed: its source, the bounded queue, the writer loop and the status it reports. Flows
 * are stored in batches (every flushMs or batchSize flows, whichever comes first), one transaction
 * each; then alerts.changed and, at most every statusIntervalMs, feed.status are emitted. Stopping
 * closes the source first and then stores everything already accepted.
 */
import type { FeedStatus } from '../../../shared/contract';
import type { EventHub } from '../hub/dispatch';
import { announceAlertChanges } from '../hub/storeEvents';
import type { DecisionEngine } from '../decisions/engine';
import type { LineLabels } from '../../domain/ingest/lineParser';
import type { Store } from '../../store/store';
import { detectorInfo } from '../loads/detectorChoice';
import type { FeedConfig } from './intake/config';
import { FeedCounters } from './intake/counters';
import { DecodeContext, StreamDecoder } from './intake/decoder';
import type { FeedSource, Intake } from './intake/intake';
import { FlowQueue } from './intake/queue';
import { hostPort } from './sources/listen';
import { FeedWriter, type FeedDetector } from './writer';

/** How often datasets.changed is sent while a feed stores rows (the dataset list's counts). */
const DATASETS_CHANGED_MS = 3000;

/** Everything a feed needs besides its source. */
export interface FeedDeps {
  store: Store;
  engine: DecisionEngine;
  events: EventHub;
  config: FeedConfig;
  detector: FeedDetector;
  labels: LineLabels;
}

/** What a feed is. */
export interface FeedIdentity {
  feedId: string;
  kind: FeedStatus['kind'];
  /** File fed (tail, replay). */
  path: string | null;
  token: string | null;
}

/** A running (or finished) feed. */
export class Feed {
  private state: FeedStatus['state'] = 'starting';
  private error: string | null = null;
  /** A condition of the source worth showing (e.g. waiting for the file). */
  private sourceNote: string | null = null;
  /** A problem of the last batch that did not stop the feed (e.g. recommendations failed). */
  private writerNote: string | null = null;
  private readonly abort = new AbortController();
  private readonly counters: FeedCounters;
  private readonly queue: FlowQueue;
  private readonly ctx: DecodeContext;
  private writer: FeedWriter | null = null;
  private connections = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private draining: Promise<void> | null = null;
  private stopping: Promise<FeedStatus> | null = null;
  private lastStatusAt = 0;
  /** What the last feed.status said, to send one only when something changed. */
  private lastFingerprint = '';
  private lastDatasetsAt = 0;
  private lastDetectorView: Pick<FeedStatus, 'detector' | 'newerDetector'> = {
    detector: null,
    newerDetector: null,
  };
  private storedAtLastDatasets = 0;

  constructor(
    readonly id: FeedIdentity,
    private readonly source: FeedSource,
    private readonly deps: FeedDeps,
  ) {
    const c = deps.config;
    this.counters = new FeedCounters(c.maxExamples);
    this.queue = new FlowQueue(`feed ${id.feedId}`, c.queueCapacity, c.batchSize, () =>
      this.kick(),
    );
    this.ctx = new DecodeContext(deps.labels, c.unlabelledLabels, this.queue, this.counters);
  }

  /** The detector scoring its flows now. */
  get detectorId(): number {
    return this.deps.detector.detectorId;
  }

  /**
   * Score the next batches with another detector (an analyst's choice: the manager audits it);
   * the batch being written keeps the one it started with. Resolves with the new status.
   */
  useDetector(d: FeedDetector): FeedStatus {
    this.deps.detector = d;
    this.writer?.useDetector(d);
    if (this.writer)
      this.deps.store.detectorChoice.setScoredBy(this.writer.datasetId, d.detectorId);
    this.deps.events.emit('datasets.changed', {});
    this.emitStatus(true);
    return this.status();
  }

  /** Whether it still runs (not stopped or failed). */
  get active(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  /** Starts the source, then creates the feed's dataset; throws when the source cannot start. */
  async start(): Promise<FeedStatus> {
    const { done } = await this.source.start(this.intake());
    try {
      const { store, labels } = this.deps;
      const what = this.id.path ?? this.addressText();
      this.writer = new FeedWriter(
        store,
        this.deps.engine,
        this.deps.detector,
        store.createDataset(`Live feed: ${this.id.kind} ${what}`, [what], false, labels.classNames),
        labels.classNames,
      );
      store.detectorChoice.setScoredBy(this.writer.datasetId, this.deps.detector.detectorId);
    } catch (err) {
      done.catch(() => {});
      this.abort.abort();
      await this.source.close();
      throw err;
    }
    this.state = 'running';
    this.ticker = setInterval(() => this.tick(), this.deps.config.flushMs);
    this.kick();
    done.then(
      () => void this.stop(),
      (err: unknown) => void this.stop(err instanceof Error ? err.message : String(err)),
    );
    this.deps.events.emit('datasets.changed', {});
    this.emitStatus(true);
    return this.status();
  }

  /**
   * Stops the source, stores every flow already accepted and closes the dataset; `failure` marks
   * the feed failed with that error. Resolves with the final status (idempotent).
   */
  stop(failure?: string): Promise<FeedStatus> {
    if (failure !== undefined && this.error === null) this.error = failure;
    this.stopping ??= this.finish();
    return this.stopping;
  }

  /** The status as FeedStatus. */
  status(): FeedStatus {
    const c = this.counters;
    return {
      feedId: this.id.feedId,
      kind: this.id.kind,
      state: this.state,
      path: this.id.path,
      address: this.source.address,
      token: this.id.token,
      datasetId: this.writer?.datasetId ?? null,
      received: c.received,
      accepted: c.accepted,
      malformed: c.malformed,
      malformedByReason: { ...c.byReason },
      examples: c.examples.map((e) => ({ ...e })),
      ratePerSec: this.active ? Math.round(c.ratePerSec() * 10) / 10 : 0,
      queued: this.queue.depth,
      connections: this.connections,
      error: this.error ?? this.sourceNote ?? this.writerNote,
      ...this.detectorView(),
    };
  }

  /**
   * The feed's detector and a newer one, read from the store; the last view when the store cannot
   * answer (closed under a failing feed), so reporting a status never throws.
   */
  private detectorView(): Pick<FeedStatus, 'detector' | 'newerDetector'> {
    try {
      const { store } = this.deps;
      const newest = store.detectorChoice.newestId();
      this.lastDetectorView = {
        detector: detectorInfo(store, this.detectorId),
        newerDetector:
          newest !== null && newest > this.detectorId ? detectorInfo(store, newest) : null,
      };
    } catch {
      // Keep the last view: the feed's own error says what went wrong with the store.
    }
    return this.lastDetectorView;
  }

  private async finish(): Promise<FeedStatus> {
    this.abort.abort();
    this.queue.close();
    await this.source.close();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    // Everything accepted is stored before the feed reports itself stopped.
    this.queue.seal();
    while (this.error === null && this.queue.depth > 0 && this.writer) {
      this.queue.seal();
      this.kick();
      await this.draining;
    }
    if (this.draining) await this.draining;
    this.state = this.error === null ? 'stopped' : 'failed';
    const final = this.status();
    if (this.writer) {
      this.deps.store.finishDataset(this.writer.datasetId, {
        status: this.error === null ? 'ready' : 'failed',
        rowsSkipped: final.malformed,
        classNames: this.deps.labels.classNames,
        report: final,
      });
      this.deps.events.emit('datasets.changed', {});
    }
    this.emitStatus(true);
    return final;
  }

  /** Starts the writer loop unless it runs (or there is nothing to write into yet). */
  private kick(): void {
    if (this.draining || !this.writer || this.error !== null) return;
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    const writer = this.writer!;
    for (let batch = this.queue.next(); batch; batch = this.queue.next()) {
      try {
        const r = await writer.write(batch, this.counters.malformed);
        this.writerNote = r.recommendError;
        announceAlertChanges(this.deps.events, r.changes);
      } catch (err) {
        // The store refused a batch (disk full, database closed): fail loudly rather than drop.
        this.error = `storing flows failed: ${err instanceof Error ? err.message : String(err)}`;
        this.queue.done(batch);
        void this.stop();
        return;
      }
      this.queue.done(batch);
    }
  }

  private tick(): void {
    this.queue.seal();
    const now = performance.now();
    this.counters.sample(now);
    this.emitStatus(false);
    const stored = this.writer?.stored ?? 0;
    if (stored !== this.storedAtLastDatasets && now - this.lastDatasetsAt >= DATASETS_CHANGED_MS) {
      this.storedAtLastDatasets = stored;
      this.lastDatasetsAt = now;
      this.deps.events.emit('datasets.changed', {});
    }
  }

  /**
   * feed.status when something changed, at most one per statusIntervalMs unless forced (start and
   * the final status).
   */
  private emitStatus(force: boolean): void {
    const now = performance.now();
    // 10% slack for timer jitter: ticks come every flushMs at the earliest, so this stays ≤ 4/s.
    if (!force && now - this.lastStatusAt < this.deps.config.statusIntervalMs * 0.9) return;
    const s = this.status();
    const fingerprint = JSON.stringify([
      s.state,
      s.received,
      s.malformed,
      s.queued,
      s.connections,
      s.ratePerSec,
      s.error,
      s.detector?.id,
      s.detector?.policy?.id,
      s.newerDetector?.id,
      s.newerDetector?.needsConfirmation,
    ]);
    if (!force && fingerprint === this.lastFingerprint) return;
    this.lastStatusAt = now;
    this.lastFingerprint = fingerprint;
    this.deps.events.emit('feed.status', s);
  }

  private addressText(): string {
    const a = this.source.address;
    return a ? hostPort(a.host, a.port) : '?';
  }

  /** The feed as its source sees it. */
  private intake(): Intake {
    const { config } = this.deps;
    const queue = this.queue;
    return {
      config,
      signal: this.abort.signal,
      decoder: (mode, where, firstLine) => new StreamDecoder(this.ctx, mode, where, firstLine ?? 1),
      get full() {
        return queue.full;
      },
      room: () => this.queue.room(),
      refuse: (reason, where, detail) => this.counters.refuseAt(reason, where, detail),
      connections: (delta) => {
        this.connections += delta;
      },
      note: (message) => {
        this.sourceNote = message;
      },
    };
  }
}
