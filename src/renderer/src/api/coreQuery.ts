/**
 * The plain half of the renderer's data hooks (useCore.ts): which answer is the newest, which
 * events ask again, and how a burst of them becomes one request. No React and no DOM, so it is
 * unit-tested in Node.
 */
import type { EventName, EventPayloads, Subscribe } from '../../../shared/contract';
import { onReconnect } from './reconnect';
import type { Connection } from './types';

/** An event that makes a query ask again, with an optional test on its payload. */
export type RefetchTrigger =
  | EventName
  | { [E in EventName]: { event: E; when(payload: EventPayloads[E]): boolean } }[EventName];

/** Only the `event`s whose payload passes `when`, e.g. one dataset's alerts.changed. */
export function on<E extends EventName>(
  event: E,
  when: (payload: EventPayloads[E]) => boolean,
): RefetchTrigger {
  return { event, when } as RefetchTrigger;
}

/** How a burst of events becomes one refetch. Neither set: each event refetches at once. */
export interface Pace {
  /** Wait until no event came for this long (a bulk decision sends many). */
  debounceMs?: number;
  /** At most one refetch per this long, even while events keep coming (a live feed's count). */
  throttleMs?: number;
}

/** A scheduled call that coalesces pokes per {@link Pace}. */
export interface Pacer {
  poke(): void;
  /** Drop the pending call. */
  cancel(): void;
}

/** Call `fire` once per burst of `poke()`s, paced as asked. */
export function createPacer(fire: () => void, pace: Pace): Pacer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fire();
  };
  return {
    poke() {
      if (pace.throttleMs !== undefined) {
        // Throttle, not debounce: a steady stream must still see refetches.
        if (timer === undefined) timer = setTimeout(run, pace.throttleMs);
      } else if (pace.debounceMs !== undefined) {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(run, pace.debounceMs);
      } else fire();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** What {@link watchTriggers} listens to: a client's events and its connection. */
export interface EventSource {
  subscribe: Subscribe;
  connection: Connection;
}

/** Options of {@link watchTriggers}. */
export interface WatchOptions extends Pace {
  /** Also fire (at once) when the event stream is back after a gap, since events were lost. */
  reconnect: boolean;
}

/**
 * Call `fire` when one of `triggers` arrives (paced) and, if asked, after a reconnect. The
 * triggers are read through `current()` at each event, so their tests may close over fresh props
 * without resubscribing. Returns the unsubscribe, which also drops a pending call.
 */
export function watchTriggers(
  source: EventSource,
  events: readonly EventName[],
  current: () => readonly RefetchTrigger[],
  fire: () => void,
  options: WatchOptions,
): () => void {
  const pacer = createPacer(fire, options);
  const offs = [...new Set(events)].map((event) =>
    source.subscribe(event, (payload: unknown) => {
      const hit = current().some(
        (t) =>
          t === event ||
          (typeof t === 'object' &&
            t.event === event &&
            (t.when as (p: unknown) => boolean)(payload)),
      );
      if (hit) pacer.poke();
    }),
  );
  if (options.reconnect) {
    offs.push(
      onReconnect(source.connection, () => {
        pacer.cancel();
        fire();
      }),
    );
  }
  return () => {
    for (const off of offs) off();
    pacer.cancel();
  };
}

/** The event names of some triggers, for subscribing. */
export function triggerEvents(triggers: readonly RefetchTrigger[]): EventName[] {
  return [...new Set(triggers.map((t) => (typeof t === 'string' ? t : t.event)))];
}

/**
 * Stale-response bookkeeping of one query: an answer is taken only if no newer one was (requests
 * can answer out of order), nothing is taken once the query closed (new arguments, unmount), and a
 * value set locally (an event's payload, a mutation's answer) makes every request out stale.
 */
export class AnswerGate {
  private sent = 0;
  private taken = 0;
  private open = true;

  /** A request goes out; returns its ticket. */
  send(): number {
    this.sent += 1;
    return this.sent;
  }

  /** Whether the answer to `ticket` may be shown; if so it becomes the newest. */
  take(ticket: number): boolean {
    if (!this.open || ticket <= this.taken) return false;
    this.taken = ticket;
    return true;
  }

  /** A newer value than any request out was set locally: their answers are dropped. */
  supersede(): void {
    this.taken = this.sent;
  }

  /** The query is over: drop every answer still to come. */
  close(): void {
    this.open = false;
  }

  /** Whether answers are still taken. */
  get isOpen(): boolean {
    return this.open;
  }
}
