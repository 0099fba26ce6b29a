import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activeLearner, learnerName, selectBackend } from '../../src/main/domain/rl/backend';

async function loads(pkg: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ pkg);
    return true;
  } catch {
    return false;
  }
}

const gpuLoads = await loads('@tensorflow/tfjs-node-gpu');

describe('selectBackend', () => {
  it.skipIf(gpuLoads)(
    'picks the fused learner (WebAssembly SIMD) here and says why tfjs-node-gpu was skipped',
    async () => {
      const c = await selectBackend('auto');
      expect(c.name).toBe('fused-wasm-simd');
      expect(activeLearner()).toBe('fused');
      expect(learnerName()).toBe('fused-wasm-simd');
      expect(c.failures.map((f) => f.backend)).toEqual(['tensorflow-gpu']);
      expect(c.failures[0]!.error).toMatch(/tfjs-node-gpu/);
      expect(c.reason).toMatch(/fused learner, WebAssembly SIMD.*tfjs-node-gpu/);
    },
  );

  it('honours an explicit preference and runs on it', async () => {
    const c = await selectBackend('cpu');
    expect(c).toMatchObject({ name: 'cpu', failures: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(activeLearner()).toBe('tfjs');
    expect(tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]).toBe(3);
    const w = await selectBackend('wasm');
    expect(w.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(learnerName()).toBe('wasm');
    const f = await selectBackend('fast');
    expect(f).toMatchObject({ name: 'fused-wasm-simd', failures: [] });
    expect(learnerName()).toBe('fused-wasm-simd');
  });
});
