/** The training form's defaults and ranges agree with the core's DEFAULT_RL_CONFIG and the contract. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RL_CONFIG, METHODS as CORE_METHODS } from '../../src/main/domain/rl/config';
import { validateRequest } from '../../src/shared/contract';
import { backendText } from '../../src/renderer/src/training/backendText';
import {
  defaultValues,
  FIELDS,
  HIDDEN,
  METHODS,
  toConfig,
} from '../../src/renderer/src/training/fields';

const accepts = (config: Record<string, unknown>): boolean => {
  try {
    validateRequest('training.start', { datasetId: 1, method: 'ppo', config });
    return true;
  } catch {
    return false;
  }
};

describe('training form fields', () => {
  it('lists every method of the core', () => {
    expect(METHODS.map((m) => m.id)).toEqual([...CORE_METHODS]);
  });

  it('shows the core’s defaults', () => {
    for (const f of FIELDS) expect(f.default, f.key).toBe(DEFAULT_RL_CONFIG[f.key]);
    expect(HIDDEN.default).toEqual(DEFAULT_RL_CONFIG.hidden);
  });

  it('has the contract’s ranges', () => {
    for (const f of FIELDS) {
      const step = f.integer ? 1 : 1e-6;
      expect(accepts({ [f.key]: f.max }), `${f.key} max`).toBe(true);
      expect(accepts({ [f.key]: f.max + step }), `${f.key} above max`).toBe(false);
      expect(accepts({ [f.key]: f.minExclusive ? f.min + step : f.min }), `${f.key} min`).toBe(
        true,
      );
      expect(accepts({ [f.key]: f.minExclusive ? f.min : f.min - step }), `${f.key} below`).toBe(
        false,
      );
      if (f.integer) expect(accepts({ [f.key]: f.min + 1.5 }), `${f.key} integer`).toBe(false);
    }
    expect(accepts({ hidden: [HIDDEN.min, HIDDEN.max, 8, 8] })).toBe(true);
    expect(accepts({ hidden: [HIDDEN.min - 1] })).toBe(false);
    expect(accepts({ hidden: [8, 8, 8, 8, 8] })).toBe(false);
  });

  it('turns the defaults into a config the contract accepts, for every method', () => {
    for (const m of METHODS) {
      const r = toConfig(m.id, defaultValues());
      expect(r.errors, m.id).toBeNull();
      expect(accepts(r.config!)).toBe(true);
    }
  });

  it('names the fields in error, the cross-field rule included', () => {
    const v = {
      ...defaultValues(),
      passes: '0',
      rolloutSize: '100',
      minibatches: '3',
      hidden: 'x',
    };
    const r = toConfig('ppo', v);
    expect(Object.keys(r.errors ?? {}).sort()).toEqual(['hidden', 'minibatches', 'passes']);
    // Fields a method does not use are neither checked nor sent.
    expect(toConfig('llm-kg', v)).toEqual({ config: { seed: 1 }, errors: null });
  });
});

describe('the backend line', () => {
  it('names the missing native packages, and says when nothing is trained', () => {
    const reason =
      "wasm, because the faster backends failed (tensorflow-gpu: Cannot find package '@tensorflow/tfjs-node-gpu' imported from x; tensorflow: Cannot find package '@tensorflow/tfjs-node' imported from x)";
    expect(backendText('wasm', reason)).toEqual({
      name: 'wasm',
      why: 'tfjs-node-gpu, tfjs-node not installed',
    });
    expect(backendText('tensorflow', 'tensorflow-gpu (first choice)').why).toBe(
      'the fastest available',
    );
    expect(backendText(null, 'none: LLM-KG trains no network').name).toBe('none');
    expect(
      backendText(
        'fused-wasm-simd',
        'fast (fused learner, WebAssembly SIMD kernels), because the faster backends failed (tensorflow-gpu: The Node.js native addon module (tfjs_binding.node) can not be found)',
      ),
    ).toEqual({
      name: 'fused-wasm-simd',
      why: 'fused learner (WebAssembly SIMD); tfjs-node-gpu did not load',
    });
  });
});
