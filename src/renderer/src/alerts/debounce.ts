/**
 * Trailing-edge debounce with flush and cancel, for inputs that query as the analyst types. Each
 * call hands over the work to do, and only the latest is run, so a React handler can pass a
 * closure over its current props without a ref.
 */

/** A debouncer: `call` (re)starts the wait with new work, `flush` runs pending work now. */
export interface Debouncer {
  call(work: () => void): void;
  /** Run the pending work now (e.g. Enter in a search box); nothing when none is pending. */
  flush(): void;
  /** Drop the pending work (e.g. the input was reset or unmounted). */
  cancel(): void;
  readonly pending: boolean;
}

/** Run the latest work handed to `call` once `ms` have passed without another call. */
export function createDebouncer(ms: number): Debouncer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let next: (() => void) | undefined;
  const run = (): void => {
    const work = next;
    timer = undefined;
    next = undefined;
    work?.();
  };
  return {
    call(work) {
      next = work;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      next = undefined;
    },
    get pending() {
      return timer !== undefined;
    },
  };
}
