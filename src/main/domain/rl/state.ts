/**
 * The alerts the agent learns from (a column store of typed arrays) and the state encoding the
 * networks read.
 *
 * State S_t = [y_i, ID(sig_i), N_i, C_i, B_i] (SPEC.md), encoded as:
 * - y_i: one-hot over the classes;
 * - ID(sig_i): signed feature hashing into `hashBuckets` buckets with `hashFunctions` hashes
 *   (each hash adds ±1 to one bucket), so the leaf id is an identity, never a magnitude;
 * - N_i: log1p(N) / log1p(maxN of the training set), in [0, 1] at the start (N grows online);
 * - C_i: C / N (the signature's training accuracy; 0 when N = 0);
 * - B_i: the Beta posterior mean, as is.
 * State augmentation (PPO-KG) appends S'_t = [S_t, A_LLM one-hot (actions), R_LLM / 5].
 */

import type { CountPrior, LiveCounts } from './online';

/** One row per alert: the detector's view of the flow, its true class, and optional advice. */
export interface AlertSet {
  /** Number of rows. */
  size: number;
  /** Predicted class index into classNames (y_i). */
  predicted: Int16Array;
  /** Signature (leaf) id of the detector. */
  signature: Int32Array;
  /** Flows the signature matched (N_i). */
  n: Float32Array;
  /** Flows the signature classified correctly (C_i). */
  c: Float32Array;
  /** Beta posterior mean of the signature (B_i). */
  b: Float32Array;
  /** True class index into classNames (reward only; never part of the state). */
  trueClass: Int16Array;
  /** Class names, in index order. */
  classNames: string[];
  /** Reward of (class, action), row-major [class * numActions + action] (catalogue.rewardTable). */
  rewardTable: Float32Array;
  /** Actions in the catalogue (15). */
  numActions: number;
  /** Advised action A_LLM per row. */
  adviceAction?: Int32Array;
  /** Historical reward R_LLM of the advised action per row. */
  adviceReward?: Float32Array;
  /** π_LLM per row: rows × numActions, each row summing to 1. */
  adviceDist?: Float32Array;
  /** The detector's Beta prior, for B as N and C grow during training. Default Beta(1, 1). */
  betaPrior?: CountPrior;
}

/** What fixes the encoding (saved with a policy so new alerts encode the same way). */
export interface EncoderSpec {
  numClasses: number;
  numActions: number;
  /** Buckets of the signature hash. Default 32. */
  hashBuckets: number;
  /** Hash functions per signature (each adds ±1 to one bucket). Default 2. */
  hashFunctions: number;
  /** log1p of the largest N in the training set (scales N into [0, 1]). */
  logMaxN: number;
  /** Append A_LLM one-hot and R_LLM / 5 (state augmentation). */
  augment: boolean;
}

/** Width of an encoded state. */
export function stateDim(spec: EncoderSpec): number {
  const base = spec.numClasses + spec.hashBuckets + 3;
  return spec.augment ? base + spec.numActions + 1 : base;
}

/** Build the encoder for a training set. */
export function makeEncoder(
  set: AlertSet,
  opts: { hashBuckets?: number; hashFunctions?: number; augment?: boolean } = {},
): EncoderSpec {
  let maxN = 0;
  for (let i = 0; i < set.size; i++) if (set.n[i]! > maxN) maxN = set.n[i]!;
  return {
    numClasses: set.classNames.length,
    numActions: set.numActions,
    hashBuckets: opts.hashBuckets ?? 32,
    hashFunctions: opts.hashFunctions ?? 2,
    logMaxN: Math.log1p(Math.max(1, maxN)),
    augment: opts.augment ?? false,
  };
}

/** murmur3's 32-bit finaliser: a cheap, well-mixed integer hash. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The (bucket, sign) of hash function k for a signature id. */
export function signatureHash(id: number, k: number, buckets: number): [number, number] {
  const h = fmix32((id ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  return [(h & 0x7fffffff) % buckets, h >>> 31 ? -1 : 1];
}

/**
 * Encode the given rows into a fresh (or the given) rows × stateDim Float32Array; `live` gives
 * each encoded row's N, C, B when they differ from the set's (online counts).
 */
export function encodeStates(
  spec: EncoderSpec,
  set: AlertSet,
  indices: ArrayLike<number>,
  out?: Float32Array,
  live?: LiveCounts,
): Float32Array {
  const dim = stateDim(spec);
  const x = out ?? new Float32Array(indices.length * dim);
  x.fill(0, 0, indices.length * dim);
  if (spec.augment && (!set.adviceAction || !set.adviceReward))
    throw new Error('state augmentation needs adviceAction and adviceReward on the alert set');
  const hashOff = spec.numClasses;
  const numOff = hashOff + spec.hashBuckets;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    const o = r * dim;
    const y = set.predicted[i]!;
    if (y >= 0 && y < spec.numClasses) x[o + y] = 1;
    for (let k = 0; k < spec.hashFunctions; k++) {
      const [bucket, sign] = signatureHash(set.signature[i]!, k, spec.hashBuckets);
      x[o + hashOff + bucket] = x[o + hashOff + bucket]! + sign;
    }
    const n = live ? live.n[r]! : set.n[i]!;
    x[o + numOff] = Math.log1p(Math.max(0, n)) / spec.logMaxN;
    x[o + numOff + 1] = n > 0 ? (live ? live.c[r]! : set.c[i]!) / n : 0;
    x[o + numOff + 2] = live ? live.b[r]! : set.b[i]!;
    if (spec.augment) {
      const a = set.adviceAction![i]!;
      if (a >= 0 && a < spec.numActions) x[o + numOff + 3 + a] = 1;
      x[o + numOff + 3 + spec.numActions] = set.adviceReward![i]! / 5;
    }
  }
  return x;
}
