import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/domain/rl/backend';

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  it.skipIf(installed('@tensorflow/tfjs-node'))(
    'falls back to wasm here and says why tfjs-node failed',
    async () => {
      const c = await selectBackend('auto');
      expect(c.name).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(c.failures.map((f) => f.backend)).toEqual(['tensorflow-gpu', 'tensorflow']);
      expect(c.failures[1]!.error).toMatch(/tfjs-node/);
      expect(c.reason).toMatch(/wasm.*tfjs-node/);
    },
  );

  it('honours an explicit preference and runs on it', async () => {
    const c = await selectBackend('cpu');
    expect(c).toMatchObject({ name: 'cpu', failures: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]).toBe(3);
    const w = await selectBackend('wasm');
    expect(w.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
