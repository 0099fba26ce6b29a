/** The feed list: feed.list once the event stream is open, then kept current by feed.status. */
import { useCallback, useEffect, useState } from 'react';
import type { FeedStatus } from '../../../shared/contract';
import type { RampartClient } from '../api/types';
import { errorText } from '../format';
import { onReconnect } from '../api/reconnect';

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

/** Feeds of this session (newest first), the last error, and a way to merge a fresh status. */
export function useFeeds(client: RampartClient): {
  feeds: FeedStatus[];
  error: string | null;
  upsert(s: FeedStatus): void;
} {
  const [feeds, setFeeds] = useState<FeedStatus[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setFeeds(await client.api['feed.list']({}));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    let alive = true;
    void client.connection.ready(STREAM_WAIT_MS).then(() => {
      if (alive) void refresh();
    });
    const offStatus = client.subscribe('feed.status', (s) => setFeeds((f) => upsertFeed(f, s)));
    // Status events sent while disconnected are lost: list again.
    const offConn = onReconnect(client.connection, () => {
      void refresh();
    });
    return () => {
      alive = false;
      offStatus();
      offConn();
    };
  }, [client, refresh]);

  const upsert = useCallback((s: FeedStatus) => setFeeds((f) => upsertFeed(f, s)), []);
  return { feeds, error, upsert };
}
