/**
 * Virtual-scroll geometry: which rows to render for a scroll position, and where. Browsers cap an
 * element's height (~16–33 M px), so past {@link MAX_SCROLL_PX} the scroll range is compressed and
 * scroll position maps to row index proportionally instead of 1:1.
 */

/** Tallest scroll area used; beyond it (~300k rows at 28 px) positions are scaled. */
export const MAX_SCROLL_PX = 8_000_000;

/** Rows to render and how to place them. */
export interface VirtualWindow {
  /** Height of the scroll spacer. */
  spacerHeight: number;
  /** First and last row index to render (inclusive); last < first when there are no rows. */
  first: number;
  last: number;
  /** Fractional row index at the top of the viewport. */
  topRow: number;
}

/** Rows that fit in the viewport (fractional). */
function visibleRows(viewportH: number, rowH: number): number {
  return viewportH / rowH;
}

/** Compute the rows to render for a scroll position. */
export function virtualWindow(
  total: number,
  rowH: number,
  scrollTop: number,
  viewportH: number,
  overscan = 8,
): VirtualWindow {
  const natural = total * rowH;
  const spacerHeight = Math.min(natural, MAX_SCROLL_PX);
  const maxTopRow = Math.max(0, total - visibleRows(viewportH, rowH));
  const scrollRange = Math.max(1, spacerHeight - viewportH);
  const topRow =
    natural <= MAX_SCROLL_PX
      ? scrollTop / rowH
      : Math.min(maxTopRow, (scrollTop / scrollRange) * maxTopRow);
  const first = Math.max(0, Math.floor(topRow) - overscan);
  const last = Math.min(total - 1, Math.ceil(topRow + visibleRows(viewportH, rowH)) + overscan);
  return { spacerHeight, first, last, topRow };
}

/** Pixel offset of row `i` inside the spacer for the window computed at `scrollTop`. */
export function rowOffset(i: number, w: VirtualWindow, rowH: number, scrollTop: number): number {
  return scrollTop + (i - w.topRow) * rowH;
}

/**
 * The scrollTop that brings row `i` fully into view with the least movement, or null when it
 * already is.
 */
export function scrollTopToReveal(
  i: number,
  total: number,
  rowH: number,
  scrollTop: number,
  viewportH: number,
): number | null {
  const w = virtualWindow(total, rowH, scrollTop, viewportH, 0);
  const rows = visibleRows(viewportH, rowH);
  let topRow: number;
  if (i < w.topRow) topRow = i;
  else if (i + 1 > w.topRow + rows) topRow = i + 1 - rows;
  else return null;
  if (total * rowH <= MAX_SCROLL_PX) return topRow * rowH;
  const maxTopRow = Math.max(1e-9, total - rows);
  const st = (topRow / maxTopRow) * Math.max(1, w.spacerHeight - viewportH);
  // Browsers keep scrollTop in whole pixels, and here one pixel moves the rows by a good part of a
  // row (0.625 at 5M rows): round towards the side that keeps row `i` inside the viewport.
  return i < w.topRow ? Math.floor(st) : Math.ceil(st);
}
