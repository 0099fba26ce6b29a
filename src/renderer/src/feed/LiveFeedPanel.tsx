/** The Data screen's "Live feed" section: start feeds and follow each one's counters. */
import { FeedCard } from './FeedCard';
import { FeedStartForm } from './FeedStartForm';
import { useFeeds } from './useFeeds';

/** Feeds of this session, newest first, under the start form. */
export function LiveFeedPanel() {
  const { feeds, loaded, error, upsert } = useFeeds();
  return (
    <section className="panel live-feed" data-testid="live-feed">
      <h3>Live feed</h3>
      <p className="muted small">
        Flows are classified by the detector a feed starts with (the one you pick, else the newest
        that needs no confirmation) and stored in a dataset of their own, with alerts and
        recommendations, as they arrive. A newer load never takes over a running feed.
      </p>
      <FeedStartForm onStarted={upsert} />
      {error && (
        <p className="error" data-testid="feed-list-error">
          {error}
        </p>
      )}
      <div className="feed-list" data-testid="feed-list" data-loaded={loaded}>
        {feeds.map((f) => (
          <FeedCard key={f.feedId} feed={f} onStopped={upsert} />
        ))}
      </div>
    </section>
  );
}
