/**
 * TensorFlow.js backend selection for the RL trainer: native TensorFlow (GPU, then CPU) when its
 * optional package is installed, else WebAssembly, else the pure-JS cpu backend. The caller
 * reports the choice and why the faster ones were skipped.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Which backend to try first ('auto' walks the whole order). */
export type BackendPreference = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use, why, and why each one tried before it failed. */
export interface BackendChoice {
  /** tfjs backend name now active: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** One line for the user: which backend and why. */
  reason: string;
  /** Each backend tried before the chosen one, with its error. */
  failures: { backend: BackendPreference; error: string }[];
}

/** Fastest first: the order 'auto' tries. */
export const BACKEND_ORDER: readonly Exclude<BackendPreference, 'auto'>[] = [
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
];

let wasmPathsSet = false;

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
 * BACKEND_ORDER (tensorflow-gpu → tensorflow → wasm → cpu). Never throws while cpu works.
 */
export async function selectBackend(prefer: BackendPreference = 'auto'): Promise<BackendChoice> {
  const start = prefer === 'auto' ? 0 : BACKEND_ORDER.indexOf(prefer);
  const failures: BackendChoice['failures'] = [];
  for (const backend of BACKEND_ORDER.slice(start)) {
    try {
      const name = await tryOne(backend);
      await tf.ready();
      const skipped = failures.map((f) => `${f.backend}: ${f.error}`).join('; ');
      const reason =
        failures.length === 0
          ? `${backend} (first choice)`
          : `${backend}, because the faster backends failed (${skipped})`;
      return { name, reason, failures };
    } catch (err) {
      failures.push({ backend, error: firstLine(err) });
    }
  }
  throw new Error(`no TensorFlow.js backend works: ${JSON.stringify(failures)}`);
}
