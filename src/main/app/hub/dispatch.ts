/** Routing of contract requests to handlers and fan-out of events; shared by every transport. */
import {
  InvalidRequestError,
  isRequestName,
  validateRequest,
  type EventName,
  type EventPayloads,
  type RequestName,
  type RequestResult,
  type ValidArgs,
} from '../../../shared/contract';

/**
 * Who a request comes from, attached by the transport, never by the client: the OS user behind
 * Electron IPC and the CLI, the analyst whose token authenticated it on the headless host.
 */
export interface RequestContext {
  /** The name audit rows and decisions are recorded under. */
  actor: string;
}

/** One handler per request of the contract; a test proves none is missing. */
export type Handlers = {
  [K in RequestName]: (args: ValidArgs<K>, ctx: RequestContext) => Promise<RequestResult<K>>;
};

/** A listener that receives every event with its name. */
export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** Fans events from the core out to every connected transport (IPC window, WebSocket clients). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Send an event to every subscriber; a throwing subscriber does not stop the others. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error(`rampart: event listener for ${event} failed:`, err);
      }
    }
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Validate an untrusted request (name and arguments arrive from a transport) and run its handler
 * with the context the transport established.
 * Throws InvalidRequestError for an unknown name or arguments that fail the contract's schema.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  args: unknown,
  ctx: RequestContext,
): Promise<unknown> {
  if (!isRequestName(name)) throw new InvalidRequestError(String(name), 'unknown request');
  const valid = validateRequest(name, args);
  const handler = handlers[name] as (a: typeof valid, c: RequestContext) => Promise<unknown>;
  return handler(valid, ctx);
}
