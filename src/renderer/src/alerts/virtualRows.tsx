/**
 * The virtual-scroll body shared by the alerts table and the queue: the viewport's height (kept by
 * a ResizeObserver), the scroll position, the window of rows to render, the pager asked for it,
 * and the scroll element with its spacer and empty message.
 */
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { virtualWindow, type VirtualWindow } from './virtual';

/** What {@link useVirtualRows} keeps. */
export interface VirtualRows {
  scrollRef: RefObject<HTMLDivElement | null>;
  scrollTop: number;
  setScrollTop(top: number): void;
  viewH: number;
  total: number;
  w: VirtualWindow;
}

/** The rows in view of a paged list of `total` rows of `rowH` px; asks the pager for them. */
export function useVirtualRows(
  pager: { total: number | null; want(first: number, last: number): void },
  rowH: number,
): VirtualRows {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewH, setViewH] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewH(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const total = pager.total ?? 0;
  const w = virtualWindow(total, rowH, scrollTop, viewH);
  useEffect(() => {
    pager.want(w.first, w.last);
  }, [pager, w.first, w.last]);
  return { scrollRef, scrollTop, setScrollTop, viewH, total, w };
}

/** The focusable scroll element: spacer with the rendered rows, or the empty message. */
export function VirtualScroll({
  scrollRef,
  spacerHeight,
  onScrollTop,
  testId,
  label,
  onKeyDown,
  empty,
  children,
}: {
  scrollRef: RefObject<HTMLDivElement | null>;
  spacerHeight: number;
  onScrollTop(top: number): void;
  testId: string;
  label: string;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  /** Shown when the list answered with no rows. */
  empty: { testId: string; text: string } | null;
  children: ReactNode;
}) {
  return (
    <div
      ref={scrollRef}
      className="ascroll"
      tabIndex={0}
      data-testid={testId}
      aria-label={label}
      onScroll={(e) => onScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="aspacer" style={{ height: spacerHeight }}>
        {children}
      </div>
      {empty && (
        <div className="empty" data-testid={empty.testId}>
          {empty.text}
        </div>
      )}
    </div>
  );
}
