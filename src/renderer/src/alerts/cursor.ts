/** Keyboard movement of a list cursor (the alerts table, the signature groups). */

/** How many rows a move key moves (a page key moves one screenful); null for other keys. */
export function keyStep(key: string, pageRows: number, total: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return 1;
    case 'ArrowUp':
      return -1;
    case 'PageDown':
      return pageRows;
    case 'PageUp':
      return -pageRows;
    case 'Home':
      return -total;
    case 'End':
      return total;
    default:
      return null;
  }
}

/**
 * Where the cursor lands after `step` from `selected` (-1: none yet, so down starts at the top and
 * up at the bottom), clamped to the list.
 */
export function stepCursor(selected: number, step: number, total: number): number {
  const from = selected < 0 ? (step > 0 ? -1 : total) : selected;
  return Math.min(total - 1, Math.max(0, from + step));
}
