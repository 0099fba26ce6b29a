/** The idle timeout of an authenticated sender (a TCP connection, an HTTP request body). */

/**
 * Calls `onIdle` once nothing has arrived for `ms` (0: never). While `held()` is true the feed is
 * the one not reading (its queue is full), so the time does not count and the timer starts over.
 */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly held: () => boolean,
    private readonly onIdle: () => void,
  ) {}

  /** Something arrived (or the sender was just admitted): the wait starts over. */
  touch(): void {
    if (this.ms <= 0) return;
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.fire(), this.ms);
  }

  /** No more timeouts (the sender is done or gone). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    if (this.held()) {
      this.timer?.refresh();
      return;
    }
    this.timer = null;
    this.onIdle();
  }
}
