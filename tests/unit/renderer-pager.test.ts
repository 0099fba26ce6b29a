/** The alerts table's page cache, against a fake alerts.query whose answers the test releases. */
import { describe, expect, it } from 'vitest';
import type { AlertPage, AlertRow } from '../../src/shared/contract';
import { AlertPager, PAGE_SIZE } from '../../src/renderer/src/alerts/pager';

/** Row `id` of a fake result set; `tag` tells result sets (queries) apart. */
function row(id: number, tag = 'all'): AlertRow {
  return {
    id,
    flowId: id,
    datasetId: 1,
    time: null,
    timeMs: null,
    src: null,
    dst: null,
    dstPort: null,
    predictedClass: tag,
    trueClass: null,
    signatureId: 1,
    signatureText: 'x',
    confidence: { mean: 0.5, lo: 0.4, hi: 0.6 },
    status: 'auto',
    recommendation: null,
  };
}

interface Call {
  offset: number;
  limit: number;
  resolve(page: AlertPage): void;
  reject(err: unknown): void;
}

/**
 * A fake alerts.query over `total` rows whose ids are their positions. Each request stays pending
 * until the test answers it, so order and concurrency are under the test's control.
 */
class FakeQuery {
  /** Every request made, in order. */
  readonly calls: Call[] = [];
  private readonly open = new Set<Call>();
  /** Most requests pending at once. */
  maxOpen = 0;

  constructor(
    public total: number,
    private readonly tag = 'all',
  ) {}

  readonly fetch = (offset: number, limit: number): Promise<AlertPage> =>
    new Promise<AlertPage>((resolve, reject) => {
      const call: Call = {
        offset,
        limit,
        resolve: (page) => {
          this.open.delete(call);
          resolve(page);
        },
        reject: (err) => {
          this.open.delete(call);
          reject(err);
        },
      };
      this.calls.push(call);
      this.open.add(call);
      this.maxOpen = Math.max(this.maxOpen, this.open.size);
    });

  /** Offsets requested so far, in order. */
  get offsets(): number[] {
    return this.calls.map((c) => c.offset);
  }

  /** Offsets of requests not answered yet. */
  get pending(): number[] {
    return [...this.open].map((c) => c.offset);
  }

  /** Answers the pending request for `offset` from the current result set, then lets it land. */
  async answer(offset: number): Promise<void> {
    const call = this.pendingAt(offset);
    const end = Math.min(this.total, call.offset + call.limit);
    const rows: AlertRow[] = [];
    for (let id = call.offset; id < end; id++) rows.push(row(id, this.tag));
    call.resolve({ total: this.total, rows });
    await settle();
  }

  /** Fails the pending request for `offset`, then lets it land. */
  async fail(offset: number, err: unknown): Promise<void> {
    this.pendingAt(offset).reject(err);
    await settle();
  }

  /** Answers pending requests oldest first until none is left (new ones included). */
  async drain(): Promise<void> {
    for (let guard = 0; this.open.size > 0; guard++) {
      if (guard > 10_000) throw new Error('requests never stop');
      const [first] = this.open;
      if (first) await this.answer(first.offset);
    }
  }

  private pendingAt(offset: number): Call {
    const call = [...this.open].find((c) => c.offset === offset);
    if (!call) throw new Error(`no pending request at ${offset}; pending: ${this.pending}`);
    return call;
  }
}

/** Lets settled promises run their continuations (microtasks only; no timers). */
async function settle(): Promise<void> {
  for (let k = 0; k < 10; k++) await Promise.resolve();
}

/** A pager over `total` rows whose total is already known (page 0 answered). */
async function primed(total: number): Promise<{ pager: AlertPager; q: FakeQuery }> {
  const q = new FakeQuery(total);
  const pager = new AlertPager(q.fetch);
  pager.want(0, 0);
  await q.answer(0);
  expect(pager.total).toBe(total);
  return { pager, q };
}

describe('AlertPager, first page', () => {
  it('knows nothing before the first answer and asks for page 0 for an empty window', () => {
    const q = new FakeQuery(1000);
    const pager = new AlertPager(q.fetch);
    expect(pager.total).toBeNull();
    expect(pager.error).toBeNull();
    expect(pager.version).toBe(0);
    expect(pager.rowAt(0)).toBeUndefined();
    expect(q.calls).toHaveLength(0);
    // The table's window while the total is unknown (0 rows): first 0, last -1.
    pager.want(0, -1);
    expect(q.calls.map((c) => [c.offset, c.limit])).toEqual([[0, PAGE_SIZE]]);
  });

  it('stores the answer, learns the total and notifies subscribers once per answer', async () => {
    const q = new FakeQuery(1000);
    const pager = new AlertPager(q.fetch);
    let notified = 0;
    pager.subscribe(() => {
      notified += 1;
    });
    pager.want(0, 10);
    expect(notified).toBe(0);
    await q.answer(0);
    expect(pager.total).toBe(1000);
    expect(pager.version).toBe(1);
    expect(notified).toBe(1);
    expect(pager.rowAt(0)?.id).toBe(0);
    expect(pager.rowAt(PAGE_SIZE - 1)?.id).toBe(PAGE_SIZE - 1);
    expect(pager.rowAt(PAGE_SIZE)).toBeUndefined();
    expect(pager.rowAt(-1)).toBeUndefined();
  });

  it('stops notifying a listener that unsubscribed', async () => {
    const q = new FakeQuery(1000);
    const pager = new AlertPager(q.fetch);
    let a = 0;
    let b = 0;
    const offA = pager.subscribe(() => {
      a += 1;
    });
    pager.subscribe(() => {
      b += 1;
    });
    pager.want(0, 0);
    await q.answer(0);
    offA();
    pager.want(PAGE_SIZE, PAGE_SIZE);
    await q.answer(PAGE_SIZE);
    expect([a, b]).toEqual([1, 2]);
    expect(pager.version).toBe(2);
  });
});

describe('AlertPager, zero rows', () => {
  it('settles at total 0 with no rows and asks for nothing more', async () => {
    const q = new FakeQuery(0);
    const pager = new AlertPager(q.fetch);
    pager.want(0, -1);
    await q.answer(0);
    expect(pager.total).toBe(0);
    expect(pager.version).toBe(1);
    expect(pager.rowAt(0)).toBeUndefined();
    pager.want(0, -1);
    pager.want(0, 8);
    pager.want(0, 5000);
    expect(q.offsets).toEqual([0]);
  });
});

describe('AlertPager, page boundaries', () => {
  it('maps the rows on either side of a page boundary to their pages', async () => {
    const q = new FakeQuery(10_000);
    const pager = new AlertPager(q.fetch);
    pager.want(PAGE_SIZE - 1, PAGE_SIZE);
    expect(q.offsets).toEqual([0, PAGE_SIZE]);
    await q.drain();
    expect(pager.rowAt(PAGE_SIZE - 1)?.id).toBe(PAGE_SIZE - 1);
    expect(pager.rowAt(PAGE_SIZE)?.id).toBe(PAGE_SIZE);
    expect(pager.rowAt(2 * PAGE_SIZE - 1)?.id).toBe(2 * PAGE_SIZE - 1);
    expect(pager.rowAt(2 * PAGE_SIZE)).toBeUndefined();
  });

  it('asks for exactly the pages a window touches', async () => {
    const { pager, q } = await primed(10_000);
    pager.want(0, PAGE_SIZE - 1); // page 0 only, already here
    pager.want(PAGE_SIZE, 2 * PAGE_SIZE - 1); // page 1 only
    expect(q.offsets).toEqual([0, PAGE_SIZE]);
    await q.drain();
    pager.want(2 * PAGE_SIZE - 1, 2 * PAGE_SIZE); // pages 1 and 2; 1 is here
    expect(q.offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
  });

  it.each([
    // total, pages that exist, rows on the last page
    [PAGE_SIZE - 1, 1, PAGE_SIZE - 1],
    [PAGE_SIZE, 1, PAGE_SIZE],
    [PAGE_SIZE + 1, 2, 1],
    [2 * PAGE_SIZE, 2, PAGE_SIZE],
    [2 * PAGE_SIZE + 1, 3, 1],
  ])(
    'with %i rows asks for %i page(s) and no page past the last row',
    async (total, pages, lastRows) => {
      const { pager, q } = await primed(total);
      pager.want(0, 100 * PAGE_SIZE);
      await q.drain();
      expect(q.offsets).toEqual(Array.from({ length: pages }, (_, p) => p * PAGE_SIZE));
      const lastPage = (pages - 1) * PAGE_SIZE;
      expect(pager.rowAt(total - 1)?.id).toBe(total - 1);
      expect(pager.rowAt(total)).toBeUndefined();
      expect(pager.rowAt(lastPage + lastRows - 1)?.id).toBe(total - 1);
      for (let i = 0; i < total; i++) {
        if (pager.rowAt(i)?.id !== i) expect.fail(`row ${i} is ${pager.rowAt(i)?.id}`);
      }
    },
  );

  it('asks for nothing for a window wholly past the last row', async () => {
    const { pager, q } = await primed(PAGE_SIZE + 1);
    pager.want(5 * PAGE_SIZE, 6 * PAGE_SIZE);
    expect(q.offsets).toEqual([0]);
  });

  it('reaches the last page of a large result set directly', async () => {
    const total = 5_000_000;
    const { pager, q } = await primed(total);
    pager.want(total - 30, total - 1);
    const lastPage = Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE;
    expect(q.pending).toEqual([lastPage]);
    await q.drain();
    expect(pager.rowAt(total - 1)?.id).toBe(total - 1);
    expect(q.calls).toHaveLength(2);
  });
});

describe('AlertPager, request scheduling', () => {
  it('keeps at most 2 requests in flight and fetches each wanted page once, in order', async () => {
    const { pager, q } = await primed(100_000);
    pager.want(PAGE_SIZE, 11 * PAGE_SIZE - 1); // pages 1..10
    expect(q.pending).toEqual([PAGE_SIZE, 2 * PAGE_SIZE]);
    await q.answer(PAGE_SIZE);
    expect(q.pending).toEqual([2 * PAGE_SIZE, 3 * PAGE_SIZE]);
    await q.drain();
    expect(q.maxOpen).toBe(2);
    expect(q.offsets).toEqual(Array.from({ length: 11 }, (_, p) => p * PAGE_SIZE));
    expect(q.calls.every((c) => c.limit === PAGE_SIZE)).toBe(true);
    for (let p = 0; p <= 10; p++)
      expect(pager.rowAt(p * PAGE_SIZE + 7)?.id).toBe(p * PAGE_SIZE + 7);
  });

  it('does not ask twice for a page that is in flight or already here', async () => {
    const { pager, q } = await primed(100_000);
    pager.want(PAGE_SIZE, 3 * PAGE_SIZE - 1);
    pager.want(PAGE_SIZE, 3 * PAGE_SIZE - 1);
    pager.want(PAGE_SIZE + 50, PAGE_SIZE + 60);
    expect(q.offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
    await q.drain();
    pager.want(0, 3 * PAGE_SIZE - 1);
    expect(q.calls).toHaveLength(3);
  });

  it('drops queued pages a new window no longer wants (a fast scroll)', async () => {
    const { pager, q } = await primed(100_000);
    pager.want(PAGE_SIZE, 11 * PAGE_SIZE - 1); // pages 1..10: 1 and 2 go out, 3..10 queue
    pager.want(50 * PAGE_SIZE, 52 * PAGE_SIZE - 1); // scrolled away: pages 50, 51
    expect(q.pending).toEqual([PAGE_SIZE, 2 * PAGE_SIZE]);
    await q.answer(PAGE_SIZE);
    expect(q.pending).toEqual([2 * PAGE_SIZE, 50 * PAGE_SIZE]);
    await q.drain();
    expect(q.offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE, 50 * PAGE_SIZE, 51 * PAGE_SIZE]);
    expect(q.maxOpen).toBe(2);
    // The pages that were in flight when the view moved are still kept.
    expect(pager.rowAt(2 * PAGE_SIZE)?.id).toBe(2 * PAGE_SIZE);
    expect(pager.rowAt(3 * PAGE_SIZE)).toBeUndefined();
  });

  it('files out-of-order answers under their own pages', async () => {
    const q = new FakeQuery(10_000);
    const pager = new AlertPager(q.fetch);
    pager.want(0, 2 * PAGE_SIZE - 1);
    expect(q.pending).toEqual([0, PAGE_SIZE]);
    await q.answer(PAGE_SIZE);
    expect(pager.total).toBe(10_000);
    expect(pager.rowAt(PAGE_SIZE)?.id).toBe(PAGE_SIZE);
    expect(pager.rowAt(0)).toBeUndefined();
    await q.answer(0);
    expect(pager.rowAt(0)?.id).toBe(0);
    expect(pager.rowAt(PAGE_SIZE - 1)?.id).toBe(PAGE_SIZE - 1);
    expect(pager.rowAt(PAGE_SIZE)?.id).toBe(PAGE_SIZE);
    expect(pager.version).toBe(2);
  });
});

describe('AlertPager, errors', () => {
  it('reports a failed request, keeps nothing for it, and retries when the page is wanted again', async () => {
    const q = new FakeQuery(1000);
    const pager = new AlertPager(q.fetch);
    let notified = 0;
    pager.subscribe(() => {
      notified += 1;
    });
    pager.want(0, 10);
    await q.fail(0, new Error('database is locked'));
    expect(pager.error).toBe('database is locked');
    expect(pager.total).toBeNull();
    expect(pager.rowAt(0)).toBeUndefined();
    expect(notified).toBe(1);
    // No retry loop on its own.
    expect(q.calls).toHaveLength(1);
    pager.want(0, 10);
    expect(q.pending).toEqual([0]);
    await q.answer(0);
    expect(pager.error).toBeNull();
    expect(pager.rowAt(0)?.id).toBe(0);
    expect(notified).toBe(2);
  });

  it('reports a non-Error rejection as text and frees its slot for the next page', async () => {
    const { pager, q } = await primed(10_000);
    pager.want(PAGE_SIZE, 4 * PAGE_SIZE - 1); // pages 1..3
    await q.fail(PAGE_SIZE, 'offline');
    expect(pager.error).toBe('offline');
    expect(q.pending).toEqual([2 * PAGE_SIZE, 3 * PAGE_SIZE]);
    await q.drain();
    expect(pager.error).toBeNull();
    expect(pager.rowAt(PAGE_SIZE)).toBeUndefined();
    expect(pager.rowAt(3 * PAGE_SIZE)?.id).toBe(3 * PAGE_SIZE);
  });
});

describe('AlertPager, bounded cache', () => {
  /** Loads pages `from`..`to` one window at a time, as a slow scroll would. */
  async function scrollThrough(pager: AlertPager, q: FakeQuery, from: number, to: number) {
    for (let p = from; p <= to; p++) {
      pager.want(p * PAGE_SIZE, p * PAGE_SIZE + 10);
      await q.drain();
    }
  }
  const cached = (pager: AlertPager, p: number): boolean =>
    pager.rowAt(p * PAGE_SIZE) !== undefined;

  it('keeps 60 pages and evicts the least recently used beyond that', async () => {
    const { pager, q } = await primed(100_000);
    await scrollThrough(pager, q, 1, 59);
    for (let p = 0; p < 60; p++) expect(cached(pager, p)).toBe(true);
    await scrollThrough(pager, q, 60, 61);
    expect(cached(pager, 0)).toBe(false);
    expect(cached(pager, 1)).toBe(false);
    for (let p = 2; p <= 61; p++) expect(cached(pager, p)).toBe(true);
    // An evicted page is fetched again when wanted.
    const before = q.calls.length;
    pager.want(0, 10);
    expect(q.calls.length).toBe(before + 1);
    expect(q.pending).toEqual([0]);
  });

  it('counts a page the viewport wants again as recent', async () => {
    const { pager, q } = await primed(100_000);
    await scrollThrough(pager, q, 1, 59);
    const before = q.calls.length;
    pager.want(0, 10); // back to the top: page 0 is here, so no request
    expect(q.calls.length).toBe(before);
    await scrollThrough(pager, q, 60, 60);
    expect(cached(pager, 0)).toBe(true);
    expect(cached(pager, 1)).toBe(false);
  });

  it('never holds more than 60 pages over a long scroll', async () => {
    const { pager, q } = await primed(1_000_000);
    for (let p = 0; p < 400; p += 3) {
      pager.want(p * PAGE_SIZE, (p + 3) * PAGE_SIZE - 1);
      await q.drain();
    }
    let held = 0;
    for (let p = 0; p < 500; p++) if (cached(pager, p)) held += 1;
    expect(held).toBe(60);
    // The most recent pages are the ones kept.
    for (let p = 342; p < 402; p++) expect(cached(pager, p)).toBe(true);
  });
});

describe('AlertPager, a changed query or total', () => {
  it('a filter gets a fresh pager that the old one’s late answers cannot reach', async () => {
    // AlertsScreen builds a new pager per query (filter, sort); the old one may still be waiting.
    const all = new FakeQuery(5000, 'all');
    const oldPager = new AlertPager(all.fetch);
    oldPager.want(0, 30);
    const ddos = new FakeQuery(42, 'DDoS');
    const pager = new AlertPager(ddos.fetch);
    let notified = 0;
    pager.subscribe(() => {
      notified += 1;
    });
    expect(pager.total).toBeNull();
    expect(pager.rowAt(0)).toBeUndefined();
    pager.want(0, 30);
    await ddos.answer(0);
    await all.answer(0); // the late answer to the old query
    expect(pager.total).toBe(42);
    expect(pager.rowAt(0)?.predictedClass).toBe('DDoS');
    expect(pager.rowAt(41)?.predictedClass).toBe('DDoS');
    expect(pager.rowAt(42)).toBeUndefined();
    expect(notified).toBe(1);
    expect(oldPager.total).toBe(5000);
    expect(oldPager.rowAt(0)?.predictedClass).toBe('all');
  });

  it('takes the latest answer’s total, and no longer asks for pages past a shrunken end', async () => {
    const { pager, q } = await primed(2000);
    q.total = 500; // the result set shrank between two requests
    pager.want(PAGE_SIZE, PAGE_SIZE + 10);
    await q.answer(PAGE_SIZE);
    expect(pager.total).toBe(500);
    pager.want(0, 2000);
    expect(q.pending).toEqual([2 * PAGE_SIZE]); // page 2 holds rows 400..499; 3..9 are gone
    await q.drain();
    expect(q.offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
  });
});

describe('AlertPager, refresh after a change', () => {
  const statusRow = (id: number, status: AlertRow['status']): AlertRow => ({ ...row(id), status });
  const settle = async () => {
    for (let k = 0; k < 20; k++) await Promise.resolve();
  };

  it('refetches only the pages of the last window and keeps rows on screen meanwhile', async () => {
    let status: AlertRow['status'] = 'pending';
    const calls: { offset: number; resolve: (p: AlertPage) => void }[] = [];
    const pager = new AlertPager(
      (offset) =>
        new Promise<AlertPage>((resolve) => calls.push({ offset, resolve: (p) => resolve(p) })),
    );
    const answer = async (i: number) => {
      const c = calls[i]!;
      const rows = [];
      for (let k = c.offset; k < c.offset + PAGE_SIZE; k++) rows.push(statusRow(k, status));
      c.resolve({ total: 10_000, rows });
      await settle();
    };
    pager.want(0, 10);
    await answer(0);
    pager.want(5 * PAGE_SIZE, 5 * PAGE_SIZE + 10);
    await answer(1);
    pager.want(PAGE_SIZE - 5, PAGE_SIZE + 5); // pages 0 (cached) and 1
    await answer(2);
    expect(calls.map((c) => c.offset)).toEqual([0, 5 * PAGE_SIZE, PAGE_SIZE]);
    status = 'approved';
    pager.refresh();
    expect(calls.map((c) => c.offset).slice(3)).toEqual([0, PAGE_SIZE]);
    expect(pager.rowAt(0)?.status).toBe('pending'); // stale but shown
    expect(pager.rowAt(5 * PAGE_SIZE)).toBeUndefined(); // out of view: dropped
    // A refresh while the refetch is in flight: the late answer is shown but fetched again.
    pager.refresh();
    expect(calls.length).toBe(5);
    await answer(3);
    expect(pager.rowAt(0)?.status).toBe('approved');
    expect(calls.map((c) => c.offset).slice(5)).toEqual([0]);
    await answer(4);
    expect(calls.map((c) => c.offset).slice(6)).toEqual([PAGE_SIZE]);
    await answer(5);
    await answer(6);
    expect(calls.length).toBe(7);
    pager.want(PAGE_SIZE - 5, PAGE_SIZE + 5);
    expect(calls.length).toBe(7); // fresh: nothing more
    expect(pager.rowAt(PAGE_SIZE)?.status).toBe('approved');
  });
});
