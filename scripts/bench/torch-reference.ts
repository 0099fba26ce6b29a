/**
 * The PyTorch side of the RL benchmark (issue 16): writes an AlertSet and Rampart's RL config to a
 * temp dir, runs scripts/bench/ppo_reference.py on it (a CleanRL-style PyTorch PPO, PPO-KG and DL
 * baseline of the same problem) and returns its result, or why it was skipped.
 *
 * Python: $PYTHON when set (only that one), else the first of `python3` and /usr/bin/python3 that
 * imports torch (a pyenv or venv python3 often lacks the system's python3-torch). The child
 * inherits this process's CPU affinity, and torch, OpenMP and the BLAS get `cores` threads.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_RL_CONFIG, type Method, type RlConfig } from '../../src/main/domain/rl/config';
import type { AlertSet } from '../../src/main/domain/rl/state';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'ppo_reference.py');

/** What to run. */
export interface TorchReferenceOptions {
  /** PPO episodes per method (as Rampart's `train(..., { episodes })`). */
  episodes: number;
  seed: number;
  /** Threads for torch / OpenMP / BLAS. */
  cores: number;
  /** Methods to train. Default ppo, ppo-kg, dl. */
  methods?: Method[];
  /** Overrides of DEFAULT_RL_CONFIG. Default { dlEpochs: 1 }, as the bench's DL run. */
  config?: Partial<RlConfig>;
  /** Python interpreter; default $PYTHON, else python3 or /usr/bin/python3 with torch. */
  python?: string;
  /** Give up after this many ms. Default 30 minutes. */
  timeoutMs?: number;
}

/** One PPO method's result. */
export interface TorchPpoResult {
  episodes: number;
  episodesPerSecond: number;
  seconds: number;
  finalMeanReward: number;
}

/** What ppo_reference.py prints. */
export interface TorchReferenceResult {
  torch: string;
  numpy: string;
  python: string;
  /** Interpreter that ran it. */
  interpreter: string;
  threads: number;
  /** CPUs the child could run on (its affinity). */
  cpus: number[] | null;
  ppo?: TorchPpoResult;
  'ppo-kg'?: TorchPpoResult;
  dl?: { samplesPerSecond: number; seconds: number; accuracy: number };
}

export type TorchReference = TorchReferenceResult | { skipped: string };

/** The first interpreter that imports torch, or why none does. */
export function findTorchPython(explicit?: string): { python: string } | { skipped: string } {
  const chosen = explicit ?? process.env.PYTHON;
  const candidates = chosen ? [chosen] : ['python3', '/usr/bin/python3'];
  const why: string[] = [];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import numpy, torch'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return { python: py };
    const err = r.error
      ? r.error.message
      : (r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}`);
    why.push(`${py}: ${err}`);
  }
  return {
    skipped: `PyTorch not found (${why.join('; ')}); install it with apt-get install python3-torch or pip install torch`,
  };
}

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Write the set's columns (raw, little-endian) and meta.json for ppo_reference.py. */
export function writeReferenceInput(
  dir: string,
  set: AlertSet,
  meta: { episodes: number; seed: number; cores: number; methods: Method[]; config: RlConfig },
): void {
  const hasAdvice = Boolean(set.adviceAction && set.adviceReward && set.adviceDist);
  const cols: Record<string, ArrayBufferView | undefined> = {
    predicted: set.predicted,
    signature: set.signature,
    n: set.n,
    c: set.c,
    b: set.b,
    trueClass: set.trueClass,
    rewardTable: set.rewardTable,
    ...(hasAdvice
      ? {
          adviceAction: set.adviceAction,
          adviceReward: set.adviceReward,
          adviceDist: set.adviceDist,
        }
      : {}),
  };
  for (const [name, a] of Object.entries(cols))
    if (a) writeFileSync(join(dir, `${name}.bin`), bytes(a));
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({
      size: set.size,
      numClasses: set.classNames.length,
      numActions: set.numActions,
      hasAdvice,
      betaPrior: set.betaPrior ?? { alpha: 1, beta: 1 },
      ...meta,
    }),
  );
}

/**
 * Train the PyTorch reference on `set`; resolves to its result, or `{ skipped }` when python3,
 * numpy or torch is missing (a failing run rejects).
 */
export async function runTorchReference(
  set: AlertSet,
  opts: TorchReferenceOptions,
): Promise<TorchReference> {
  // Typed arrays are written in the platform's byte order; the reader expects little-endian.
  if (endianness() !== 'LE') return { skipped: 'the reference reads little-endian arrays' };
  const found = findTorchPython(opts.python);
  if ('skipped' in found) return found;
  const methods = opts.methods ?? ['ppo', 'ppo-kg', 'dl'];
  if (methods.some((m) => m !== 'dl' && m !== 'ppo') && !set.adviceDist)
    return { skipped: 'PPO-KG needs advice on the alert set' };
  const config: RlConfig = {
    ...DEFAULT_RL_CONFIG,
    hidden: [...DEFAULT_RL_CONFIG.hidden],
    dlEpochs: 1,
    ...opts.config,
    seed: opts.seed,
    episodes: opts.episodes,
  };
  const dir = mkdtempSync(join(tmpdir(), 'rampart-torch-ref-'));
  try {
    writeReferenceInput(dir, set, { ...opts, methods, config });
    const threads = String(opts.cores);
    const { stdout } = await promisify(execFile)(found.python, [SCRIPT, dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      timeout: opts.timeoutMs ?? 30 * 60_000,
      env: {
        ...process.env,
        OMP_NUM_THREADS: threads,
        MKL_NUM_THREADS: threads,
        OPENBLAS_NUM_THREADS: threads,
      },
    });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    const r = JSON.parse(line) as TorchReferenceResult | { skipped: string };
    return 'skipped' in r ? r : { ...r, interpreter: found.python };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
