/**
 * Pages of one alerts.query (fixed filter and sort) fetched on demand as the table scrolls. Only the
 * pages the viewport wants are requested, a few at a time, and a bounded number is kept, so memory
 * and request count stay flat however many alerts there are. A new query gets a new pager; an old
 * one's late answers land in an object nobody renders any more.
 */
import type { AlertPage, AlertRow } from '../../../shared/contract';

/** Fetch `limit` rows from `offset` of the current query. */
export type FetchPage<P = AlertPage> = (offset: number, limit: number) => Promise<P>;

/** Rows per request; the contract allows up to 1000. */
export const PAGE_SIZE = 200;
/** Pages kept in memory (at 200 rows each, 12k rows). */
const MAX_PAGES = 60;
/** Requests in flight at once. */
const MAX_IN_FLIGHT = 2;

/** On-demand, bounded page cache of one query. */
export class AlertPager<
  Row = AlertRow,
  Page extends { total: number; rows: Row[] } = { total: number; rows: Row[] },
> {
  /** Total rows of the query; null until the first page answered. */
  total: number | null = null;
  /** The latest answer (its totals and counts beside the rows); null until the first. */
  last: Page | null = null;
  /** Last request error, cleared by the next success. */
  error: string | null = null;
  /** Bumped on every change, for useSyncExternalStore. */
  version = 0;

  private readonly pages = new Map<number, Row[]>();
  private readonly inFlight = new Set<number>();
  /** Pages kept on screen but due for a refetch (see {@link refresh}). */
  private readonly stale = new Set<number>();
  private wanted: number[] = [];
  /** The last window asked for, so a refresh can ask for it again. */
  private window: [number, number] | null = null;
  /** Bumped by refresh(), so an answer to a request sent before it cannot count as fresh. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly fetchPage: FetchPage<Page>) {}

  /** Row `i`, or undefined while its page is not loaded. */
  rowAt(i: number): Row | undefined {
    const page = this.pages.get(Math.floor(i / PAGE_SIZE));
    return page ? page[i % PAGE_SIZE] : undefined;
  }

  /** Ask for rows [first, last]; replaces earlier wishes so a fast scroll does not queue stale pages. */
  want(first: number, last: number): void {
    this.window = [first, last];
    const [lo, top] = this.pageRange(first, last);
    let hi = top;
    if (this.total !== null) hi = Math.min(hi, Math.max(0, Math.ceil(this.total / PAGE_SIZE) - 1));
    const wanted: number[] = [];
    for (let p = lo; p <= hi; p++) {
      const page = this.pages.get(p);
      if (page) {
        // Map insertion order doubles as the LRU order: re-inserting marks the page as recent.
        this.pages.delete(p);
        this.pages.set(p, page);
        if (this.stale.has(p)) wanted.push(p);
      } else {
        wanted.push(p);
      }
    }
    this.wanted = wanted;
    this.pump();
  }

  /**
   * Rows changed on the core (decisions, new recommendations): refetch the pages of the last window
   * and drop the others. The stale rows stay on screen until their fresh copy lands, so nothing
   * flickers, and no more is fetched than the viewport holds.
   */
  refresh(): void {
    this.generation += 1;
    const kept = this.window ? this.pageRange(this.window[0], this.window[1]) : null;
    for (const p of [...this.pages.keys()]) {
      if (kept && p >= kept[0] && p <= kept[1]) this.stale.add(p);
      else this.pages.delete(p);
    }
    if (this.window) this.want(this.window[0], this.window[1]);
  }

  /** Re-render hook: called after every change. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private pageRange(first: number, last: number): [number, number] {
    const lo = Math.max(0, Math.floor(first / PAGE_SIZE));
    return [lo, Math.max(lo, Math.floor(Math.max(first, last) / PAGE_SIZE))];
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT) {
      const next = this.wanted.find(
        (p) => !this.inFlight.has(p) && (!this.pages.has(p) || this.stale.has(p)),
      );
      if (next === undefined) return;
      this.wanted = this.wanted.filter((p) => p !== next);
      void this.load(next);
    }
  }

  private async load(p: number): Promise<void> {
    this.inFlight.add(p);
    const generation = this.generation;
    try {
      const res = await this.fetchPage(p * PAGE_SIZE, PAGE_SIZE);
      this.total = res.total;
      this.last = res;
      this.pages.set(p, res.rows);
      // An answer to a request sent before a refresh is shown, but the page stays due.
      if (generation === this.generation) this.stale.delete(p);
      this.error = null;
      this.evict();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.inFlight.delete(p);
    }
    this.changed();
    this.pump();
  }

  private evict(): void {
    for (const p of this.pages.keys()) {
      if (this.pages.size <= MAX_PAGES) return;
      this.pages.delete(p);
      this.stale.delete(p);
    }
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }
}
