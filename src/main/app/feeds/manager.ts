/**
 * Live feeds: tail a CSV CICFlowMeter is writing, replay a CSV at a rate, or listen for flows over
 * TCP or HTTP. Each feed stores into its own dataset, with alerts and (when the detector has a
 * policy) recommendations, batch by batch. A feed is pinned to the detector it started with (the
 * analyst's choice, else the newest that needs no confirmation): a newer load never takes over;
 * only feed.switchDetector, an audited analyst action, changes it.
 */
import { existsSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import { InvalidRequestError, type FeedStatus, type ValidArgs } from '../../../shared/contract';
import type { EventHub } from '../hub/dispatch';
import { userPath } from '../hub/userPaths';
import type { DecisionEngine } from '../decisions/engine';
import { lineLabels } from '../../domain/ingest/lineParser';
import { chooseDetector } from '../loads/detectorChoice';
import { loadStoredDetector } from '../loads/storedDetector';
import { makeToken } from '../../runtime/security';
import type { Store } from '../../store/store';
import { DEFAULT_FEED_CONFIG, type FeedConfig } from './intake/config';
import { Feed } from './feed';
import type { FeedSource } from './intake/intake';
import { HttpSource } from './sources/http';
import { hostPort, isLoopback } from './sources/listen';
import { ReplaySource } from './sources/replay';
import { TailSource } from './sources/tail';
import { TcpSource } from './sources/tcp';

/** Most feeds running at once. */
const MAX_RUNNING = 16;
/** Finished feeds kept for feed.list (the oldest are forgotten first). */
const KEEP_FINISHED = 20;

/** The arguments of a TCP or HTTP feed. */
type ListenerArgs = Extract<ValidArgs<'feed.start'>, { kind: 'tcp' | 'http' }>;

/**
 * Refuses an empty host, and a non-loopback one unless allowRemote is set too (a listener other
 * machines can reach is asked for twice); checked before anything else, so before any bind.
 */
function checkListenerHost(args: ListenerArgs): void {
  const host = args.host.trim();
  if (host === '') throw new InvalidRequestError('feed.start', 'host is empty');
  if (!isLoopback(host) && !args.allowRemote) {
    throw new InvalidRequestError(
      'feed.start',
      `${hostPort(host, args.port)} is not a loopback address, so other machines could send ` +
        'flows to it; use 127.0.0.1, or set allowRemote to listen there anyway',
    );
  }
}

/** Owns every running feed. */
export class FeedManager {
  private readonly feeds = new Map<string, Feed>();
  private seq = 0;
  readonly config: FeedConfig;

  constructor(
    readonly store: Store,
    readonly engine: DecisionEngine,
    readonly events: EventHub,
    config: Partial<FeedConfig> = {},
  ) {
    this.config = { ...DEFAULT_FEED_CONFIG, ...config };
  }

  /**
   * Start a feed as `actor`; rejects with the reason when it cannot (no detector, port taken, ...).
   * A started feed is audited (feed.start, with what it reads: the file or the bound address).
   */
  async start(args: ValidArgs<'feed.start'>, actor: string): Promise<FeedStatus> {
    const fail = (why: string): never => {
      throw new InvalidRequestError('feed.start', why);
    };
    const running = [...this.feeds.values()].filter((f) => f.active).length;
    if (running >= MAX_RUNNING) fail(`${MAX_RUNNING} feeds are running already; stop one first`);
    if (args.kind === 'tcp' || args.kind === 'http') checkListenerHost(args);
    else userPath(this.store, 'feed.start', args.path);
    const chosen = chooseDetector(this.store, 'feed.start', args.detectorId);
    const detector =
      loadStoredDetector(this.store, chosen.id) ?? fail(`there is no detector #${chosen.id}`);
    const extras = detector.detector.classNames.filter(
      (c) => !(TRAFFIC_CLASSES as readonly string[]).includes(c),
    );
    const feedId = `feed-${++this.seq}-${randomBytes(3).toString('hex')}`;
    let source: FeedSource;
    let path: string | null = null;
    let token: string | null = null;
    switch (args.kind) {
      case 'tail':
        path = userPath(this.store, 'feed.start', args.path);
        if (existsSync(path) && !statSync(path).isFile()) fail(`not a file: ${path}`);
        // Checked again before each (re)open: the path may later name another file.
        source = new TailSource(path, args.fromStart, (p) => this.store.ownFileProblem(p));
        break;
      case 'replay':
        path = userPath(this.store, 'feed.start', args.path);
        if (!existsSync(path) || !statSync(path).isFile()) fail(`not a readable file: ${path}`);
        source = new ReplaySource(path, args.ratePerSec, args.loop);
        break;
      case 'tcp':
      case 'http':
        token = makeToken();
        source = this.listener(args, feedId, token, actor);
        break;
    }
    const feed = new Feed({ feedId, kind: args.kind, path, token }, source, {
      store: this.store,
      engine: this.engine,
      events: this.events,
      config: this.config,
      detector,
      labels: lineLabels(extras),
    });
    this.feeds.set(feedId, feed);
    try {
      const status = await feed.start();
      this.store.appendAudit({
        actor,
        action: 'feed.start',
        subject: `feed:${feedId}`,
        detail: { ...feedDetail(status), chosen: args.detectorId !== undefined },
      });
      this.forgetOld();
      return status;
    } catch (err) {
      this.feeds.delete(feedId);
      return fail(err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * Stop a feed as `actor`: its source closes, everything accepted is stored; resolves with the
   * final status. Audited (feed.stop) when it was still running.
   */
  async stop(args: ValidArgs<'feed.stop'>, actor: string): Promise<FeedStatus> {
    const feed = this.feeds.get(args.feedId);
    if (!feed) throw new InvalidRequestError('feed.stop', `no feed ${args.feedId}`);
    const wasActive = feed.active;
    const status = await feed.stop();
    if (wasActive)
      this.store.appendAudit({
        actor,
        action: 'feed.stop',
        subject: `feed:${args.feedId}`,
        detail: { ...feedDetail(status), accepted: status.accepted, state: status.state },
      });
    return status;
  }

  /**
   * Score a running feed's next flows with another detector, as `actor` (audited with the
   * detector before and after). Refused for a detector that needs confirmation.
   */
  async switchDetector(args: ValidArgs<'feed.switchDetector'>, actor: string): Promise<FeedStatus> {
    const fail = (why: string): never => {
      throw new InvalidRequestError('feed.switchDetector', why);
    };
    const feed = this.feeds.get(args.feedId) ?? fail(`no feed ${args.feedId}`);
    if (!feed.active) fail(`feed ${args.feedId} is ${feed.status().state}`);
    const chosen = chooseDetector(this.store, 'feed.switchDetector', args.detectorId);
    const detector =
      loadStoredDetector(this.store, chosen.id) ?? fail(`there is no detector #${chosen.id}`);
    const before = feed.detectorId;
    if (before === detector.detectorId) return feed.status();
    this.store.appendAudit({
      actor,
      action: 'feed.switchDetector',
      subject: `feed:${args.feedId}`,
      detail: {
        before: { detectorId: before },
        after: { detectorId: detector.detectorId },
        datasetId: feed.status().datasetId,
        warning: chosen.warning,
      },
    });
    return feed.useDetector(detector);
  }

  /** Every feed this session started (finished ones too, the last 20), newest first. */
  list(): FeedStatus[] {
    return [...this.feeds.values()].reverse().map((f) => f.status());
  }

  /** Stop every feed and close listeners (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((f) => f.stop()));
    this.feeds.clear();
  }

  /** The TCP or HTTP source of a feed; a non-loopback one (allowRemote) is audited first. */
  private listener(args: ListenerArgs, feedId: string, token: string, actor: string): FeedSource {
    const host = args.host.trim();
    if (!isLoopback(host)) {
      // Before binding, so no remote listener ever exists without its audit row.
      this.store.appendAudit({
        actor,
        action: 'feed.allowRemote',
        subject: `feed:${feedId}`,
        detail: { kind: args.kind, host, port: args.port },
      });
      console.warn(
        `rampart: WARNING: feed ${feedId} listens on ${hostPort(host, args.port)}, which other ` +
          'machines may reach; anyone with its token can add flows.',
      );
    }
    return args.kind === 'tcp'
      ? new TcpSource(host, args.port, token)
      : new HttpSource(host, args.port, token);
  }

  private forgetOld(): void {
    const finished = [...this.feeds.values()].filter((f) => !f.active);
    for (const f of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.feeds.delete(f.id.feedId);
    }
  }
}

/** What a feed's audit rows say it reads: its kind, file or bound address, and dataset. */
function feedDetail(s: FeedStatus): Record<string, unknown> {
  return {
    kind: s.kind,
    ...(s.path !== null ? { path: s.path } : {}),
    ...(s.address ? { address: hostPort(s.address.host, s.address.port) } : {}),
    datasetId: s.datasetId,
    detectorId: s.detector?.id ?? null,
  };
}
