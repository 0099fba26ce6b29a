/** A per-event listener registry, shared by both transports' `subscribe`. */
import type { EventName, EventPayloads, Subscribe } from '../../../shared/contract';
import { isEventName } from '../../../shared/names';

type AnyListener = (payload: never) => void;

/** Holds listeners by event name and delivers messages to them. */
export class ListenerRegistry {
  private readonly byEvent = new Map<EventName, Set<AnyListener>>();

  /** The registry's `subscribe`, bound, to hand out as the contract's Subscribe. */
  readonly subscribe: Subscribe = (event, listener) => {
    let set = this.byEvent.get(event);
    if (!set) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    const l = listener as AnyListener;
    set.add(l);
    return () => {
      set.delete(l);
    };
  };

  /** Deliver one event; a throwing listener does not stop the others. */
  deliver<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.byEvent.get(event) ?? []) {
      try {
        (l as (p: EventPayloads[E]) => void)(payload);
      } catch (err) {
        console.error(`rampart: listener for ${event} failed`, err);
      }
    }
  }
}

/** Narrow an untrusted message to `{event, payload}` with a known event name. */
export function isEventMessage(v: unknown): v is { event: EventName; payload: never } {
  if (typeof v !== 'object' || v === null) return false;
  const e = (v as { event?: unknown }).event;
  return isEventName(e) && 'payload' in v;
}
