/** Live feeds: tailing or replaying a file, or listening on TCP / HTTP (`feed.*`). */
import { z } from 'zod';
import { handle, id, noArgs } from './common';
import type { DetectorInfo } from './datasets';

const path = z.string().min(1).max(4096);
/** 0: any free port. */
const port = z.number().int().min(0).max(65535).default(0);
const host = z.string().max(255).default('127.0.0.1');
/** Listen on a non-loopback host; without it such a host is refused. Audited when used. */
const allowRemote = z.boolean().default(false);
/**
 * The detector that scores the feed for as long as it runs (a newer load never takes over); by
 * default the newest one that needs no confirmation.
 */
const detectorId = id.optional();

/** Argument schemas of the feed requests. */
export const feedRequests = {
  'feed.start': z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('tail'),
        path,
        /** Start at the end of the file (only new lines), or read it from the top. */
        fromStart: z.boolean().default(false),
        detectorId,
      })
      .strict(),
    z
      .object({
        kind: z.literal('replay'),
        path,
        ratePerSec: z.number().int().min(1).max(1_000_000).default(1000),
        loop: z.boolean().default(false),
        detectorId,
      })
      .strict(),
    z.object({ kind: z.literal('tcp'), port, host, allowRemote, detectorId }).strict(),
    z.object({ kind: z.literal('http'), port, host, allowRemote, detectorId }).strict(),
  ]),
  'feed.stop': z.object({ feedId: handle }).strict(),
  /** Score a running feed's next flows with another detector (an analyst's choice, audited). */
  'feed.switchDetector': z.object({ feedId: handle, detectorId: id }).strict(),
  'feed.list': noArgs,
} as const;

/** A live feed and its counters. */
export interface FeedStatus {
  feedId: string;
  kind: z.output<(typeof feedRequests)['feed.start']>['kind'];
  state: 'starting' | 'running' | 'stopped' | 'failed';
  /** File fed (tail, replay). */
  path: string | null;
  /** Listener address (tcp, http) and the token senders must present. */
  address: { host: string; port: number } | null;
  token: string | null;
  /** The dataset its flows are stored in. */
  datasetId: number | null;
  received: number;
  accepted: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  /** A few recent malformed inputs with their reason. */
  examples: { where: string; reason: string; detail: string }[];
  /** Flows per second over the last few seconds. */
  ratePerSec: number;
  /** Flows waiting to be stored (bounded; senders are paused when it is full). */
  queued: number;
  connections: number;
  error: string | null;
  /** The detector scoring its flows (pinned at start; changed only by feed.switchDetector). */
  detector: DetectorInfo | null;
  /** The newest stored detector when it is newer than the feed's (it does not take over). */
  newerDetector: DetectorInfo | null;
}

/** Result types of the feed requests. */
export interface FeedResults {
  'feed.start': FeedStatus;
  'feed.stop': FeedStatus;
  'feed.switchDetector': FeedStatus;
  'feed.list': FeedStatus[];
}
