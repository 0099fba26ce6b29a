/**
 * The renderer's data hooks: every screen asks the core through these instead of its own
 * effect. useCoreQuery loads a request and keeps it current from events and reconnects;
 * useCoreMutation and useTask carry the busy / error / result state of what a button starts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  EventName,
  EventPayloads,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../../shared/contract';
import { errorText } from '../format';
import { useClient } from './context';
import {
  AnswerGate,
  triggerEvents,
  watchTriggers,
  type Pace,
  type RefetchTrigger,
} from './coreQuery';

export { on, type RefetchTrigger } from './coreQuery';

/** Options of {@link useCoreQuery}; every one is optional. */
export interface CoreQueryOptions extends Pace {
  /** Events that make the query ask again (paced by debounceMs / throttleMs). Default: none. */
  refetchOn?: readonly RefetchTrigger[];
  /** Ask again when the event stream is back after a gap. Default: true when refetchOn is set. */
  reconnect?: boolean;
  /** false: ask nothing, return no data. Default: true. */
  enabled?: boolean;
  /** Show the last answer while a query with new arguments loads (no blank canvas). Default: false. */
  keepPrevious?: boolean;
  /**
   * Wait up to this long for the event stream before the first request, so nothing that happens
   * right after the answer is missed. Default: ask at once.
   */
  waitForStreamMs?: number;
  /** A new value asks again with the same arguments, keeping the answer on screen meanwhile. */
  version?: string | number;
}

/** What {@link useCoreQuery} returns. */
export interface CoreQuery<T> {
  /** The answer for the current arguments (see keepPrevious); undefined until there is one. */
  data: T | undefined;
  /** Why the last request for the current arguments failed; the last good data stays. */
  error: string | null;
  /** The shown answer is not for the current arguments, version or last refetch() yet. */
  loading: boolean;
  /** Ask again now (e.g. after this screen's own decision). */
  refetch(): void;
  /**
   * Put a value the core sent another way (an event's payload, a mutation's answer). `supersede`
   * drops the answers of requests still out, which are older than this value.
   */
  setData(next: T | ((prev: T | undefined) => T), options?: { supersede?: boolean }): void;
}

interface Answer<T> {
  /** Request and arguments it answers. */
  key: string;
  /** key plus version. */
  full: string;
  /** refetch() count when it was asked: a later refetch() shows as loading. */
  askedAt: number;
  data: T | undefined;
  error: string | null;
}

const NO_TRIGGERS: readonly RefetchTrigger[] = [];

/** Load `name(args)` and keep it current; equal args objects are the same query. */
export function useCoreQuery<K extends RequestName>(
  name: K,
  args: RequestArgs<K>,
  options: CoreQueryOptions = {},
): CoreQuery<RequestResult<K>> {
  type T = RequestResult<K>;
  const client = useClient();
  const { enabled = true, keepPrevious = false, waitForStreamMs, version } = options;
  const key = JSON.stringify([name, args]);
  const full = `${key}#${version ?? ''}`;
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [asked, setAsked] = useState(0);
  const askedRef = useRef(0);
  const live = useRef<{ key: string; full: string; gate: AnswerGate; load(): void } | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const gate = new AnswerGate();
    const [, sent] = JSON.parse(key) as [K, RequestArgs<K>];
    const load = (): void => {
      const ticket = gate.send();
      const askedAt = askedRef.current;
      client.api[name](sent).then(
        (data) => {
          if (gate.take(ticket)) setAnswer({ key, full, askedAt, data, error: null });
        },
        (err: unknown) => {
          if (!gate.take(ticket)) return;
          const error = errorText(err);
          setAnswer((prev) => ({
            key,
            full,
            askedAt,
            data: prev?.key === key ? prev.data : undefined,
            error,
          }));
        },
      );
    };
    live.current = { key, full, gate, load };
    if (waitForStreamMs === undefined) load();
    else
      void client.connection.ready(waitForStreamMs).then(() => {
        if (gate.isOpen) load();
      });
    return () => {
      gate.close();
      if (live.current?.gate === gate) live.current = null;
    };
  }, [client, name, key, full, enabled, waitForStreamMs]);

  const refetchOn = options.refetchOn ?? NO_TRIGGERS;
  useRefetchOn(refetchOn, () => live.current?.load(), {
    debounceMs: options.debounceMs,
    throttleMs: options.throttleMs,
    reconnect: options.reconnect ?? refetchOn.length > 0,
  });

  const refetch = useCallback(() => {
    if (!live.current) return;
    askedRef.current += 1;
    setAsked(askedRef.current);
    live.current.load();
  }, []);

  const setData = useCallback<CoreQuery<T>['setData']>((next, opts) => {
    const cur = live.current;
    if (!cur) return;
    if (opts?.supersede) cur.gate.supersede();
    setAnswer((prev) => {
      const before = prev?.key === cur.key ? prev.data : undefined;
      const data = typeof next === 'function' ? (next as (p: T | undefined) => T)(before) : next;
      return { key: cur.key, full: cur.full, askedAt: askedRef.current, data, error: null };
    });
  }, []);

  const mine = answer !== null && answer.key === key;
  return {
    data: mine || keepPrevious ? answer?.data : undefined,
    error: mine ? answer.error : null,
    loading: enabled && (answer === null || answer.full !== full || answer.askedAt < asked),
    refetch,
    setData,
  };
}

/** Options of {@link useRefetchOn}. */
export interface RefetchOptions extends Pace {
  /** Also call after the event stream is back from a gap. Default: true. */
  reconnect?: boolean;
}

/**
 * Call `fire` when one of `triggers` arrives (paced) and after a reconnect: for state that is not
 * one request, like the alert table's pages. `fire` and the triggers' tests may change freely.
 */
export function useRefetchOn(
  triggers: readonly RefetchTrigger[],
  fire: () => void,
  options: RefetchOptions = {},
): void {
  const client = useClient();
  const latest = useRef({ triggers, fire });
  useEffect(() => {
    latest.current = { triggers, fire };
  });
  const events = triggerEvents(triggers).join(',');
  const { debounceMs, throttleMs, reconnect = true } = options;
  useEffect(() => {
    if (events === '' && !reconnect) return;
    return watchTriggers(
      client,
      events === '' ? [] : (events.split(',') as EventName[]),
      () => latest.current.triggers,
      () => latest.current.fire(),
      { debounceMs, throttleMs, reconnect },
    );
  }, [client, events, debounceMs, throttleMs, reconnect]);
}

/** Call `listener` with each `event`'s payload while mounted; the listener may change freely. */
export function useCoreEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): void {
  const client = useClient();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.subscribe(event, (p) => latest.current(p)), [client, event]);
}

/** What {@link useTask} returns. */
export interface Task<R, L> {
  /**
   * Run `work` unless one runs already: `busy` holds `label` meanwhile, then `result` its value or
   * `error` why it failed (prefixed with `failure` when given). Resolves to the value or undefined.
   */
  run(work: () => Promise<R>, label: L, failure?: string): Promise<R | undefined>;
  /** The running work's label; null when idle. */
  busy: L | null;
  error: string | null;
  /** The last success's value. */
  result: R | undefined;
  /** Forget the last result and error. */
  reset(): void;
}

/** Busy / error / result state for what a button starts; one at a time. */
export function useTask<R, L = true>(): Task<R, L> {
  const [busy, setBusy] = useState<L | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<R | undefined>(undefined);
  const running = useRef(false);

  const run = useCallback(
    async (work: () => Promise<R>, label: L, failure?: string): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(label);
      setError(null);
      setResult(undefined);
      try {
        const r = await work();
        setResult(r);
        return r;
      } catch (err) {
        setError(failure ? `${failure}: ${errorText(err)}` : errorText(err));
        return undefined;
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [],
  );
  const reset = useCallback(() => {
    setError(null);
    setResult(undefined);
  }, []);
  return { run, busy, error, result, reset };
}

/** What {@link useCoreMutation} returns. */
export interface CoreMutation<K extends RequestName> {
  /** Send the request; resolves to its answer, or undefined when it failed (see `error`). */
  run(args: RequestArgs<K>): Promise<RequestResult<K> | undefined>;
  busy: boolean;
  error: string | null;
  result: RequestResult<K> | undefined;
  reset(): void;
}

/** One request a button sends, with its busy / error / result state. */
export function useCoreMutation<K extends RequestName>(name: K): CoreMutation<K> {
  const client = useClient();
  const task = useTask<RequestResult<K>>();
  const { run: runTask } = task;
  const run = useCallback(
    (args: RequestArgs<K>) => runTask(() => client.api[name](args), true),
    [client, name, runTask],
  );
  return {
    run,
    busy: task.busy !== null,
    error: task.error,
    result: task.result,
    reset: task.reset,
  };
}
