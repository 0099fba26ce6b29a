/** A FIFO async mutex whose waiters can give up through an AbortSignal. */

/** Error thrown when an operation was cancelled by its AbortSignal or its timeout. */
export class AbortError extends Error {
  constructor(message = 'the LLM call was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Throw an AbortError carrying the signal's reason when it has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (!signal?.aborted) return;
  const r: unknown = signal.reason;
  if (r instanceof AbortError) throw r;
  if (r instanceof Error && r.name === 'TimeoutError') throw new AbortError(r.message);
  throw new AbortError(r instanceof Error ? r.message : undefined);
}

/**
 * `signal` (when given) combined with a timeout that aborts with an AbortError naming it; call
 * `clear` when the work is over.
 */
export function withTimeout(
  signal: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; clear: () => void } {
  const timer = new AbortController();
  const t = setTimeout(
    () => timer.abort(new AbortError(`the LLM call timed out after ${timeoutMs} ms`)),
    timeoutMs,
  );
  return {
    signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
    clear: () => clearTimeout(t),
  };
}

/** Serialises async critical sections in call order. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Run `fn` once every earlier holder is done; a fired signal rejects a waiter without running it. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      await waitOrAbort(prev, signal);
      throwIfAborted(signal);
      return await fn();
    } finally {
      // A waiter that gave up must still hand the turn on only after its predecessor finishes.
      void prev.then(release);
    }
  }
}

function waitOrAbort(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      try {
        throwIfAborted(signal);
      } catch (e) {
        reject(e);
      }
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
