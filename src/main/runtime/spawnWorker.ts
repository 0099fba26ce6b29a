/**
 * Start a worker thread from the built bundle (out/main/<name>.js) or, when the core runs from
 * its TypeScript sources (tsx, vitest), from the .ts file through a bootstrap that registers tsx's
 * loader inside the worker first (Node 20 workers do not inherit `--import tsx`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { projectRoot } from './paths';

/** The workers the core has: bundle entry name → source file under src/main. */
export const WORKERS = {
  ingestWorker: 'workers/ingestWorker.ts',
  trainWorker: 'workers/trainWorker.ts',
  rlWorker: 'workers/rlWorker.ts',
  studyWorker: 'workers/studyWorker.ts',
  pgWorker: 'workers/pgWorker.ts',
} as const;

/** Start a worker, or return null when its code cannot be found (callers then run in-thread). */
export function spawnWorker(
  name: keyof typeof WORKERS,
  options: Omit<WorkerOptions, 'eval'> = {},
): Worker | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const src = pathToFileURL(join(dirname(here), '..', WORKERS[name])).href;
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(src)}); });`;
    return new Worker(boot, { ...options, eval: true });
  }
  const built = join(projectRoot(), 'out', 'main', `${name}.js`);
  return existsSync(built) ? new Worker(built, options) : null;
}
