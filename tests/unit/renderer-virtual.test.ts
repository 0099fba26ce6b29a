/** Virtual-scroll geometry of the alerts table: windows, offsets, compression and reveal. */
import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  rowOffset,
  scrollTopToReveal,
  virtualWindow,
} from '../../src/renderer/src/alerts/virtual';

/** The table's row height (AlertsTable.ROW_H; that module is TSX, so it is not imported here). */
const ROW_H = 28;
/** A 20-row viewport. */
const VIEW_H = 560;
const OVERSCAN = 8;
/** Most rows whose natural height still fits the scroll area: 285 714. */
const LAST_UNCOMPRESSED = Math.floor(MAX_SCROLL_PX / ROW_H);

/** Deterministic pseudo-random integers in [0, n) (a 32-bit LCG), so failures reproduce. */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** The scrollTop at which the viewport shows the end of the list. */
function maxScrollTop(total: number, viewH = VIEW_H): number {
  return Math.max(0, virtualWindow(total, ROW_H, 0, viewH).spacerHeight - viewH);
}

/** Whether row `i` lies wholly inside the viewport at `scrollTop` (to a millionth of a pixel). */
function fullyVisible(i: number, total: number, scrollTop: number, viewH = VIEW_H): boolean {
  const w = virtualWindow(total, ROW_H, scrollTop, viewH);
  const top = rowOffset(i, w, ROW_H, scrollTop);
  return top >= scrollTop - 1e-6 && top + ROW_H <= scrollTop + viewH + 1e-6;
}

/** Why the rendered rows fail to be contiguous, evenly spaced and cover the viewport, or null. */
function coverageProblem(total: number, scrollTop: number, viewH = VIEW_H): string | null {
  const w = virtualWindow(total, ROW_H, scrollTop, viewH);
  const at = `at ${scrollTop}: rows ${w.first}..${w.last}`;
  if (w.first < 0 || w.last > total - 1) return `${at} outside 0..${total - 1}`;
  const top = rowOffset(w.first, w, ROW_H, scrollTop);
  const bottom = rowOffset(w.last, w, ROW_H, scrollTop) + ROW_H;
  if (top > scrollTop + 1e-6) return `${at} start ${top - scrollTop} px below the top`;
  // The bottom of the viewport is covered, unless the list ends above it.
  if (w.last < total - 1 && bottom < scrollTop + viewH - 1e-6)
    return `${at} end short of the bottom`;
  const span = (w.last - w.first + 1) * ROW_H;
  if (Math.abs(bottom - top - span) > 1e-6) return `${at} span ${bottom - top} px, not ${span}`;
  return null;
}

describe('virtualWindow, no rows', () => {
  it('renders nothing and has no scroll height, wherever it is scrolled', () => {
    for (const scrollTop of [0, 100, 1e6]) {
      const w = virtualWindow(0, ROW_H, scrollTop, VIEW_H);
      expect(w.spacerHeight).toBe(0);
      expect(w.last).toBeLessThan(w.first);
      expect(w.first).toBeGreaterThanOrEqual(0);
    }
  });

  it('renders nothing before the viewport has been measured', () => {
    const w = virtualWindow(0, ROW_H, 0, 0);
    expect(w.last).toBeLessThan(w.first);
  });
});

describe('virtualWindow, 1:1 scrolling', () => {
  it('renders every row of a list shorter than the viewport', () => {
    const w = virtualWindow(5, ROW_H, 0, VIEW_H);
    expect(w).toEqual({ spacerHeight: 5 * ROW_H, first: 0, last: 4, topRow: 0 });
  });

  it('renders the first screenful plus overscan below, none above, at the top', () => {
    const w = virtualWindow(1000, ROW_H, 0, VIEW_H);
    expect(w.spacerHeight).toBe(1000 * ROW_H);
    expect(w.first).toBe(0);
    expect(w.last).toBe(20 + OVERSCAN);
  });

  it('renders overscan rows before the viewport was measured, so the first page is asked for', () => {
    const w = virtualWindow(1000, ROW_H, 0, 0);
    expect(w.first).toBe(0);
    expect(w.last).toBe(OVERSCAN);
  });

  it('adds the overscan on both sides in the middle, and honours a custom overscan', () => {
    const at = 100 * ROW_H + 14; // half-way into row 100
    const w = virtualWindow(1000, ROW_H, at, VIEW_H);
    expect(w.topRow).toBe(100.5);
    expect(w.first).toBe(100 - OVERSCAN);
    expect(w.last).toBe(121 + OVERSCAN);
    const bare = virtualWindow(1000, ROW_H, at, VIEW_H, 0);
    expect([bare.first, bare.last]).toEqual([100, 121]);
    const wide = virtualWindow(1000, ROW_H, at, VIEW_H, 30);
    expect([wide.first, wide.last]).toEqual([70, 151]);
  });

  it('places every row at its natural offset, independent of scroll position', () => {
    for (const scrollTop of [0, 1, 999, 12_345]) {
      const w = virtualWindow(1000, ROW_H, scrollTop, VIEW_H);
      for (let i = w.first; i <= w.last; i++) {
        expect(rowOffset(i, w, ROW_H, scrollTop)).toBeCloseTo(i * ROW_H, 9);
      }
    }
  });

  it('shows the last row flush with the bottom at the end and renders nothing past it', () => {
    const total = 1000;
    const end = maxScrollTop(total);
    expect(end).toBe(total * ROW_H - VIEW_H);
    const w = virtualWindow(total, ROW_H, end, VIEW_H);
    expect(w.last).toBe(total - 1);
    expect(w.first).toBe(total - 20 - OVERSCAN);
    expect(rowOffset(total - 1, w, ROW_H, end) + ROW_H).toBe(end + VIEW_H);
  });

  it('covers the viewport at every pixel of a short list', () => {
    const total = 1000;
    for (let s = 0; s <= maxScrollTop(total); s++) {
      const problem = coverageProblem(total, s);
      if (problem) expect.fail(problem);
    }
  });

  it('covers a viewport that is not a whole number of rows high', () => {
    for (const s of [0, 17, 5_000, maxScrollTop(1000, 333)]) {
      expect(coverageProblem(1000, s, 333)).toBeNull();
    }
  });
});

describe('virtualWindow, the compressed scroll range', () => {
  it('switches to compression exactly where the natural height passes MAX_SCROLL_PX', () => {
    expect(LAST_UNCOMPRESSED).toBe(285_714);
    const under = virtualWindow(LAST_UNCOMPRESSED, ROW_H, 0, VIEW_H);
    const over = virtualWindow(LAST_UNCOMPRESSED + 1, ROW_H, 0, VIEW_H);
    expect(under.spacerHeight).toBe(LAST_UNCOMPRESSED * ROW_H);
    expect(over.spacerHeight).toBe(MAX_SCROLL_PX);
    expect(virtualWindow(5_000_000, ROW_H, 0, VIEW_H).spacerHeight).toBe(MAX_SCROLL_PX);
  });

  it('moves by less than a row at the switch-over, so one more row does not make the view jump', () => {
    const next = lcg(7);
    for (let k = 0; k < 1000; k++) {
      const s = next(maxScrollTop(LAST_UNCOMPRESSED) + 1);
      const a = virtualWindow(LAST_UNCOMPRESSED, ROW_H, s, VIEW_H).topRow;
      const b = virtualWindow(LAST_UNCOMPRESSED + 1, ROW_H, s, VIEW_H).topRow;
      expect(Math.abs(a - b)).toBeLessThan(1);
    }
  });

  const TOTAL = 5_000_000;

  it('reaches the first row at the top: row 0 at the top edge, nothing above it', () => {
    const w = virtualWindow(TOTAL, ROW_H, 0, VIEW_H);
    expect(w.topRow).toBe(0);
    expect(w.first).toBe(0);
    expect(rowOffset(0, w, ROW_H, 0)).toBe(0);
  });

  it('reaches the last row at the end: flush with the bottom of the viewport and the spacer', () => {
    const end = maxScrollTop(TOTAL);
    expect(end).toBe(MAX_SCROLL_PX - VIEW_H);
    const w = virtualWindow(TOTAL, ROW_H, end, VIEW_H);
    expect(w.last).toBe(TOTAL - 1);
    expect(w.topRow).toBe(TOTAL - 20);
    expect(rowOffset(TOTAL - 1, w, ROW_H, end) + ROW_H).toBeCloseTo(end + VIEW_H, 6);
    expect(end + VIEW_H).toBe(w.spacerHeight);
  });

  it('clamps past the end (elastic over-scroll) at the last screenful', () => {
    const w = virtualWindow(TOTAL, ROW_H, maxScrollTop(TOTAL) + 500, VIEW_H);
    expect(w.topRow).toBe(TOTAL - 20);
    expect(w.last).toBe(TOTAL - 1);
  });

  it('maps every pixel monotonically, never skipping a row between neighbouring positions', () => {
    const end = maxScrollTop(TOTAL);
    let prevTop = -1;
    let lastSeen = -1; // highest row index shown (even partly) at any position so far
    for (let s = 0; s <= end; s++) {
      const w = virtualWindow(TOTAL, ROW_H, s, VIEW_H);
      // Strictly increasing: each pixel moves the content, and no row comes back into a slot.
      if (!(w.topRow > prevTop)) expect.fail(`topRow ${w.topRow} at ${s} after ${prevTop}`);
      const firstShown = Math.floor(w.topRow);
      const lastShown = Math.ceil(w.topRow + 20) - 1;
      if (firstShown > lastSeen + 1) expect.fail(`rows ${lastSeen + 1}..${firstShown - 1} skipped`);
      // The rendered range always includes what is on screen.
      if (w.first > firstShown || w.last < Math.min(TOTAL - 1, lastShown)) {
        expect.fail(`rendered ${w.first}..${w.last} misses ${firstShown}..${lastShown} at ${s}`);
      }
      lastSeen = Math.max(lastSeen, lastShown);
      prevTop = w.topRow;
    }
    expect(lastSeen).toBe(TOTAL - 1);
  });

  it('covers the viewport with contiguous, evenly spaced rows at sampled positions', () => {
    const next = lcg(42);
    const end = maxScrollTop(TOTAL);
    for (const s of [0, 1, 2, end - 2, end - 1, end]) expect(coverageProblem(TOTAL, s)).toBeNull();
    for (let k = 0; k < 20_000; k++) {
      const problem = coverageProblem(TOTAL, next(end + 1));
      if (problem) expect.fail(problem);
    }
  });

  it('renders a bounded number of rows however long the list is', () => {
    for (const total of [LAST_UNCOMPRESSED + 1, TOTAL, 50_000_000]) {
      const next = lcg(total);
      for (let k = 0; k < 200; k++) {
        const w = virtualWindow(total, ROW_H, next(maxScrollTop(total) + 1), VIEW_H);
        expect(w.last - w.first + 1).toBeLessThanOrEqual(20 + 2 + 2 * OVERSCAN);
      }
    }
  });
});

describe('scrollTopToReveal, 1:1 scrolling', () => {
  const TOTAL = 1000;

  it('returns null for a row already fully in view', () => {
    for (const i of [0, 10, 19]) expect(scrollTopToReveal(i, TOTAL, ROW_H, 0, VIEW_H)).toBeNull();
    expect(scrollTopToReveal(119, TOTAL, ROW_H, 100 * ROW_H, VIEW_H)).toBeNull();
  });

  it('scrolls up to put a row above the viewport at the top edge', () => {
    expect(scrollTopToReveal(50, TOTAL, ROW_H, 100 * ROW_H, VIEW_H)).toBe(50 * ROW_H);
    expect(scrollTopToReveal(0, TOTAL, ROW_H, 100 * ROW_H, VIEW_H)).toBe(0);
  });

  it('scrolls down to put a row below the viewport at the bottom edge', () => {
    expect(scrollTopToReveal(20, TOTAL, ROW_H, 0, VIEW_H)).toBe(21 * ROW_H - VIEW_H);
    expect(scrollTopToReveal(TOTAL - 1, TOTAL, ROW_H, 0, VIEW_H)).toBe(maxScrollTop(TOTAL));
  });

  it('reveals rows clipped by either edge', () => {
    // The viewport spans 290..850 px: row 10 starts 10 px above it, row 30 ends 18 px below it.
    const s = 10 * ROW_H + 10;
    expect(scrollTopToReveal(10, TOTAL, ROW_H, s, VIEW_H)).toBe(10 * ROW_H);
    expect(scrollTopToReveal(30, TOTAL, ROW_H, s, VIEW_H)).toBe(31 * ROW_H - VIEW_H);
    expect(scrollTopToReveal(11, TOTAL, ROW_H, s, VIEW_H)).toBeNull();
    expect(scrollTopToReveal(29, TOTAL, ROW_H, s, VIEW_H)).toBeNull();
  });

  it('leaves the row fully in view, for odd viewport heights too', () => {
    const next = lcg(3);
    for (const viewH of [VIEW_H, 333, 601]) {
      for (let k = 0; k < 500; k++) {
        const i = next(TOTAL);
        const st = scrollTopToReveal(i, TOTAL, ROW_H, next(maxScrollTop(TOTAL, viewH) + 1), viewH);
        if (st === null) continue;
        // Browsers hold scrollTop in whole pixels here.
        expect(fullyVisible(i, TOTAL, Math.round(st), viewH)).toBe(true);
      }
    }
  });
});

describe('scrollTopToReveal, compressed scrolling (5M rows)', () => {
  const TOTAL = 5_000_000;
  const END = maxScrollTop(TOTAL);

  it('Home and End reach the first and the last row', () => {
    expect(scrollTopToReveal(0, TOTAL, ROW_H, END, VIEW_H)).toBe(0);
    const st = scrollTopToReveal(TOTAL - 1, TOTAL, ROW_H, 0, VIEW_H);
    expect(st).toBe(END);
    expect(virtualWindow(TOTAL, ROW_H, END, VIEW_H).last).toBe(TOTAL - 1);
    expect(fullyVisible(TOTAL - 1, TOTAL, END)).toBe(true);
  });

  it('returns null for a row already fully in view', () => {
    const w = virtualWindow(TOTAL, ROW_H, 4_000_000, VIEW_H, 0);
    const firstFull = Math.ceil(w.topRow);
    expect(scrollTopToReveal(firstFull, TOTAL, ROW_H, 4_000_000, VIEW_H)).toBeNull();
    expect(scrollTopToReveal(firstFull + 18, TOTAL, ROW_H, 4_000_000, VIEW_H)).toBeNull();
  });

  it('leaves the row fully in view at the whole-pixel scrollTop a browser keeps', () => {
    // One pixel moves 0.625 rows here, so rounding the position the wrong way clips the row.
    const next = lcg(11);
    for (const viewH of [VIEW_H, 600, 333]) {
      const end = maxScrollTop(TOTAL, viewH);
      for (let k = 0; k < 3000; k++) {
        const i = next(TOTAL);
        const st = scrollTopToReveal(i, TOTAL, ROW_H, next(end + 1), viewH);
        if (st === null) continue;
        if (st < 0 || st > end) expect.fail(`scrollTop ${st} out of 0..${end} for row ${i}`);
        for (const kept of [Math.floor(st), Math.round(st), Math.ceil(st)]) {
          if (!fullyVisible(i, TOTAL, kept, viewH)) expect.fail(`row ${i} clipped at ${kept}`);
        }
        // Revealing the same row again does not move the view.
        const again = scrollTopToReveal(i, TOTAL, ROW_H, st, viewH);
        if (again !== null && again !== st) expect.fail(`row ${i}: ${st} then ${again}`);
      }
    }
  });

  it('moves the least: stepping down one row lands it within a pixel of the bottom edge', () => {
    let s = 3_000_000;
    const rowsPerPx = (TOTAL - 20) / END;
    for (let step = 0; step < 200; step++) {
      const w = virtualWindow(TOTAL, ROW_H, s, VIEW_H, 0);
      const below = Math.ceil(w.topRow + 20); // first row not fully shown at the bottom
      const st = scrollTopToReveal(below, TOTAL, ROW_H, s, VIEW_H);
      expect(st).not.toBeNull();
      if (st === null) return;
      expect(st).toBeGreaterThan(s);
      expect(fullyVisible(below, TOTAL, st)).toBe(true);
      const bottom = rowOffset(below, virtualWindow(TOTAL, ROW_H, st, VIEW_H), ROW_H, st) + ROW_H;
      expect(st + VIEW_H - bottom).toBeLessThan(rowsPerPx * ROW_H);
      s = st;
    }
  });
});
