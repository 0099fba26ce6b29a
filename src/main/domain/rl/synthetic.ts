/**
 * Seeded synthetic alert sets for tests and benchmarks: a detector with a given accuracy whose
 * errors concentrate in a few "bad" signatures, and advice that names the predicted class's best
 * action with a given probability.
 */
import { mulberry32 } from '../random';
import { bestAction, loadCatalogue, rewardTable, type Catalogue } from '../catalogue/catalogue';
import type { AlertSet } from './state';

/** Shape of a synthetic set. */
export interface SyntheticOptions {
  /** Rows. Default 1000. */
  rows: number;
  /** Class names (must be ranked in the catalogue). Default Benign, PortScan, Web. */
  classNames: string[];
  /** Seed. Default 7. */
  seed: number;
  /** Fraction of rows the detector gets right. Default 0.95. */
  accuracy: number;
  /** Signatures per class. Default 4. */
  signaturesPerClass: number;
  /** Probability that the advice is the predicted class's best action. Default 0.9. */
  adviceQuality: number;
  /** Catalogue. Default resources/mitigations.json. */
  catalogue?: Catalogue;
}

/** A synthetic alert set with advice arrays (adviceDist is the advice one-hot, 0.9/0.1 smoothed). */
export function syntheticAlertSet(opts: Partial<SyntheticOptions> = {}): AlertSet {
  const o: SyntheticOptions = {
    rows: 1000,
    classNames: ['Benign', 'PortScan', 'Web'],
    seed: 7,
    accuracy: 0.95,
    signaturesPerClass: 4,
    adviceQuality: 0.9,
    ...opts,
  };
  const cat = o.catalogue ?? loadCatalogue();
  const A = cat.actions.length;
  const K = o.classNames.length;
  const best = o.classNames.map((c) => bestAction(cat, c));
  const table = rewardTable(cat, o.classNames);
  const rand = mulberry32(o.seed);
  const set: AlertSet = {
    size: o.rows,
    predicted: new Int16Array(o.rows),
    signature: new Int32Array(o.rows),
    n: new Float32Array(o.rows),
    c: new Float32Array(o.rows),
    b: new Float32Array(o.rows),
    trueClass: new Int16Array(o.rows),
    classNames: [...o.classNames],
    rewardTable: table,
    numActions: A,
    adviceAction: new Int32Array(o.rows),
    adviceReward: new Float32Array(o.rows),
    adviceDist: new Float32Array(o.rows * A),
  };
  for (let i = 0; i < o.rows; i++) {
    const t = Math.floor(rand() * K);
    const right = rand() < o.accuracy;
    const y = right ? t : (t + 1 + Math.floor(rand() * (K - 1))) % K;
    // Right predictions use the class's good signatures; wrong ones its last ("bad") signature.
    const k = right
      ? Math.floor(rand() * Math.max(1, o.signaturesPerClass - 1))
      : o.signaturesPerClass - 1;
    const sig = 1000 + y * 100 + k;
    const n = right ? 5000 : 300;
    const c = right ? 4900 : 150;
    const a = rand() < o.adviceQuality ? best[y]! : Math.floor(rand() * A);
    set.trueClass[i] = t;
    set.predicted[i] = y;
    set.signature[i] = sig;
    set.n[i] = n;
    set.c[i] = c;
    set.b[i] = (1 + c) / (2 + n);
    set.adviceAction![i] = a;
    set.adviceReward![i] = table[y * A + a]!;
    for (let j = 0; j < A; j++) set.adviceDist![i * A + j] = j === a ? 0.9 : 0.1 / (A - 1);
  }
  return set;
}
