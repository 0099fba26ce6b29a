/** Words and snippets for a feed: its address, and how a sender reaches it. */
import type { FeedStatus } from '../../../shared/contract';

/** `host:port` of a listener (IPv6 in brackets), or null for file feeds. */
export function addressText(s: FeedStatus): string | null {
  const a = s.address;
  if (!a) return null;
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** What the feed reads or listens on, in a few words. */
export function sourceText(s: FeedStatus): string {
  if (s.path !== null) return s.path;
  const addr = addressText(s);
  return addr === null ? '' : `${s.kind}://${addr}`;
}

/** A shell command that sends a CSV to the feed, or null for file feeds. */
export function senderExample(s: FeedStatus): string | null {
  const addr = addressText(s);
  if (addr === null || s.token === null) return null;
  if (s.kind === 'http') {
    return `curl -H 'Authorization: Bearer ${s.token}' --data-binary @flows.csv http://${addr}/flows`;
  }
  const a = s.address!;
  return `(echo 'AUTH ${s.token}'; cat flows.csv) | nc -N ${a.host} ${a.port}`;
}

/** Reasons by count, most frequent first. */
export function reasonsByCount(s: FeedStatus): [string, number][] {
  return Object.entries(s.malformedByReason).sort((a, b) => b[1] - a[1]);
}
