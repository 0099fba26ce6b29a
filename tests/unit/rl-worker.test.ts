import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/domain/rl/backend';
import { syntheticAlertSet } from '../../src/main/domain/rl/synthetic';
import type { TrainProgress } from '../../src/main/domain/rl/train';
import { trainInWorker } from '../../src/main/domain/rl/trainInWorker';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('trainInWorker', () => {
  const set = syntheticAlertSet({ rows: 500, accuracy: 1 });

  it('trains in a worker thread with progress and returns a usable policy', async () => {
    const events: TrainProgress[] = [];
    const r = await trainInWorker(
      set,
      'ppo',
      { episodes: 2048, rolloutSize: 512, hidden: [16, 16] },
      { backend: 'wasm', onProgress: (p) => events.push(p) },
    );
    expect(r.status).toBe('completed');
    expect(r.backendChoice.name).toBe('wasm');
    expect(r.backend).toBe('wasm');
    expect(events.map((e) => e.updates)).toEqual([1, 2, 3, 4]);
    expect(r.policy.act(set)).toHaveLength(500);
  });

  it('cancel stops the worker cleanly with the policy so far', async () => {
    const ac = new AbortController();
    const r = await trainInWorker(
      set,
      'ppo',
      { episodes: 1_000_000, rolloutSize: 256 },
      {
        backend: 'wasm',
        signal: ac.signal,
        onProgress: (p) => {
          if (p.updates === 2) ac.abort();
        },
      },
    );
    expect(r.status).toBe('cancelled');
    expect(r.episodes).toBeLessThan(1_000_000);
    expect(r.policy.probs(set, [0])).toHaveLength(15);
  });

  it('reports a training error', async () => {
    const s = syntheticAlertSet({ rows: 10 });
    delete s.adviceAction;
    await expect(trainInWorker(s, 'llm-kg', {}, { backend: 'cpu' })).rejects.toThrow(
      /adviceAction/,
    );
  });
});
