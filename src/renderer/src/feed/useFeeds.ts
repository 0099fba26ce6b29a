/** The feed list: feed.list once the event stream is open, then kept current by feed.status. */
import type { FeedStatus } from '../../../shared/contract';
import { useCoreEvent, useCoreQuery } from '../api/useCore';

/** How long the first list waits for the event stream before asking anyway. */
const STREAM_WAIT_MS = 3000;

/** Replace the feed with the same id, or put a new one first. */
export function upsertFeed(feeds: readonly FeedStatus[], s: FeedStatus): FeedStatus[] {
  const i = feeds.findIndex((f) => f.feedId === s.feedId);
  if (i < 0) return [s, ...feeds];
  const next = feeds.slice();
  next[i] = s;
  return next;
}

const NO_FEEDS: FeedStatus[] = [];

/** Feeds of this session (newest first), the last error, and a way to merge a fresh status. */
export function useFeeds(): {
  feeds: FeedStatus[];
  /** Whether the list has answered once (until then `feeds` is empty, not "no feeds"). */
  loaded: boolean;
  error: string | null;
  upsert(s: FeedStatus): void;
} {
  // Status events sent while disconnected are lost: list again after a reconnect.
  const { data, error, setData } = useCoreQuery(
    'feed.list',
    {},
    { reconnect: true, waitForStreamMs: STREAM_WAIT_MS },
  );
  const upsert = (s: FeedStatus): void => setData((f) => upsertFeed(f ?? [], s));
  useCoreEvent('feed.status', upsert);
  return { feeds: data ?? NO_FEEDS, loaded: data != null, error, upsert };
}
