/** The filter inputs' debouncer and the list cursor's key handling, on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keyStep, stepCursor } from '../../src/renderer/src/alerts/cursor';
import { createDebouncer } from '../../src/renderer/src/alerts/debounce';

describe('createDebouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs only the latest work, once, after the quiet period', () => {
    const d = createDebouncer(300);
    const seen: string[] = [];
    d.call(() => seen.push('1'));
    vi.advanceTimersByTime(200);
    d.call(() => seen.push('12'));
    vi.advanceTimersByTime(299);
    expect(seen).toEqual([]);
    expect(d.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['12']);
    expect(d.pending).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['12']);
  });

  it('flush runs pending work at once and only once', () => {
    const d = createDebouncer(300);
    const work = vi.fn();
    d.flush();
    expect(work).not.toHaveBeenCalled();
    d.call(work);
    d.flush();
    expect(work).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('cancel drops pending work', () => {
    const d = createDebouncer(250);
    const work = vi.fn();
    d.call(work);
    d.cancel();
    expect(d.pending).toBe(false);
    vi.advanceTimersByTime(1000);
    d.flush();
    expect(work).not.toHaveBeenCalled();
  });
});

describe('list cursor', () => {
  it('maps move keys to steps and ignores the rest', () => {
    expect(keyStep('ArrowDown', 10, 50)).toBe(1);
    expect(keyStep('ArrowUp', 10, 50)).toBe(-1);
    expect(keyStep('PageDown', 10, 50)).toBe(10);
    expect(keyStep('Home', 10, 50)).toBe(-50);
    expect(keyStep('End', 10, 50)).toBe(50);
    expect(keyStep('Enter', 10, 50)).toBeNull();
  });

  it('starts at the top going down and at the bottom going up, and stays in the list', () => {
    expect(stepCursor(-1, 1, 5)).toBe(0);
    expect(stepCursor(-1, -1, 5)).toBe(4);
    expect(stepCursor(3, 10, 5)).toBe(4);
    expect(stepCursor(1, -5, 5)).toBe(0);
    expect(stepCursor(2, 1, 5)).toBe(3);
  });
});
