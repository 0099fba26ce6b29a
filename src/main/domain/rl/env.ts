/**
 * The contextual bandit of SPEC.md: one-step episodes. An episode is one alert row; the agent
 * picks one of the catalogue's actions and earns the reward of (true class, action).
 */
import type { AlertSet } from './state';

/** The bandit over an alert set, stepped a whole batch at a time. */
export class BanditEnv {
  constructor(readonly set: AlertSet) {
    if (set.rewardTable.length !== set.classNames.length * set.numActions)
      throw new Error(
        `reward table has ${set.rewardTable.length} entries, expected ${set.classNames.length} classes × ${set.numActions} actions`,
      );
  }

  /** Rewards of taking actions[k] on row indices[k], for every k at once. */
  step(
    indices: ArrayLike<number>,
    actions: ArrayLike<number>,
    out = new Float32Array(indices.length),
  ): Float32Array {
    const { trueClass, rewardTable, numActions } = this.set;
    for (let k = 0; k < indices.length; k++) {
      const a = actions[k]!;
      if (a < 0 || a >= numActions) throw new RangeError(`action ${a} is not in the catalogue`);
      out[k] = rewardTable[trueClass[indices[k]!]! * numActions + a]!;
    }
    return out;
  }

  /** The best reward each row could earn (the upper bound of any policy). */
  optimal(indices: ArrayLike<number>): Float32Array {
    const { trueClass, rewardTable, numActions } = this.set;
    const out = new Float32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const row = trueClass[indices[k]!]! * numActions;
      let best = -Infinity;
      for (let a = 0; a < numActions; a++) best = Math.max(best, rewardTable[row + a]!);
      out[k] = best;
    }
    return out;
  }

  /** The highest-reward action of each class (the top-ranked mitigation; the DL target). */
  bestActions(): Int32Array {
    const { classNames, rewardTable, numActions } = this.set;
    const out = new Int32Array(classNames.length);
    for (let c = 0; c < classNames.length; c++) {
      let best = 0;
      for (let a = 1; a < numActions; a++)
        if (rewardTable[c * numActions + a]! > rewardTable[c * numActions + best]!) best = a;
      out[c] = best;
    }
    return out;
  }
}

/** Streams episode rows: each pass visits every row once, in a fresh seeded order. */
export class EpisodeSampler {
  private order: Uint32Array;
  private pos = 0;

  constructor(
    private readonly size: number,
    private readonly rand: () => number,
  ) {
    this.order = new Uint32Array(size);
    for (let i = 0; i < size; i++) this.order[i] = i;
    this.shuffle();
  }

  private shuffle(): void {
    const a = this.order;
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    this.pos = 0;
  }

  /** The next `count` episode rows. */
  next(count: number): Uint32Array {
    const out = new Uint32Array(count);
    for (let k = 0; k < count; k++) {
      if (this.pos >= this.size) this.shuffle();
      out[k] = this.order[this.pos++]!;
    }
    return out;
  }
}
