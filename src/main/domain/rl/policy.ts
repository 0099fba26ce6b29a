/**
 * Trained policies and their checkpoints. A policy answers for a batch of alert rows at once:
 * `probs` gives π(·|s) per row, `act` the greedy (or seeded sampled) action.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../random';
import type { Method, RlConfig } from './config';
import { FastMlp } from './fast/net';
import type { MlpWeights } from './network';
import { makeNets, tfNet, type Net } from './nets';
import { softmaxRows } from './ppo';
import { encodeStates, stateDim, type AlertSet, type EncoderSpec } from './state';

/** Rows per forward pass when acting on a large set. */
const CHUNK = 8192;

/** A decision rule over alert rows. */
export interface Policy {
  readonly method: Method;
  readonly numActions: number;
  /** π(·|s) for the rows (default all): rows × numActions, row-major. */
  probs(set: AlertSet, indices?: ArrayLike<number>): Float32Array;
  /** One action per row: the most probable (greedy) or one sampled with `seed`. */
  act(set: AlertSet, greedy?: boolean, indices?: ArrayLike<number>, seed?: number): Int32Array;
  /** Free any tensors. */
  dispose(): void;
}

/** Where a training run stands (for resuming). */
export interface TrainProgressState {
  episodes: number;
  totalEpisodes: number;
  updates: number;
  /** Behaviour cloning already done (PPO-KG-PT does not repeat it on resume). */
  pretrained: boolean;
}

function allRows(set: AlertSet, indices?: ArrayLike<number>): ArrayLike<number> {
  if (indices) return indices;
  const all = new Uint32Array(set.size);
  for (let i = 0; i < set.size; i++) all[i] = i;
  return all;
}

/** Greedy argmax, or a seeded categorical draw, per row of `p`. */
export function chooseActions(
  p: Float32Array,
  numActions: number,
  greedy: boolean,
  seed = 0,
): Int32Array {
  const rows = p.length / numActions;
  const out = new Int32Array(rows);
  const rand = greedy ? null : mulberry32(seed);
  for (let r = 0; r < rows; r++) {
    const o = r * numActions;
    let pick = 0;
    if (rand) {
      let u = rand();
      pick = numActions - 1;
      for (let a = 0; a < numActions; a++) {
        u -= p[o + a]!;
        if (u < 0) {
          pick = a;
          break;
        }
      }
    } else {
      for (let a = 1; a < numActions; a++) if (p[o + a]! > p[o + pick]!) pick = a;
    }
    out[r] = pick;
  }
  return out;
}

/** A policy network (the actor) with its state encoder; PPO methods keep their critic too. */
export class NetPolicy implements Policy {
  readonly numActions: number;

  constructor(
    readonly method: Method,
    readonly encoder: EncoderSpec,
    readonly actor: Net,
    readonly critic: Net | null,
    readonly config: RlConfig,
    public progress: TrainProgressState,
  ) {
    this.numActions = encoder.numActions;
  }

  probs(set: AlertSet, indices?: ArrayLike<number>): Float32Array {
    const rows = allRows(set, indices);
    const A = this.numActions;
    const dim = stateDim(this.encoder);
    const out = new Float32Array(rows.length * A);
    const buf = new Float32Array(Math.min(CHUNK, rows.length) * dim);
    for (let s = 0; s < rows.length; s += CHUNK) {
      const idx = Array.prototype.slice.call(rows, s, s + CHUNK) as number[];
      const x = encodeStates(this.encoder, set, idx, buf).subarray(0, idx.length * dim);
      if (this.actor instanceof FastMlp) {
        out.set(softmaxRows(this.actor.predict(x, idx.length), A), s * A);
        continue;
      }
      const actor = tfNet(this.actor);
      const p = tf.tidy(() => tf.softmax(actor.forward(tf.tensor2d(x, [idx.length, dim]))));
      out.set(p.dataSync(), s * A);
      p.dispose();
    }
    return out;
  }

  act(
    set: AlertSet,
    greedy = true,
    indices?: ArrayLike<number>,
    seed = this.config.seed,
  ): Int32Array {
    return chooseActions(this.probs(set, indices), this.numActions, greedy, seed);
  }

  dispose(): void {
    this.actor.dispose();
    this.critic?.dispose();
  }
}

/** LLM-KG: no learning, act on the advice (π = adviceDist). */
export class AdvicePolicy implements Policy {
  readonly method: Method = 'llm-kg';
  constructor(readonly numActions: number) {}

  probs(set: AlertSet, indices?: ArrayLike<number>): Float32Array {
    const rows = allRows(set, indices);
    const A = this.numActions;
    const out = new Float32Array(rows.length * A);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      if (set.adviceDist) out.set(set.adviceDist.subarray(i * A, i * A + A), r * A);
      else if (set.adviceAction) out[r * A + set.adviceAction[i]!] = 1;
      else throw new Error('the llm-kg policy needs adviceAction or adviceDist on the alert set');
    }
    return out;
  }

  act(set: AlertSet, greedy = true, indices?: ArrayLike<number>, seed = 0): Int32Array {
    if (greedy && set.adviceAction) {
      const rows = allRows(set, indices);
      return Int32Array.from(rows, (i) => set.adviceAction![i]!);
    }
    return chooseActions(this.probs(set, indices), this.numActions, greedy, seed);
  }

  dispose(): void {}
}

/** An MLP's weights as JSON: float32 little-endian bytes in base64. */
export interface SerializedMlp {
  sizes: number[];
  activation: MlpWeights['activation'];
  params: string[];
}

/** A JSON-serialisable policy: weights, encoder, config and training progress. */
export interface PolicyCheckpoint {
  format: 'rampart-rl-policy';
  version: 1;
  method: Method;
  numActions: number;
  encoder: EncoderSpec | null;
  actor: SerializedMlp | null;
  critic: SerializedMlp | null;
  config: RlConfig | null;
  progress: TrainProgressState | null;
}

function packMlp(w: MlpWeights): SerializedMlp {
  const params = w.params.map((p) =>
    Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('base64'),
  );
  return { sizes: w.sizes, activation: w.activation, params };
}

function unpackMlp(s: SerializedMlp): MlpWeights {
  const params = s.params.map((b64) => {
    const bytes = Buffer.from(b64, 'base64');
    const copy = new Uint8Array(bytes); // aligned copy
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  });
  return { sizes: s.sizes, activation: s.activation, params };
}

/** Checkpoint a policy (JSON-serialisable). */
export function save(policy: Policy): PolicyCheckpoint {
  const base = {
    format: 'rampart-rl-policy',
    version: 1,
    method: policy.method,
    numActions: policy.numActions,
  } as const;
  if (!(policy instanceof NetPolicy))
    return { ...base, encoder: null, actor: null, critic: null, config: null, progress: null };
  return {
    ...base,
    encoder: { ...policy.encoder },
    actor: packMlp(policy.actor.weights()),
    critic: policy.critic ? packMlp(policy.critic.weights()) : null,
    config: { ...policy.config, hidden: [...policy.config.hidden] },
    progress: { ...policy.progress },
  };
}

/** Rebuild a policy from a checkpoint (its networks on the active learner: fused or tfjs). */
export function load(ckpt: PolicyCheckpoint): Policy {
  if (ckpt.format !== 'rampart-rl-policy' || ckpt.version !== 1)
    throw new Error(
      `not a Rampart RL policy checkpoint (format ${String(ckpt.format)}, version ${String(ckpt.version)})`,
    );
  if (!ckpt.actor) return new AdvicePolicy(ckpt.numActions);
  if (!ckpt.encoder || !ckpt.config || !ckpt.progress)
    throw new Error('policy checkpoint lacks its encoder, config or progress');
  const [actor, critic = null] = makeNets(
    ckpt.critic ? [unpackMlp(ckpt.actor), unpackMlp(ckpt.critic)] : [unpackMlp(ckpt.actor)],
  );
  return new NetPolicy(
    ckpt.method,
    { ...ckpt.encoder },
    actor!,
    critic,
    { ...ckpt.config },
    { ...ckpt.progress },
  );
}
