import { describe, expect, it } from 'vitest';
import { AbortError, Mutex, throwIfAborted } from '../../src/main/domain/llm/lock';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('Mutex', () => {
  it('runs holders one at a time, in call order', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const job = (name: string) => () => (
      log.push(`${name}+`),
      tick().then(() => log.push(`${name}-`))
    );
    await Promise.all([m.run(job('a')), m.run(job('b')), m.run(job('c'))]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('lets a waiter give up without running, and keeps the order for the rest', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const ac = new AbortController();
    const a = m.run(async () => {
      await tick();
      log.push('a');
    });
    const b = m.run(async () => void log.push('b'), ac.signal);
    const c = m.run(async () => void log.push('c'));
    ac.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    await Promise.all([a, c]);
    expect(log).toEqual(['a', 'c']);
  });

  it('releases the lock when a holder throws', async () => {
    const m = new Mutex();
    await expect(m.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(m.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('throwIfAborted', () => {
  it('turns a timeout reason into an AbortError with its message', () => {
    const ac = new AbortController();
    ac.abort(new DOMException('too slow', 'TimeoutError'));
    expect(() => throwIfAborted(ac.signal)).toThrow(AbortError);
    expect(() => throwIfAborted(ac.signal)).toThrow('too slow');
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
  });
});
