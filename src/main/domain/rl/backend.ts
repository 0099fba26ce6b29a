/**
 * Learner selection for the RL trainer: TensorFlow.js on native TensorFlow with a GPU when
 * tfjs-node-gpu installs, else the fused learner (fast/: whole-network kernels in WebAssembly
 * SIMD, or plain JS where SIMD is missing), else TensorFlow.js on native CPU TensorFlow, its
 * WebAssembly backend or its pure-JS cpu backend. The caller reports the choice and why the
 * faster ones were skipped. scripts/bench-rl.ts measures each.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { defaultKernels, wasmUnavailable } from './fast/arena';

/** Which backend to try first ('auto' walks the whole order); 'fast' is the fused learner. */
export type BackendPreference = 'auto' | 'tensorflow-gpu' | 'fast' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use, why, and why each one tried before it failed. */
export interface BackendChoice {
  /** Learner now active: 'fused-wasm-simd' / 'fused-js', or the tfjs backend ('tensorflow', 'wasm', 'cpu'). */
  name: string;
  /** One line for the user: which backend and why. */
  reason: string;
  /** Each backend tried before the chosen one, with its error. */
  failures: { backend: BackendPreference; error: string }[];
}

/** Fastest first: the order 'auto' tries. */
export const BACKEND_ORDER: readonly Exclude<BackendPreference, 'auto'>[] = [
  'tensorflow-gpu',
  'fast',
  'tensorflow',
  'wasm',
  'cpu',
];

let wasmPathsSet = false;
let learner: 'fused' | 'tfjs' = 'tfjs';
let fusedKind: 'wasm-simd' | 'js' = 'wasm-simd';

/** Which learner new and loaded policy networks use. */
export function activeLearner(): 'fused' | 'tfjs' {
  return learner;
}

/** The active learner's name as results report it ('fused-wasm-simd', 'fused-js', 'wasm', ...). */
export function learnerName(): string {
  return learner === 'fused' ? `fused-${fusedKind}` : tf.getBackend();
}

/** Directory (with trailing slash) holding tfjs-backend-wasm's .wasm files. */
export function wasmDir(): string {
  const req = createRequire(import.meta.url);
  return dirname(req.resolve('@tensorflow/tfjs-backend-wasm')) + '/';
}

async function importOptional(spec: string): Promise<unknown> {
  // A variable specifier keeps bundlers from trying to resolve an optional native package.
  return import(/* @vite-ignore */ spec);
}

async function tryNative(pkg: string): Promise<string> {
  await importOptional(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but did not register`);
  return 'tensorflow';
}

async function tryOne(backend: Exclude<BackendPreference, 'auto'>): Promise<string> {
  switch (backend) {
    case 'tensorflow-gpu':
      return tryNative('@tensorflow/tfjs-node-gpu');
    case 'fast':
      fusedKind = defaultKernels();
      return `fused-${fusedKind}`;
    case 'tensorflow':
      return tryNative('@tensorflow/tfjs-node');
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!wasmPathsSet) {
        wasm.setWasmPaths(wasmDir());
        wasmPathsSet = true;
      }
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
      return 'wasm';
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
      return 'cpu';
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}

/**
 * Activate the fastest backend that works, starting at `prefer` and falling back down
 * BACKEND_ORDER (tensorflow-gpu → fast → tensorflow → wasm → cpu). Never throws while cpu works.
 */
export async function selectBackend(prefer: BackendPreference = 'auto'): Promise<BackendChoice> {
  const start = prefer === 'auto' ? 0 : BACKEND_ORDER.indexOf(prefer);
  const failures: BackendChoice['failures'] = [];
  for (const backend of BACKEND_ORDER.slice(start)) {
    try {
      const name = await tryOne(backend);
      learner = backend === 'fast' ? 'fused' : 'tfjs';
      await tf.ready();
      const skipped = failures.map((f) => `${f.backend}: ${f.error}`).join('; ');
      const label =
        backend !== 'fast'
          ? backend
          : fusedKind === 'wasm-simd'
            ? 'fast (fused learner, WebAssembly SIMD kernels)'
            : `fast (fused learner, JavaScript kernels: ${wasmUnavailable() ?? 'RAMPART_FUSED_KERNELS=js'})`;
      const reason =
        failures.length === 0
          ? `${label} (first choice)`
          : `${label}, because the faster backends failed (${skipped})`;
      return { name, reason, failures };
    } catch (err) {
      failures.push({ backend, error: firstLine(err) });
    }
  }
  throw new Error(`no TensorFlow.js backend works: ${JSON.stringify(failures)}`);
}
