/** FlowQueue bounds and wake-ups; TokenBucket pacing; the counters' rate. */
import { describe, expect, it } from 'vitest';
import { FeedCounters } from '../../src/main/app/feeds/intake/counters';
import { FlowQueue } from '../../src/main/app/feeds/intake/queue';
import { TokenBucket } from '../../src/main/app/feeds/sources/replay';

/** Adds one (empty) row to the open batch, as a decoder would after a good parse. */
function addRow(q: FlowQueue): void {
  q.open.count++;
  q.added();
}

describe('FlowQueue', () => {
  it('counts open, sealed and in-flight rows, and releases waiters when a batch is stored', async () => {
    let sealed = 0;
    const q = new FlowQueue('t', 4, 2, () => sealed++);
    addRow(q);
    expect(q.depth).toBe(1);
    addRow(q);
    expect(sealed).toBe(1);
    addRow(q);
    addRow(q);
    expect(q.full).toBe(true);
    let woke = false;
    const waiting = q.room().then(() => (woke = true));
    const b = q.next()!;
    expect(b.count).toBe(2);
    expect(q.depth).toBe(4); // still being written
    await Promise.resolve();
    expect(woke).toBe(false);
    q.done(b);
    await waiting;
    expect(woke).toBe(true);
    expect(q.depth).toBe(2);
    expect(q.full).toBe(false);
  });

  it('seals a partial batch when a source has to wait, and close() releases everyone', async () => {
    let sealed = 0;
    const q = new FlowQueue('t', 5, 2, () => sealed++);
    for (let i = 0; i < 5; i++) addRow(q);
    expect(sealed).toBe(2);
    expect(q.open.count).toBe(1);
    const waiting = q.room();
    expect(sealed).toBe(3);
    q.close();
    await waiting;
    await q.room();
  });
});

describe('TokenBucket', () => {
  it('paces takes at the rate after a short burst', async () => {
    const bucket = new TokenBucket(200, new AbortController().signal);
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) await bucket.take();
    const seconds = (performance.now() - t0) / 1000;
    // 60 tokens at 200/s: about 0.3 s (the 50 ms burst takes off up to 10).
    expect(seconds).toBeGreaterThan(0.2);
    expect(seconds).toBeLessThan(0.8);
  });
});

describe('FeedCounters', () => {
  it('keeps the newest examples and measures the accepted rate', () => {
    const c = new FeedCounters(2);
    for (let i = 0; i < 5; i++) c.refuseAt('bad-json', `line ${i}`, 'x');
    expect(c.examples.map((e) => e.where)).toEqual(['line 3', 'line 4']);
    expect(c).toMatchObject({ received: 5, malformed: 5, byReason: { 'bad-json': 5 } });
    c.sample(0);
    for (let i = 0; i < 100; i++) c.accept();
    c.sample(2000);
    expect(c.ratePerSec()).toBe(50);
  });
});
