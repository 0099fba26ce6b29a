import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayloads } from '../../src/shared/contract';
import {
  AnswerGate,
  createPacer,
  on,
  triggerEvents,
  watchTriggers,
  type RefetchTrigger,
} from '../../src/renderer/src/api/coreQuery';
import { ListenerRegistry } from '../../src/renderer/src/api/listeners';
import type { Connection, ConnectionStatus } from '../../src/renderer/src/api/types';

/** An event source whose events and connection status the test drives. */
function fakeSource() {
  const registry = new ListenerRegistry();
  const watchers = new Set<(s: ConnectionStatus) => void>();
  const connection: Connection = {
    status: () => 'open',
    onChange: (l) => {
      watchers.add(l);
      return () => watchers.delete(l);
    },
    ready: async () => {},
  };
  return {
    source: { subscribe: registry.subscribe, connection },
    emit: <E extends EventName>(e: E, p: EventPayloads[E]) => registry.deliver(e, p),
    status: (s: ConnectionStatus) => {
      for (const w of watchers) w(s);
    },
    watchers,
  };
}

describe('AnswerGate', () => {
  it('takes answers newer than the last one taken, in any arrival order', () => {
    const g = new AnswerGate();
    const a = g.send();
    const b = g.send();
    expect(g.take(b)).toBe(true);
    expect(g.take(a)).toBe(false);
    const c = g.send();
    expect(g.take(c)).toBe(true);
  });

  it('drops what was out before a local value, and everything once closed', () => {
    const g = new AnswerGate();
    const a = g.send();
    g.supersede();
    expect(g.take(a)).toBe(false);
    const b = g.send();
    g.close();
    expect(g.isOpen).toBe(false);
    expect(g.take(b)).toBe(false);
  });
});

describe('createPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces a burst into one call after the quiet time', () => {
    const fire = vi.fn();
    const p = createPacer(fire, { debounceMs: 100 });
    p.poke();
    vi.advanceTimersByTime(60);
    p.poke();
    vi.advanceTimersByTime(60);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('throttles a steady stream to one call per period', () => {
    const fire = vi.fn();
    const p = createPacer(fire, { throttleMs: 100 });
    for (let t = 0; t < 350; t += 10) {
      p.poke();
      vi.advanceTimersByTime(10);
    }
    expect(fire).toHaveBeenCalledTimes(3);
  });

  it('fires at once without a pace, and cancel drops the pending call', () => {
    const now = vi.fn();
    createPacer(now, {}).poke();
    expect(now).toHaveBeenCalledTimes(1);
    const later = vi.fn();
    const p = createPacer(later, { debounceMs: 50 });
    p.poke();
    p.cancel();
    vi.advanceTimersByTime(100);
    expect(later).not.toHaveBeenCalled();
  });
});

describe('watchTriggers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refetches on matching events (debounced) and after a reconnect, until unsubscribed', () => {
    const f = fakeSource();
    let datasetId = 1;
    const triggers = (): RefetchTrigger[] => [
      on('alerts.changed', (e) => e.datasetId === datasetId),
      'datasets.changed',
    ];
    const fire = vi.fn();
    const off = watchTriggers(f.source, triggerEvents(triggers()), triggers, fire, {
      debounceMs: 100,
      reconnect: true,
    });
    f.emit('alerts.changed', { datasetId: 2, alertIds: [] });
    vi.advanceTimersByTime(200);
    expect(fire).not.toHaveBeenCalled();
    f.emit('alerts.changed', { datasetId: 1, alertIds: [1] });
    f.emit('datasets.changed', {});
    vi.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledTimes(1);
    // The test reads fresh values without resubscribing.
    datasetId = 2;
    f.emit('alerts.changed', { datasetId: 2, alertIds: [] });
    vi.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledTimes(2);
    // A reconnect fires at once and replaces a pending paced call.
    f.emit('datasets.changed', {});
    f.status('reconnecting');
    f.status('open');
    expect(fire).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(200);
    expect(fire).toHaveBeenCalledTimes(3);
    off();
    expect(f.watchers.size).toBe(0);
    f.emit('datasets.changed', {});
    vi.advanceTimersByTime(200);
    expect(fire).toHaveBeenCalledTimes(3);
  });

  it('ignores reconnects when not asked to', () => {
    const f = fakeSource();
    const fire = vi.fn();
    watchTriggers(f.source, [], () => [], fire, { reconnect: false });
    f.status('reconnecting');
    f.status('open');
    expect(fire).not.toHaveBeenCalled();
    expect(f.watchers.size).toBe(0);
  });
});
