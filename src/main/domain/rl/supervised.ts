/**
 * Cross-entropy training of the actor network: behaviour cloning on the LLM's choices
 * (PPO-KG-PT's pre-training) and the supervised DL baseline (target: the true class's
 * top-ranked action).
 */
import * as tf from '@tensorflow/tfjs';
import { FastAdam, crossEntropyGrads } from './fast/learner';
import { FastMlp } from './fast/net';
import { tfNet, type Net } from './nets';
import { encodeStates, stateDim, type AlertSet, type EncoderSpec } from './state';

/** One epoch's result. */
export interface EpochStats {
  epoch: number;
  /** Mean cross-entropy over the epoch. */
  loss: number;
  /** Fraction of rows whose argmax matched the target during the epoch. */
  accuracy: number;
}

/** A supervised run: targets[i] is the wanted action of set row i. */
export interface SupervisedRun {
  actor: Net;
  encoder: EncoderSpec;
  set: AlertSet;
  targets: Int32Array;
  epochs: number;
  batch: number;
  learningRate: number;
  rand: () => number;
  onEpoch?: (s: EpochStats) => void;
  signal?: AbortSignal;
}

function shuffled(n: number, rand: () => number): Uint32Array {
  const a = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/**
 * The distinct states of a set's rows: supervised training reads the set's own N, C, B (they do
 * not move), so a state is fixed by (predicted class, signature, N, C, B) and, augmented, the
 * advice and its reward. ids[i] is row i's state; rep[id] a row that has it.
 */
export function distinctStates(
  set: AlertSet,
  augment: boolean,
): { ids: Int32Array; rep: number[] } {
  const ids = new Int32Array(set.size);
  const rep: number[] = [];
  const bySig = new Map<number, number[]>();
  const same = (i: number, j: number): boolean =>
    set.predicted[i] === set.predicted[j] &&
    set.n[i] === set.n[j] &&
    set.c[i] === set.c[j] &&
    set.b[i] === set.b[j] &&
    (!augment ||
      (set.adviceAction![i] === set.adviceAction![j] &&
        set.adviceReward![i] === set.adviceReward![j]));
  for (let i = 0; i < set.size; i++) {
    const sig = set.signature[i]!;
    let list = bySig.get(sig);
    if (!list) bySig.set(sig, (list = []));
    let id = -1;
    for (const k of list)
      if (same(rep[k]!, i)) {
        id = k;
        break;
      }
    if (id < 0) {
      id = rep.length;
      rep.push(i);
      list.push(id);
    }
    ids[i] = id;
  }
  return { ids, rep };
}

/**
 * The fused path's step: every distinct state is encoded once into the arena; a minibatch runs
 * the network once per distinct state in it (crossEntropyGrads: the same gradient as per row).
 */
class FastStep {
  private readonly x: number;
  private readonly table: number;
  private readonly d: number;
  private readonly adam: FastAdam;
  private readonly y: Int32Array;
  private readonly slot: Int32Array;
  private readonly ids: Int32Array;
  private readonly stamp: Int32Array;
  private readonly slotOf: Int32Array;
  private gen = 0;

  constructor(
    private readonly run: SupervisedRun,
    private readonly actor: FastMlp,
  ) {
    const a = actor.arena;
    const dim = stateDim(run.encoder);
    const { ids, rep } = distinctStates(run.set, run.encoder.augment);
    this.ids = ids;
    this.table = a.alloc(rep.length * dim);
    encodeStates(run.encoder, run.set, rep, a.view(this.table, rep.length * dim));
    this.stamp = new Int32Array(rep.length).fill(-1);
    this.slotOf = new Int32Array(rep.length);
    this.x = a.alloc(run.batch * dim);
    this.d = a.alloc(run.batch * run.set.numActions);
    // tf.train.adam(lr) with the backend's float32 epsilon (1e-7), as the tfjs path uses.
    this.adam = new FastAdam(a, actor.params, actor.grads, actor.count, {
      lr: run.learningRate,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-7,
    });
    this.y = new Int32Array(run.batch);
    this.slot = new Int32Array(run.batch);
  }

  step(rows: Uint32Array): [number, number] {
    const { run, actor } = this;
    const dim = stateDim(run.encoder);
    const f = actor.arena.f32;
    const gen = ++this.gen;
    let unique = 0;
    for (let r = 0; r < rows.length; r++) {
      const id = this.ids[rows[r]!]!;
      if (this.stamp[id] !== gen) {
        this.stamp[id] = gen;
        this.slotOf[id] = unique;
        f.copyWithin(this.x + unique * dim, this.table + id * dim, this.table + id * dim + dim);
        unique++;
      }
      this.slot[r] = this.slotOf[id]!;
      this.y[r] = run.targets[rows[r]!]!;
    }
    const out = crossEntropyGrads(actor, this.x, unique, this.slot, this.y, rows.length, this.d);
    this.adam.step();
    return out;
  }
}

/** One Adam step on a minibatch; returns [summed loss, correct count]. */
function step(run: SupervisedRun, opt: tf.Optimizer, rows: Uint32Array): [number, number] {
  const actor = tfNet(run.actor);
  const dim = stateDim(run.encoder);
  const A = run.set.numActions;
  const x = tf.tensor2d(encodeStates(run.encoder, run.set, rows), [rows.length, dim]);
  const y = tf.tensor1d(
    Int32Array.from(rows, (i) => run.targets[i]!),
    'int32',
  );
  let pred: tf.Tensor | null = null;
  const loss = opt.minimize(
    () => {
      const logits = actor.forward(x);
      pred = tf.keep(tf.argMax(logits, 1));
      return tf.neg(
        tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(y, A)), 1)),
      ) as tf.Scalar;
    },
    true,
    actor.vars,
  )!;
  const p = pred as tf.Tensor | null;
  const correct = p ? tf.tidy(() => tf.sum(tf.cast(tf.equal(p, y), 'float32')).dataSync()[0]!) : 0;
  const l = loss.dataSync()[0]! * rows.length;
  tf.dispose([x, y, loss, ...(p ? [p] : [])]);
  return [l, correct];
}

/** Train the actor for `epochs` epochs; returns the last epoch's stats, or null if cancelled. */
export async function trainSupervised(run: SupervisedRun): Promise<EpochStats | null> {
  const fast = run.actor instanceof FastMlp ? new FastStep(run, run.actor) : null;
  const opt = fast ? null : tf.train.adam(run.learningRate);
  let last: EpochStats = { epoch: 0, loss: Number.NaN, accuracy: 0 };
  try {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const order = shuffled(run.set.size, run.rand);
      let loss = 0;
      let correct = 0;
      for (let s = 0; s < order.length; s += run.batch) {
        if (run.signal?.aborted) return null;
        const rows = order.subarray(s, s + run.batch);
        const [l, c] = fast ? fast.step(rows) : step(run, opt!, rows);
        loss += l;
        correct += c;
        if ((s / run.batch) % 64 === 63) await new Promise<void>((r) => setImmediate(r));
      }
      last = { epoch, loss: loss / order.length, accuracy: correct / order.length };
      run.onEpoch?.(last);
      await new Promise<void>((r) => setImmediate(r));
    }
    return last;
  } finally {
    opt?.dispose();
  }
}
